// Lenient field readers shared by the seal and signature parsers (ses-formats.md §2: accept the
// vendor variants, report structural errors with a ses.* code and the field's dotted name).
#pragma once

#include <string>
#include <vector>

#include "ses/seal_info.h"
#include "util/der.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::ses::internal {

// Re-labels a der.* error as `code` (ses.seal.malformed / ses.signature.malformed) for `field`,
// keeping the reader's message (it carries the offset).
Error malformed(const std::string& code, const std::string& field, const Error& cause);
Error malformed(const std::string& code, const std::string& field, const std::string& why);

// The outermost SEQUENCE of a seal or signature, which has 2 (GM/T 0031-2014 v1), 4 (GB/T 38540)
// or 5 (v5) elements; `*count` receives the number. `versions` names them for the error.
Result<der::Element> outer_sequence(ByteView der, const std::string& code, const std::string& field,
                                    const std::string& versions, std::size_t* count);

// Reads the next element of `reader` as `field`; a missing element is an error.
Result<der::Element> next_element(der::Reader& reader, const std::string& code,
                                  const std::string& field);
// Requires `tag` for the next element.
Result<der::Element> expect_element(der::Reader& reader, std::uint8_t tag, const std::string& code,
                                    const std::string& field);

// Any of the character string types (IA5, UTF8, Printable, Visible, T61, BMP as raw bytes).
Result<std::string> read_text(const der::Element& e, const std::string& code,
                              const std::string& field);
Result<std::int64_t> read_int(const der::Element& e, const std::string& code,
                              const std::string& field);
// GeneralizedTime (with fractions, without 'Z') or UTCTime, whichever the tag says.
Result<Time> read_time(const der::Element& e, const std::string& code, const std::string& field);
// BIT STRING content (unused bits must be 0) or, leniently, OCTET STRING content.
Result<Bytes> read_bits_or_octets(const der::Element& e, const std::string& code,
                                  const std::string& field);
// ExtensionDatas: SEQUENCE OF ExtData with `critical` present or absent.
Result<std::vector<ExtData>> read_ext_datas(const der::Element& e, const std::string& code,
                                            const std::string& field);

// timeStamp [0] BIT STRING: EXPLICIT (A0 { 03 .. }), IMPLICIT (80 ..) or untagged (defined in
// seal.cc; used by seals and signatures).
Result<Bytes> parse_timestamp_field(const der::Element& e, const std::string& code,
                                    const std::string& field);

}  // namespace gmseal::ses::internal
