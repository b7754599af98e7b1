// Valid application bodies and seal images for the server tests.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "util/bytes.h"

namespace gmseal::testing {

// A 2-colour palette PNG at 600 DPI (a red ring on transparent), well under 25 KB.
Bytes sample_seal_png(unsigned size_px = 472, unsigned dpi = 600);

// A valid unified social credit code / ID number built from a 17-character stem.
std::string valid_uscc(const std::string& first17 = "91430102MA4L0T2T0");
std::string valid_id_number(const std::string& first17 = "43010219850315123");

// A complete "new" application that passes every rule.
nlohmann::json sample_new_application(const std::string& uscc = valid_uscc());

}  // namespace gmseal::testing
