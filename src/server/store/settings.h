// Named platform settings and bookmarks (table `settings`), read and written inside the
// caller's transaction.
#pragma once

#include <optional>
#include <string>

#include "server/store/soci.h"

namespace gmseal::server {

std::optional<std::string> read_setting(soci::session& sql, const std::string& name);
void write_setting(soci::session& sql, const std::string& name, const std::string& value);

}  // namespace gmseal::server
