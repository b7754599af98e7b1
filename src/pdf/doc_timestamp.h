// Document timestamps in PDF (ISO 32000-2 §12.8.5, PAdES LTV): a signature dictionary of
// /Type /DocTimeStamp with /SubFilter /ETSI.RFC3161 whose /Contents is a bare RFC 3161 token;
// its imprint is the hash of the two ByteRange segments.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "crypto/cert_verify.h"
#include "ses/verify_report.h"
#include "util/bytes.h"
#include "util/time.h"

namespace gmseal::pdf {

inline constexpr std::string_view kDocTimeStampSubFilter = "ETSI.RFC3161";

// Room for a document timestamp's /Contents (container DER bytes, as SignOptions::reserve_bytes
// counts): the bare token, which carries the TSA certificate when asked. Twice the 4 KB a
// signature's own token gets (seal_document.h, kTimestampReserveBytes), since here the token is
// the whole container and TSAs send their chain.
inline constexpr std::size_t kDocTimeStampReserveBytes = 8192;

// The `timestamp` check of a document timestamp: the token in full (tsa/token_verify.h) with the
// imprint over the ByteRange segments of `file` (the hash the TSTInfo names), the TSA chain
// against `trust` at genTime when given. Returns genTime when it verified.
std::optional<Time> check_document_timestamp(ByteView file,
                                             const std::vector<std::int64_t>& byte_range,
                                             ByteView token,
                                             const std::optional<crypto::TrustStore>& trust,
                                             ses::VerifyReport& report);

}  // namespace gmseal::pdf
