// ses::VerifyReport: the outcome of a verification as a list of named checks. Shared by seal,
// signature, OFD and PDF verification (and rendered as JSON by verdict_json.h).
//
//   valid   = no check failed (warn and skip do not invalidate)
//   trusted = every certificate chain that was checked reached a trust anchor (false when no
//             trust store was given: real vendor files carry no chain, so they come out
//             valid but not trusted)
//
// Check names are stable identifiers (programs and tests branch on them, see kCheck* below);
// `detail` is a human sentence and may be reworded; `field` names the data concerned
// ("signedValue", "property.validEnd", ...). Not thread-safe while being filled.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gmseal::ses {

enum class CheckResult { kPass, kFail, kWarn, kSkip };
std::string_view to_string(CheckResult result);  // "pass" / "fail" / "warn" / "skip"

struct Check {
  std::string name;
  CheckResult result = CheckResult::kPass;
  std::string detail;
  std::string field;
};

// Seal checks (GB/T 38540 §6.3 steps; in a signature report they are prefixed "seal.").
inline constexpr std::string_view kCheckFormat = "format";
inline constexpr std::string_view kCheckMakerSignature = "maker_signature";
inline constexpr std::string_view kCheckMakerCertificate = "maker_certificate";
inline constexpr std::string_view kCheckSealValidity = "seal_validity";
inline constexpr std::string_view kCheckSealTimestamp = "seal_timestamp";
// The issuing platform's online status of the seal (only when asked for: verify_seal.h).
inline constexpr std::string_view kCheckOnlineStatus = "online_status";
// Signature checks (§7.3 steps).
inline constexpr std::string_view kCheckSignatureValue = "signature_value";
inline constexpr std::string_view kCheckSignerCertificateMatch = "signer_certificate_match";
inline constexpr std::string_view kCheckSignerCertificate = "signer_certificate";
inline constexpr std::string_view kCheckSigningTime = "signing_time";
inline constexpr std::string_view kCheckTimestamp = "timestamp";
inline constexpr std::string_view kCheckDataHash = "data_hash";
// Prefix of the seal's checks inside a signature report ("seal.maker_signature").
inline constexpr std::string_view kSealCheckPrefix = "seal.";

class VerifyReport {
 public:
  void add(std::string_view name, CheckResult result, std::string detail, std::string field = {});
  void pass(std::string_view name, std::string detail, std::string field = {}) {
    add(name, CheckResult::kPass, std::move(detail), std::move(field));
  }
  void fail(std::string_view name, std::string detail, std::string field = {}) {
    add(name, CheckResult::kFail, std::move(detail), std::move(field));
  }
  void warn(std::string_view name, std::string detail, std::string field = {}) {
    add(name, CheckResult::kWarn, std::move(detail), std::move(field));
  }
  void skip(std::string_view name, std::string detail, std::string field = {}) {
    add(name, CheckResult::kSkip, std::move(detail), std::move(field));
  }
  // Appends `other`'s checks with `prefix` prepended to their names; trust is combined (both
  // must be trusted).
  void merge(const VerifyReport& other, std::string_view prefix);

  const std::vector<Check>& checks() const { return checks_; }
  bool valid() const;
  bool trusted() const { return trusted_; }
  void set_trusted(bool trusted) { trusted_ = trusted; }

  // The first check called `name`, or nullptr.
  const Check* find(std::string_view name) const;
  // Whether a check called `name` exists with `result`.
  bool has(std::string_view name, CheckResult result) const;
  // Names of the failed checks, in order.
  std::vector<std::string> failed() const;

 private:
  std::vector<Check> checks_;
  bool trusted_ = false;
};

}  // namespace gmseal::ses
