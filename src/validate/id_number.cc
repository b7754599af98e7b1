#include "validate/id_number.h"

#include <chrono>
#include <string>

namespace gmseal::validate {

char id_number_check_character(std::string_view first17) {
  // ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11.
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

Status check_id_number(std::string_view number, std::string_view field) {
  const std::string f(field);
  if (number.size() != 18) {
    return make_error("validate.id_number.length",
                      "ID number must have 18 characters, got " + std::to_string(number.size()), f);
  }
  for (std::size_t i = 0; i < 17; ++i) {
    if (number[i] < '0' || number[i] > '9') {
      return make_error("validate.id_number.character",
                        "ID number position " + std::to_string(i + 1) + " must be a digit", f);
    }
  }
  if (!((number[17] >= '0' && number[17] <= '9') || number[17] == 'X')) {
    return make_error("validate.id_number.character",
                      "ID number check character must be a digit or upper-case X", f);
  }
  const int year = std::stoi(std::string(number.substr(6, 4)));
  const unsigned month = static_cast<unsigned>(std::stoi(std::string(number.substr(10, 2))));
  const unsigned day = static_cast<unsigned>(std::stoi(std::string(number.substr(12, 2))));
  const std::chrono::year_month_day birth{std::chrono::year(year), std::chrono::month(month),
                                          std::chrono::day(day)};
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  if (!birth.ok() || year < 1800 || std::chrono::sys_days(birth) > today) {
    return make_error(
        "validate.id_number.birth_date",
        "ID number birth date " + std::string(number.substr(6, 8)) + " is not a valid past date",
        f);
  }
  const char expected = id_number_check_character(number.substr(0, 17));
  if (number[17] != expected) {
    return make_error("validate.id_number.check_character",
                      std::string("ID number check character is '") + number[17] +
                          "', the first 17 digits give '" + expected + "'",
                      f);
  }
  return {};
}

}  // namespace gmseal::validate
