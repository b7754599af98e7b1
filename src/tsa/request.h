// RFC 3161 §2.4.1 TimeStampReq, as `openssl ts -query` and iText build it:
//
//   TimeStampReq ::= SEQUENCE { version INTEGER (1),
//     messageImprint SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING },
//     reqPolicy OID OPTIONAL, nonce INTEGER OPTIONAL, certReq BOOLEAN DEFAULT FALSE,
//     extensions [0] IMPLICIT Extensions OPTIONAL }
#pragma once

#include <optional>
#include <string>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::tsa {

struct TimeStampRequest {
  int version = 1;
  std::string hash_oid;  // messageImprint.hashAlgorithm
  Bytes hashed_message;
  std::optional<std::string> policy;
  std::optional<Bytes> nonce;  // INTEGER content octets exactly as sent (echoed unchanged)
  bool cert_req = false;
  bool has_extensions = false;  // gmseal's TSA understands none, so it refuses them
};

// Parses a request. Errors: tsa.bad_data_format (not a DER TimeStampReq: what and at which
// offset), tsa.bad_request (well-formed but unacceptable: version, an empty nonce).
Result<TimeStampRequest> parse_request(ByteView der);

// DER of `request` (certReq written only when true, as DER requires for a DEFAULT).
Bytes build_request(const TimeStampRequest& request);

// A positive INTEGER's content octets for a nonce from random bytes (leading 0x00 added when
// the high bit is set).
Bytes nonce_from_random(ByteView random);

}  // namespace gmseal::tsa
