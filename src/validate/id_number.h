// Resident identity card number (居民身份证号码, GB 11643-1999): 6-digit region, 8-digit birth
// date, 3-digit sequence, check character (0-9 or X, ISO 7064 MOD 11-2).
#pragma once

#include <string_view>

#include "util/error.h"

namespace gmseal::validate {

// Checks length, digits, birth date (a real date, not in the future) and the check character.
// Region prefix existence is checked separately (region codes). Errors (field = `field`):
// validate.id_number.length, .character, .birth_date, .check_character.
Status check_id_number(std::string_view number, std::string_view field = "idNumber");

char id_number_check_character(std::string_view first17);

}  // namespace gmseal::validate
