#include "validate/uscc.h"

#include <string>

namespace gmseal::validate {

namespace {
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// GB 32100-2015 §4: weight of position i is 3^i mod 31.
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
}  // namespace

char uscc_check_character(std::string_view first17) {
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    sum += static_cast<int>(kAlphabet.find(first17[i])) * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kAlphabet[static_cast<std::size_t>(check)];
}

Status check_uscc(std::string_view code, std::string_view field) {
  const std::string f(field);
  if (code.size() != 18) {
    return make_error(
        "validate.uscc.length",
        "unified social credit code must have 18 characters, got " + std::to_string(code.size()),
        f);
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (kAlphabet.find(code[i]) == std::string_view::npos) {
      return make_error("validate.uscc.character",
                        std::string("unified social credit code has an invalid character '") +
                            code[i] + "' at position " + std::to_string(i + 1) +
                            " (allowed: 0-9 and upper-case letters except I, O, S, V, Z)",
                        f);
    }
  }
  const char expected = uscc_check_character(code.substr(0, 17));
  if (code[17] != expected) {
    return make_error("validate.uscc.check_character",
                      std::string("unified social credit code check character is '") + code[17] +
                          "', the first 17 characters give '" + expected + "'",
                      f);
  }
  return {};
}

}  // namespace gmseal::validate
