// Time points and the text forms gmseal meets: DER GeneralizedTime/UTCTime, ISO 8601 on the
// command line, and "yyyy-MM-dd HH:mm:ss" Beijing time (UTC+8) on the provincial wire.
// Internally everything is UTC seconds.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "util/error.h"

namespace gmseal {

using Time = std::chrono::sys_seconds;

Time now();
Time from_unix(std::int64_t seconds);
std::int64_t to_unix(Time t);

// "YYYYMMDDHHMMSSZ" (the canonical DER form).
std::string format_generalized_time(Time t);
// Lenient: fractional seconds, missing 'Z' (taken as UTC), "+hhmm"/"-hhmm" offsets.
Result<Time> parse_generalized_time(std::string_view text);
// "YYMMDDHHMMSSZ" (RFC 5280 pivot: YY < 50 is 20YY), also without seconds or with offsets.
Result<Time> parse_utc_time(std::string_view text);

// "2024-01-02T03:04:05Z".
std::string format_iso8601(Time t);
// Command-line times: ISO 8601 with 'T' or space, optional 'Z' or offset (UTC when absent),
// a date alone (midnight UTC), or GeneralizedTime.
Result<Time> parse_time_argument(std::string_view text);

// "yyyy-MM-dd HH:mm:ss" in Beijing time (UTC+8), as the provincial specification's tables use.
std::string format_beijing_time(Time t);
Result<Time> parse_beijing_time(std::string_view text);

}  // namespace gmseal
