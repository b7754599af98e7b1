#include "validate/region_code.h"

#include "util/file_io.h"

namespace gmseal::validate {

namespace internal {
extern const std::string_view kEmbeddedRegionCodes;
}

namespace {
bool all_digits(std::string_view text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}
}  // namespace

const RegionCodes& RegionCodes::builtin() {
  // The embedded list is part of the build; failing to parse it is a build defect.
  static const RegionCodes codes = [] {
    auto parsed = parse(internal::kEmbeddedRegionCodes);
    if (!parsed.ok()) std::abort();
    return std::move(parsed).value();
  }();
  return codes;
}

Result<RegionCodes> RegionCodes::parse(std::string_view tsv) {
  RegionCodes codes;
  std::size_t line_number = 0;
  while (!tsv.empty()) {
    const std::size_t end = tsv.find('\n');
    std::string_view line = tsv.substr(0, end);
    tsv = end == std::string_view::npos ? std::string_view{} : tsv.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() == '#') {
      codes.source_.append(line.substr(1)).push_back('\n');
      continue;
    }
    const std::size_t tab = line.find('\t');
    const std::string_view code = line.substr(0, tab);
    if (tab == std::string_view::npos || code.size() != 6 || !all_digits(code)) {
      return make_error(
          "validate.region.bad_list",
          "region list line " + std::to_string(line_number) + " is not `six-digit code<TAB>name`");
    }
    codes.names_.emplace(std::string(code), std::string(line.substr(tab + 1)));
  }
  if (codes.names_.empty()) {
    return make_error("validate.region.bad_list", "region list holds no codes");
  }
  return codes;
}

Result<RegionCodes> RegionCodes::load(const std::filesystem::path& path) {
  GMSEAL_ASSIGN_OR_RETURN(const std::string text, read_text_file(path));
  return parse(text);
}

bool RegionCodes::contains(std::string_view code) const {
  return names_.find(code) != names_.end();
}

std::optional<std::string> RegionCodes::name(std::string_view code) const {
  const auto it = names_.find(code);
  if (it == names_.end()) return std::nullopt;
  return it->second;
}

Status check_region_code_format(std::string_view code, std::string_view field) {
  if (code.size() != 6 || !all_digits(code)) {
    return make_error("validate.region.format",
                      "region code must be six digits (GB/T 2260), got '" + std::string(code) + "'",
                      std::string(field));
  }
  const int province = (code[0] - '0') * 10 + (code[1] - '0');
  const bool mainland = province >= 11 && province <= 65;
  if (!mainland && province != 71 && province != 81 && province != 82) {
    return make_error("validate.region.format",
                      "region code '" + std::string(code) + "' has no valid province prefix (" +
                          std::string(code.substr(0, 2)) + ")",
                      std::string(field));
  }
  return {};
}

Status check_region_code(std::string_view code, const RegionCodes& codes, std::string_view field) {
  GMSEAL_RETURN_IF_ERROR(check_region_code_format(code, field));
  if (!codes.contains(code)) {
    return make_error("validate.region.unknown",
                      "region code '" + std::string(code) + "' is not in the GB/T 2260 list",
                      std::string(field));
  }
  return {};
}

}  // namespace gmseal::validate
