// Serialising JSON that may carry bytes from outside (names in a PDF or a seal, error messages
// quoting input, vendor fields): nlohmann's dump() throws on invalid UTF-8, so every dump in
// gmseal goes through here and replaces such bytes with U+FFFD instead.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace gmseal {

// Compact when indent < 0, otherwise pretty-printed with that many spaces. Never throws for
// encoding reasons.
std::string json_text(const nlohmann::json& value, int indent = -1);

}  // namespace gmseal
