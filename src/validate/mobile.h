// Mainland China mobile numbers: 11 digits `1[3-9]xxxxxxxxx` after removing spaces, hyphens and
// a +86 / 0086 / 86 country prefix. Segments are not whitelisted (new ones appear); 13-digit IoT
// numbers are not mobile numbers.
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace gmseal::validate {

// The 11-digit form of `number`. Errors (field = `field`): validate.mobile.format.
Result<std::string> normalize_mobile(std::string_view number, std::string_view field = "mobile");

Status check_mobile(std::string_view number, std::string_view field = "mobile");

}  // namespace gmseal::validate
