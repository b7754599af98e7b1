// The access-test kit (`gmseal access-test province`): runs the make -> download -> revoke
// scenario and its negative cases against any first-level implementation and reports each
// case. Negative cases pass when the server refuses (a resultCode other than 0); the code it
// gave is shown, so a vendor can compare with the table in docs/province-protocol.md.
#pragma once

#include <string>
#include <vector>

#include "protocol/registration.h"
#include "province_client/client.h"

namespace gmseal::province_client {

struct AccessTestOptions {
  ClientConfig client;
  protocol::RegistrationPackage registration;
  crypto::Certificate system_cert;                // the platform's system certificate (registered)
  std::shared_ptr<crypto::Signer> system_signer;  // the system key (a file or a token)
  std::string vendor = "GMST";                    // seal code initials
  std::string region = "110108";                  // seal code region
  bool status_service = true;  // also try the status service (gmseal's extension)
  std::string save_seal_path;  // when set, the downloaded seal (DER) is written there
};

struct CaseResult {
  std::string name;
  std::string expected;
  std::string got;
  enum class Verdict { kPass, kFail, kSkip } verdict = Verdict::kFail;
};

struct AccessTestReport {
  std::vector<CaseResult> cases;
  bool all_passed() const;
  // A fixed-width table: case, expected, got, PASS/FAIL/SKIP, then a summary line.
  std::string table() const;
};

// Errors only when the kit cannot start (bad registration package, key not matching the
// certificate); server failures are failed cases.
Result<AccessTestReport> run_province_access_test(const AccessTestOptions& options);

}  // namespace gmseal::province_client
