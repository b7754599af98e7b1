// RFC 3161 §2.4.2 TimeStampResp:
//
//   TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }
//   PKIStatusInfo ::= SEQUENCE { status INTEGER, statusString SEQUENCE OF UTF8String OPTIONAL,
//                                failInfo BIT STRING OPTIONAL }
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::tsa {

enum PkiStatus : int {
  kGranted = 0,
  kGrantedWithMods = 1,
  kRejection = 2,
  kWaiting = 3,
  kRevocationWarning = 4,
  kRevocationNotification = 5,
};

// PKIFailureInfo bit numbers.
enum FailureBit : int {
  kBadAlg = 0,
  kBadRequest = 2,
  kBadDataFormat = 5,
  kTimeNotAvailable = 14,
  kUnacceptedPolicy = 15,
  kUnacceptedExtension = 16,
  kAddInfoNotAvailable = 17,
  kSystemFailure = 25,
};

std::string_view status_name(int status);        // "granted", "rejection", ...
std::string_view failure_name(int failure_bit);  // "badAlg", ...

struct TimeStampResponse {
  int status = kRejection;
  std::vector<std::string> status_strings;
  std::optional<int> failure_bit;  // the lowest bit set in failInfo
  std::optional<ByteView> token;   // the ContentInfo, aliasing the parsed buffer
};

Bytes build_granted_response(ByteView token);
Bytes build_rejection(FailureBit failure, std::string_view text);

// Errors: tsa.response.malformed (what and where).
Result<TimeStampResponse> parse_response(ByteView der);

}  // namespace gmseal::tsa
