#include "ofd/path.h"

#include <vector>

namespace gmseal::ofd {

Result<std::string> resolve_loc(std::string_view loc, std::string_view base_dir) {
  std::size_t begin = 0;
  std::size_t end = loc.size();
  while (begin < end &&
         (loc[begin] == ' ' || loc[begin] == '\t' || loc[begin] == '\r' || loc[begin] == '\n')) {
    ++begin;
  }
  while (end > begin && (loc[end - 1] == ' ' || loc[end - 1] == '\t' || loc[end - 1] == '\r' ||
                         loc[end - 1] == '\n')) {
    --end;
  }
  const std::string_view trimmed = loc.substr(begin, end - begin);
  if (trimmed.empty()) return make_error("ofd.path.empty", "empty package location");
  for (const char c : trimmed) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return make_error("ofd.path.bad_char", "package location contains a control character",
                        std::string(trimmed));
    }
  }

  std::string joined;
  const bool absolute = trimmed.front() == '/' || trimmed.front() == '\\';
  if (!absolute) {
    joined.assign(base_dir);
    joined += '/';
  }
  joined += trimmed;

  std::vector<std::string_view> segments;
  std::size_t pos = 0;
  while (pos <= joined.size()) {
    std::size_t next = joined.find_first_of("/\\", pos);
    if (next == std::string::npos) next = joined.size();
    const std::string_view segment(joined.data() + pos, next - pos);
    if (segment.empty() || segment == ".") {
      // "//" and "./" add nothing.
    } else if (segment == "..") {
      if (segments.empty()) {
        return make_error("ofd.path.escapes_root", "package location climbs above the package root",
                          std::string(trimmed));
      }
      segments.pop_back();
    } else {
      segments.push_back(segment);
    }
    pos = next + 1;
  }
  if (segments.empty()) {
    return make_error("ofd.path.empty", "package location names the root folder",
                      std::string(trimmed));
  }
  std::string out;
  for (const std::string_view segment : segments) {
    out += '/';
    out += segment;
  }
  return out;
}

std::string parent_dir(std::string_view canonical_path) {
  const std::size_t slash = canonical_path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(canonical_path.substr(0, slash));
}

std::string to_entry_name(std::string_view canonical_path) {
  while (!canonical_path.empty() && canonical_path.front() == '/') canonical_path.remove_prefix(1);
  return std::string(canonical_path);
}

}  // namespace gmseal::ofd
