// Named platform settings and bookmarks (table `settings`), read and written inside the
// caller's transaction.
#pragma once

#include <optional>
#include <string>

#include "service/store/soci.h"

namespace gmseal::service {

std::optional<std::string> read_setting(soci::session& sql, const std::string& name);
void write_setting(soci::session& sql, const std::string& name, const std::string& value);

}  // namespace gmseal::service
