// DER encoders for the structures gmseal builds by hand (registration and request packages, CMS
// SignedData); the rest is encoded with OpenSSL's templates. The reader is util/der.h.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "util/bytes.h"
#include "util/der.h"
#include "util/time.h"

namespace gmseal::der {

// The parts one after another (the content of a SEQUENCE).
Bytes concat(std::initializer_list<ByteView> parts);

// INTEGER in minimal two's complement.
Bytes encode_integer(std::int64_t value);

// OBJECT IDENTIFIER from dotted text. The OIDs are gmseal's own constants: text that is not
// dotted decimal with at least two arcs is a programming error and gives an empty OID.
Bytes encode_oid(std::string_view dotted);

// A string type (UTF8String, PrintableString, IA5String) holding `text` as is.
Bytes encode_text(std::uint8_t tag, std::string_view text);

// BIT STRING with no unused bits.
Bytes encode_bit_string(ByteView bits);

// GeneralizedTime "YYYYMMDDHHMMSSZ" (UTC, whole seconds).
Bytes encode_generalized_time(Time t);

}  // namespace gmseal::der
