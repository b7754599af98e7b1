// GM/T 0016 SAR_* and GM/T 0018 SDR_* return codes as gmseal errors.
//
// Every code the standards define has a stable gmseal error code (keys.skf.* / keys.sdf.*) and
// an explanation; the message names the function that failed, the standard's constant and its
// value, e.g. "SKF_VerifyPIN returned SAR_PIN_INCORRECT (0x0A000024): the PIN is wrong".
// Unknown vendor codes become keys.skf.vendor_error / keys.sdf.vendor_error with the value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.h"

namespace gmseal::keys {

// Error for a non-zero SKF return value; `context` (optional) says what was being done.
Error skf_error(std::uint32_t code, std::string_view function, std::string_view context = {});
Error sdf_error(std::uint32_t code, std::string_view function, std::string_view context = {});

// "SAR_PIN_INCORRECT" / "SDR_KEYNOTEXIST", or empty when the value is not in the standard.
std::string_view skf_code_name(std::uint32_t code);
std::string_view sdf_code_name(std::uint32_t code);

// The SAR/SDR value a gmseal error code stands for (used by the software tokens to answer the
// C ABI); SAR_FAIL / SDR_UNKNOWERR when there is no closer code.
std::uint32_t skf_code_for(std::string_view gmseal_code);
std::uint32_t sdf_code_for(std::string_view gmseal_code);

}  // namespace gmseal::keys
