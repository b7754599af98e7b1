// The log of a gmseal service process (spdlog's default logger, which every module writes to):
// one line per record, UTC time, level, the service's name, the message.
//
//   2026-12-06T06:01:02.345Z info platform http method=GET route=/healthz status=200 ...
//
// --log-file PATH appends to PATH (flushed at every record, so a crash loses nothing); without
// it records go to stderr. --log-level trace|debug|info|warn|error|off (default info).
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace gmseal::net {

// The level names --log-level accepts, in order.
inline constexpr const char* kLogLevels[] = {"trace", "debug", "info", "warn", "error", "off"};

// Errors: net.log.bad_level, net.log.cannot_open (the file cannot be created or appended to).
Status configure_service_log(std::string_view service, const std::string& file,
                             const std::string& level);

}  // namespace gmseal::net
