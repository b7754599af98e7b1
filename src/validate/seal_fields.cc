#include "validate/seal_fields.h"

#include <array>
#include <charconv>
#include <utility>

namespace gmseal::validate {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

Error field_error(std::string code, std::string message, std::string_view field) {
  return make_error(std::move(code), std::move(message), std::string(field));
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kCategories{{
    {"01", "电子法定名称章"},
    {"02", "电子财务专用章"},
    {"03", "电子发票专用章"},
    {"04", "电子合同专用章"},
    {"05", "电子名章"},
}};

}  // namespace

Status check_seal_category(std::string_view category) {
  if (!seal_category_name(category).empty()) return {};
  return field_error("validate.seal_category.unknown",
                     "seal category must be 01-05 (legal name, finance, invoice, contract, "
                     "personal name), got '" +
                         std::string(category) + "'",
                     "sealSpecificCategory");
}

std::string_view seal_category_name(std::string_view category) {
  for (const auto& [code, name] : kCategories) {
    if (code == category) return name;
  }
  return {};
}

Result<double> parse_seal_size(std::string_view text, std::string_view field) {
  // Digits, optionally one '.' and one fraction digit; no sign, no exponent, no spaces.
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  bool ok = !whole.empty() && whole.size() <= 3 &&
            (dot == std::string_view::npos || fraction.size() == 1);
  for (const char c : whole) ok = ok && is_digit(c);
  for (const char c : fraction) ok = ok && is_digit(c);
  if (!ok) {
    return field_error("validate.seal_size.format",
                       std::string(field) + " must be millimetres like 40 or 42.5, got '" +
                           std::string(text) + "'",
                       field);
  }
  int integral = 0;
  std::from_chars(whole.data(), whole.data() + whole.size(), integral);
  const double value = integral + (fraction.empty() ? 0.0 : (fraction[0] - '0') / 10.0);
  if (value < 10.0 || value > 100.0) {
    return field_error(
        "validate.seal_size.range",
        std::string(field) + " must be between 10 and 100 mm, got " + std::string(text), field);
  }
  return value;
}

Result<Time> parse_wire_time(std::string_view text, std::string_view field) {
  // parse_beijing_time is the one parser of the wire form; re-formatting must give the input
  // back, which rejects lenient variants (missing zero padding, 'T', fractions, offsets).
  auto parsed = parse_beijing_time(text);
  if (!parsed.ok() || format_beijing_time(*parsed) != text) {
    return field_error(
        "validate.time.format",
        std::string(field) + " must be 'yyyy-MM-dd HH:mm:ss', got '" + std::string(text) + "'",
        field);
  }
  return *parsed;
}

Status check_validity_period(std::string_view start, std::string_view end) {
  GMSEAL_ASSIGN_OR_RETURN(const Time from, parse_wire_time(start, "validStartTime"));
  GMSEAL_ASSIGN_OR_RETURN(const Time to, parse_wire_time(end, "validEndTime"));
  if (!(from < to)) {
    return field_error("validate.time.order",
                       "validEndTime (" + std::string(end) + ") must be after validStartTime (" +
                           std::string(start) + ")",
                       "validEndTime");
  }
  return {};
}

Status check_bak_type(std::string_view value) {
  if (value == "1" || value == "2") return {};
  return field_error("validate.bak_type.unknown",
                     "bakType must be 1 (new) or 2 (update), got '" + std::string(value) + "'",
                     "bakType");
}

Status check_seal_carrier(std::string_view value, std::string_view field) {
  if (value == "1" || value == "2") return {};
  return field_error(
      "validate.seal_carrier.unknown",
      std::string(field) + " must be 1 (UKey) or 2 (server), got '" + std::string(value) + "'",
      field);
}

Status check_local_or(std::string_view value) {
  if (value == "Y" || value == "N") return {};
  return field_error("validate.local_or.unknown",
                     "localOr must be Y (local) or N (filed), got '" + std::string(value) + "'",
                     "localOr");
}

Status check_seal_type(std::string_view value) {
  if (value == "PNG") return {};
  return field_error("validate.seal_type.unsupported",
                     "sealType must be PNG, got '" + std::string(value) + "'", "sealType");
}

Status check_org_code(std::string_view value, std::string_view registered) {
  if (value.empty()) {
    return field_error("validate.org_code.empty", "orgCode is empty", "orgCode");
  }
  if (value != registered) {
    return field_error("validate.org_code.mismatch",
                       "orgCode '" + std::string(value) +
                           "' differs from the registration package's '" + std::string(registered) +
                           "'",
                       "orgCode");
  }
  return {};
}

Status check_seal_name(std::string_view value) {
  if (value.empty())
    return field_error("validate.seal_name.empty", "sealName is empty", "sealName");
  if (value.size() > 160) {
    return field_error(
        "validate.seal_name.too_long",
        "sealName has " + std::to_string(value.size()) + " bytes, at most 160 are allowed",
        "sealName");
  }
  return {};
}

}  // namespace gmseal::validate
