#include "pdf/doc_timestamp.h"

#include "tsa/token_verify.h"

namespace gmseal::pdf {

std::optional<Time> check_document_timestamp(ByteView file,
                                             const std::vector<std::int64_t>& byte_range,
                                             ByteView token,
                                             const std::optional<crypto::TrustStore>& trust,
                                             ses::VerifyReport& report) {
  // The byte range was checked before (byte_range.h): both segments lie inside the file.
  Bytes covered(file.begin(), file.begin() + byte_range[1]);
  const ByteView second = file.subspan(static_cast<std::size_t>(byte_range[2]),
                                       static_cast<std::size_t>(byte_range[3]));
  covered.insert(covered.end(), second.begin(), second.end());
  tsa::TokenCheckInput input;
  input.stamped_data = covered;
  input.trust = trust;
  const tsa::TokenCheck checked = tsa::verify_token(token, input);
  if (!checked.valid) {
    report.fail(ses::kCheckTimestamp,
                "the document timestamp fails at " + checked.failed_step + ": " + checked.detail,
                "Contents");
    return std::nullopt;
  }
  std::string detail = "document timestamp of " + format_iso8601(checked.tst->gen_time) + " by " +
                       checked.tsa_certificate->subject().to_string() +
                       ": its imprint is the hash of the signed byte ranges";
  if (!checked.chain_trusted) detail += "; TSA chain not checked (no trust anchors)";
  for (const std::string& warning : checked.warnings) detail += "; " + warning;
  report.add(ses::kCheckTimestamp,
             checked.warnings.empty() ? ses::CheckResult::kPass : ses::CheckResult::kWarn, detail,
             "Contents");
  report.set_trusted(checked.chain_trusted);
  return checked.tst->gen_time;
}

}  // namespace gmseal::pdf
