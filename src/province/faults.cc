#include "province/faults.h"

#include <charconv>

namespace gmseal::province {

namespace {
Error bad(std::string_view text, const std::string& why) {
  return make_error("province.fault.bad_spec",
                    "fault '" + std::string(text) + "': " + why +
                        " (use delay=MS, 5xx, drop, malformed or bad-signature, optionally @N)");
}

bool parse_positive(std::string_view text, int& out) {
  const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
  return result.ec == std::errc() && result.ptr == text.data() + text.size() && out > 0;
}
}  // namespace

Result<FaultSpec> parse_fault(std::string_view text) {
  FaultSpec spec;
  std::string_view rest = text;
  if (const auto at = rest.find('@'); at != std::string_view::npos) {
    if (!parse_positive(rest.substr(at + 1), spec.every)) return bad(text, "@N needs N >= 1");
    rest = rest.substr(0, at);
  }
  std::string_view value;
  if (const auto eq = rest.find('='); eq != std::string_view::npos) {
    value = rest.substr(eq + 1);
    rest = rest.substr(0, eq);
  }
  if (rest == "delay") {
    spec.kind = FaultKind::kDelay;
    if (!parse_positive(value, spec.delay_ms)) return bad(text, "delay needs =MS with MS >= 1");
    return spec;
  }
  if (!value.empty()) return bad(text, "only delay takes a value");
  if (rest == "5xx") {
    spec.kind = FaultKind::k5xx;
  } else if (rest == "drop") {
    spec.kind = FaultKind::kDrop;
  } else if (rest == "malformed") {
    spec.kind = FaultKind::kMalformed;
  } else if (rest == "bad-signature") {
    spec.kind = FaultKind::kBadSignature;
  } else {
    return bad(text, "unknown kind");
  }
  return spec;
}

std::string to_string(const FaultSpec& fault) {
  std::string out;
  switch (fault.kind) {
    case FaultKind::kDelay:
      out = "delay=" + std::to_string(fault.delay_ms);
      break;
    case FaultKind::k5xx:
      out = "5xx";
      break;
    case FaultKind::kDrop:
      out = "drop";
      break;
    case FaultKind::kMalformed:
      out = "malformed";
      break;
    case FaultKind::kBadSignature:
      out = "bad-signature";
      break;
  }
  if (fault.every != 1) out += "@" + std::to_string(fault.every);
  return out;
}

std::vector<FaultSpec> faults_for(const std::vector<FaultSpec>& faults, long long sequence) {
  std::vector<FaultSpec> out;
  for (const auto& fault : faults) {
    if (sequence % fault.every == 0) out.push_back(fault);
  }
  return out;
}

}  // namespace gmseal::province
