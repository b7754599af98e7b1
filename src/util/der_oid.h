// Encoding an OBJECT IDENTIFIER from its dotted text, for the places that build DER by hand
// (CMS SignedData, RFC 3161 requests and tokens). Kept apart from der.h, the reader.
#pragma once

#include <string_view>

#include "util/bytes.h"

namespace gmseal::der {

// Dotted text -> OBJECT IDENTIFIER TLV. For gmseal's own OID constants and OIDs already read
// from DER or checked by the caller: text that is not digits and dots yields whatever arcs it
// spells, never an error.
Bytes encode_oid(std::string_view dotted);

}  // namespace gmseal::der
