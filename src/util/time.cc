#include "util/time.h"

#include <cstdio>

namespace gmseal {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

Time now() { return std::chrono::floor<seconds>(std::chrono::system_clock::now()); }
Time from_unix(std::int64_t s) { return Time(seconds(s)); }
std::int64_t to_unix(Time t) { return t.time_since_epoch().count(); }

namespace {

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

Fields split(Time t) {
  const auto day_point = std::chrono::floor<days>(t);
  const std::chrono::year_month_day ymd{day_point};
  const std::chrono::hh_mm_ss hms{t - day_point};
  return Fields{static_cast<int>(ymd.year()),
                static_cast<int>(static_cast<unsigned>(ymd.month())),
                static_cast<int>(static_cast<unsigned>(ymd.day())),
                static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count())};
}

Result<Time> join(const Fields& f, std::string_view original) {
  const std::chrono::year_month_day ymd{std::chrono::year(f.year),
                                        std::chrono::month(static_cast<unsigned>(f.month)),
                                        std::chrono::day(static_cast<unsigned>(f.day))};
  if (!ymd.ok() || f.hour > 23 || f.minute > 59 || f.second > 60 || f.hour < 0 || f.minute < 0 ||
      f.second < 0) {
    return make_error("time.out_of_range",
                      "time '" + std::string(original) + "' is not a real date/time");
  }
  return Time(std::chrono::sys_days(ymd)) + hours(f.hour) + minutes(f.minute) + seconds(f.second);
}

bool digits(std::string_view text, std::size_t pos, std::size_t count, int* out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

Error bad_time(std::string_view text, const char* expected) {
  return make_error("time.bad_format",
                    "time '" + std::string(text) + "' is not in the expected form " + expected);
}

// Parses what may follow the seconds: fraction, then 'Z', an offset or nothing.
// Returns the offset to subtract, in seconds.
Result<int> parse_suffix(std::string_view text, std::size_t pos, const char* expected) {
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return bad_time(text, expected);
  }
  if (pos == text.size()) return 0;
  if (text[pos] == 'Z' && pos + 1 == text.size()) return 0;
  if (text[pos] == '+' || text[pos] == '-') {
    int hh = 0, mm = 0;
    std::size_t p = pos + 1;
    if (!digits(text, p, 2, &hh)) return bad_time(text, expected);
    p += 2;
    if (p < text.size() && text[p] == ':') ++p;
    if (!digits(text, p, 2, &mm) || p + 2 != text.size()) return bad_time(text, expected);
    const int offset = hh * 3600 + mm * 60;
    return text[pos] == '+' ? offset : -offset;
  }
  return bad_time(text, expected);
}

}  // namespace

std::string format_generalized_time(Time t) {
  const Fields f = split(t);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d%02d%02d%02d%02d%02dZ", f.year, f.month, f.day, f.hour,
                f.minute, f.second);
  return buffer;
}

Result<Time> parse_generalized_time(std::string_view text) {
  constexpr const char* kForm = "YYYYMMDDHHMMSS[.fff][Z|+hhmm]";
  Fields f;
  if (!digits(text, 0, 4, &f.year) || !digits(text, 4, 2, &f.month) ||
      !digits(text, 6, 2, &f.day) || !digits(text, 8, 2, &f.hour) ||
      !digits(text, 10, 2, &f.minute) || !digits(text, 12, 2, &f.second)) {
    return bad_time(text, kForm);
  }
  GMSEAL_ASSIGN_OR_RETURN(const int offset, parse_suffix(text, 14, kForm));
  GMSEAL_ASSIGN_OR_RETURN(const Time t, join(f, text));
  return t - seconds(offset);
}

Result<Time> parse_utc_time(std::string_view text) {
  constexpr const char* kForm = "YYMMDDHHMM[SS](Z|+hhmm)";
  Fields f;
  int yy = 0;
  if (!digits(text, 0, 2, &yy) || !digits(text, 2, 2, &f.month) || !digits(text, 4, 2, &f.day) ||
      !digits(text, 6, 2, &f.hour) || !digits(text, 8, 2, &f.minute)) {
    return bad_time(text, kForm);
  }
  std::size_t pos = 10;
  if (digits(text, 10, 2, &f.second)) pos = 12;
  f.year = yy < 50 ? 2000 + yy : 1900 + yy;
  GMSEAL_ASSIGN_OR_RETURN(const int offset, parse_suffix(text, pos, kForm));
  GMSEAL_ASSIGN_OR_RETURN(const Time t, join(f, text));
  return t - seconds(offset);
}

std::string format_iso8601(Time t) {
  const Fields f = split(t);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02dZ", f.year, f.month, f.day,
                f.hour, f.minute, f.second);
  return buffer;
}

Result<Time> parse_time_argument(std::string_view text) {
  constexpr const char* kForm = "YYYY-MM-DD[THH:MM:SS][Z|+hh:mm] or YYYYMMDDHHMMSSZ";
  if (text.size() >= 14 && text.find('-') == std::string_view::npos) {
    return parse_generalized_time(text);
  }
  Fields f;
  if (!digits(text, 0, 4, &f.year) || text.size() < 10 || text[4] != '-' ||
      !digits(text, 5, 2, &f.month) || text[7] != '-' || !digits(text, 8, 2, &f.day)) {
    return bad_time(text, kForm);
  }
  if (text.size() == 10) return join(f, text);
  if ((text[10] != 'T' && text[10] != ' ') || !digits(text, 11, 2, &f.hour) || text.size() < 19 ||
      text[13] != ':' || !digits(text, 14, 2, &f.minute) || text[16] != ':' ||
      !digits(text, 17, 2, &f.second)) {
    return bad_time(text, kForm);
  }
  GMSEAL_ASSIGN_OR_RETURN(const int offset, parse_suffix(text, 19, kForm));
  GMSEAL_ASSIGN_OR_RETURN(const Time t, join(f, text));
  return t - seconds(offset);
}

std::string format_beijing_time(Time t) {
  const Fields f = split(t + hours(8));
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d %02d:%02d:%02d", f.year, f.month, f.day,
                f.hour, f.minute, f.second);
  return buffer;
}

Result<Time> parse_beijing_time(std::string_view text) {
  constexpr const char* kForm = "yyyy-MM-dd HH:mm:ss";
  Fields f;
  if (text.size() != 19 || !digits(text, 0, 4, &f.year) || text[4] != '-' ||
      !digits(text, 5, 2, &f.month) || text[7] != '-' || !digits(text, 8, 2, &f.day) ||
      text[10] != ' ' || !digits(text, 11, 2, &f.hour) || text[13] != ':' ||
      !digits(text, 14, 2, &f.minute) || text[16] != ':' || !digits(text, 17, 2, &f.second)) {
    return bad_time(text, kForm);
  }
  GMSEAL_ASSIGN_OR_RETURN(const Time t, join(f, text));
  return t - hours(8);
}

}  // namespace gmseal
