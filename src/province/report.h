// `gmseal province report`: what connecting platforms sent to a --strict emulator and every
// rule they broke, per interface, from the store's request log.
#pragma once

#include <string>

#include "province/store.h"

namespace gmseal::province {

// The report as text. Long values (images, certificates, seals) are shortened to their first
// characters and length.
Result<std::string> strict_report(Store& store);

// `message` with every string over `limit` characters cut to "<first chars>... (N chars)".
std::string abbreviate_json(const std::string& body, std::size_t limit = 48);

}  // namespace gmseal::province
