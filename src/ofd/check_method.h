// References@CheckMethod (GB/T 33190-2016 §18.2.2): the digest over each referenced file.
//
// Seen in real files: "1.2.156.10197.1.401" (GOMAIN, KingGrid, AntChainGov), "SM3" (ofdrw,
// oesplugin), "1.2.156.10197.1.401.2" (dms360, ofdrw #192: GM/T 0006 "SM3 keyed" arcs, used as
// plain SM3 by every producer). The schema default is MD5; MD5, SHA-1 and SHA-256 are accepted
// but reported as weak (not the national algorithm).
#pragma once

#include <string>
#include <string_view>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::ofd {

enum class DigestAlgorithm { kSm3, kMd5, kSha1, kSha256 };

struct CheckMethod {
  DigestAlgorithm algorithm = DigestAlgorithm::kSm3;
  std::string name;   // "SM3", "MD5", "SHA-1", "SHA-256"
  bool weak = false;  // anything but SM3
};

// Errors: ofd.references.unknown_check_method (field = the text).
Result<CheckMethod> parse_check_method(std::string_view text);

Bytes compute_digest(DigestAlgorithm algorithm, ByteView data);

// The CheckMethod gmseal writes: SM3 by OID, as the vendors do.
inline constexpr std::string_view kSm3CheckMethod = "1.2.156.10197.1.401";

}  // namespace gmseal::ofd
