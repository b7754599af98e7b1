// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from the code
// alphabet 0-9 A-H J-N P-R T-U W-Y (no I, O, S, V, Z); the last is a check character.
#pragma once

#include <string_view>

#include "util/error.h"

namespace gmseal::validate {

// Errors (field = `field`): validate.uscc.length, validate.uscc.character,
// validate.uscc.check_character.
Status check_uscc(std::string_view code, std::string_view field = "uscc");

// The check character for the first 17 characters (precondition: valid alphabet).
char uscc_check_character(std::string_view first17);

}  // namespace gmseal::validate
