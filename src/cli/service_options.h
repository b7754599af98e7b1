// Options both services take (gmseal server, gmseal signing serve).
#pragma once

#include <string>
#include <utility>

#include "util/error.h"

namespace gmseal::cli {

// "HOST:PORT" (port 0 = any free port). Errors: cli.usage.
Result<std::pair<std::string, int>> parse_listen(const std::string& text);

// The environment variable `name`, or `fallback` when unset.
std::string env_or(const char* name, const std::string& fallback = {});

}  // namespace gmseal::cli
