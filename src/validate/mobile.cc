#include "validate/mobile.h"

namespace gmseal::validate {

Result<std::string> normalize_mobile(std::string_view number, std::string_view field) {
  std::string digits;
  for (std::size_t i = 0; i < number.size(); ++i) {
    const char c = number[i];
    if (c == ' ' || c == '-') continue;
    if (c == '+' && digits.empty() && i + 2 < number.size() && number.substr(i + 1, 2) == "86") {
      continue;  // the '+' of +86; the digits are removed below with the 86 prefix
    }
    if (c < '0' || c > '9') {
      return make_error("validate.mobile.format",
                        "mobile number has an invalid character '" + std::string(1, c) + "'",
                        std::string(field));
    }
    digits.push_back(c);
  }
  if (digits.size() == 15 && digits.compare(0, 4, "0086") == 0) {
    digits.erase(0, 4);
  } else if (digits.size() == 13 && digits.compare(0, 2, "86") == 0) {
    digits.erase(0, 2);
  }
  if (digits.size() != 11 || digits[0] != '1' || digits[1] < '3') {
    return make_error("validate.mobile.format",
                      "mobile number must be 11 digits starting 13-19 (optionally +86), got '" +
                          std::string(number) + "'",
                      std::string(field));
  }
  return digits;
}

Status check_mobile(std::string_view number, std::string_view field) {
  GMSEAL_ASSIGN_OR_RETURN([[maybe_unused]] const std::string normalized,
                          normalize_mobile(number, field));
  return {};
}

}  // namespace gmseal::validate
