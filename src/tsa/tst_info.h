// RFC 3161 §2.4.2 TSTInfo, the content a timestamp token signs:
//
//   TSTInfo ::= SEQUENCE { version INTEGER (1), policy OID, messageImprint MessageImprint,
//     serialNumber INTEGER, genTime GeneralizedTime,
//     accuracy SEQUENCE { seconds INTEGER OPTIONAL, millis [0] INTEGER OPTIONAL,
//                         micros [1] INTEGER OPTIONAL } OPTIONAL,
//     ordering BOOLEAN DEFAULT FALSE, nonce INTEGER OPTIONAL, tsa [0] GeneralName OPTIONAL,
//     extensions [1] IMPLICIT Extensions OPTIONAL }
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::tsa {

struct Accuracy {
  int seconds = 0;
  int millis = 0;
  int micros = 0;
  // "1s", "500ms", "1s 5ms 20us".
  std::string to_string() const;
  std::chrono::microseconds total() const;
};

// Accuracy from a total in milliseconds (seconds + millis; fields that are zero are omitted).
Accuracy accuracy_from_ms(int total_ms);

struct TstInfo {
  std::string policy;
  std::string hash_oid;
  Bytes hashed_message;
  Bytes serial;               // INTEGER content octets
  std::string gen_time_text;  // the GeneralizedTime as written (may carry fractions)
  Time gen_time{};            // whole seconds (fractions dropped)
  std::optional<Accuracy> accuracy;
  bool ordering = false;
  std::optional<Bytes> nonce;  // INTEGER content octets
  bool has_tsa_name = false;
  std::string serial_hex() const;  // lower-case, leading zeros dropped
};

// GeneralizedTime text for `t` with as many fraction digits as `fraction_digits` (0..6), trailing
// zeros and a bare dot dropped as RFC 3161 requires: "20261206023000.25Z".
std::string format_gen_time(std::chrono::system_clock::time_point t, int fraction_digits);

Bytes encode_tst_info(const TstInfo& info);

// Errors: tsa.token.bad_tst_info (what and where).
Result<TstInfo> parse_tst_info(ByteView der);

}  // namespace gmseal::tsa
