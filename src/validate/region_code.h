// GB/T 2260 administrative division codes (行政区划代码): six digits PP CC DD, province level
// PP0000, prefecture level PPCC00. Used in seal codes (appendix 2 `sealNum`), USCC characters
// 3-8 and ID numbers 1-6.
//
// The built-in list is data/region-codes/gb2260.tsv (source and date in its header and README),
// embedded at build time. A RegionCodes is immutable after construction and safe to share
// between threads.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace gmseal::validate {

class RegionCodes {
 public:
  // The embedded list (parsed once, on first use).
  static const RegionCodes& builtin();
  // `code<TAB>name` lines; `#` starts a comment line (kept as the source description).
  // Errors: validate.region.bad_list (with the line number).
  static Result<RegionCodes> parse(std::string_view tsv);
  // Reads and parses a file of the same format. Errors: io.read_failed, validate.region.bad_list.
  static Result<RegionCodes> load(const std::filesystem::path& path);

  bool contains(std::string_view code) const;
  // The division's name, or nullopt when the code is not listed.
  std::optional<std::string> name(std::string_view code) const;
  std::size_t size() const { return names_.size(); }
  // The comment lines of the list (where it came from and when).
  const std::string& source() const { return source_; }

 private:
  std::map<std::string, std::string, std::less<>> names_;
  std::string source_;
};

// Six ASCII digits with a province prefix in 11-65, 71, 81 or 82. Errors (field = `field`):
// validate.region.format.
Status check_region_code_format(std::string_view code, std::string_view field = "regionCode");

// Format, then presence in `codes`. Errors: validate.region.format, validate.region.unknown.
Status check_region_code(std::string_view code, const RegionCodes& codes = RegionCodes::builtin(),
                         std::string_view field = "regionCode");

}  // namespace gmseal::validate
