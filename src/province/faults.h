// Faults the emulator injects on demand, for testing how a second-level platform copes
// (`gmseal province serve --fault SPEC`, repeatable). SPEC is KIND[=VALUE][@N]:
//   delay=MS        answer MS milliseconds late
//   5xx             answer HTTP 503 without processing the request
//   drop            process the request, then close the connection without a reply body
//   malformed       process the request, then answer a truncated JSON body
//   bad-signature   process the request, then answer with one signValue byte flipped
// @N applies the fault to every Nth request only (default: every request). Faults apply to
// the table interfaces and the status service, never to anything else.
#pragma once

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace gmseal::province {

enum class FaultKind { kDelay, k5xx, kDrop, kMalformed, kBadSignature };

struct FaultSpec {
  FaultKind kind = FaultKind::kDelay;
  int delay_ms = 0;
  int every = 1;
};

// Errors: province.fault.bad_spec.
Result<FaultSpec> parse_fault(std::string_view text);
std::string to_string(const FaultSpec& fault);

// The faults that apply to the request numbered `sequence` (1, 2, ...).
std::vector<FaultSpec> faults_for(const std::vector<FaultSpec>& faults, long long sequence);

}  // namespace gmseal::province
