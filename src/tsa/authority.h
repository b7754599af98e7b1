// tsa::Authority: the TSA core. It turns a DER TimeStampReq into a DER TimeStampResp, with no
// transport inside (the HTTP front end is tsa/http_service.h; `gmseal server --demo` mounts the
// same core). Never throws and never crashes on a request: every refusal is an RFC 3161
// rejection naming its failInfo.
//
//   badDataFormat     the request is not a DER TimeStampReq, or the imprint's length is wrong
//   badRequest        version other than 1
//   badAlg            an imprint hash other than SM3, SHA-256, SHA-384
//   unacceptedPolicy  reqPolicy is not this TSA's policy
//   unacceptedExtension  the request carries extensions (none are understood)
//   systemFailure     serial reservation or signing failed (logged)
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "tsa/serial_counter.h"
#include "tsa/token_builder.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::tsa {

// gmseal's default TSA policy: an OID under the 2.25 (UUID) arc, which needs no registration;
// the value is kept below 2^63 because many DER readers (gmseal's among them) hold an arc in a
// 64-bit integer. Deployments name their own with --policy.
inline constexpr std::string_view kDefaultPolicy = "2.25.7826677666483939261";

struct AuthorityConfig {
  std::string policy = std::string(kDefaultPolicy);
  std::vector<std::string> accepted_policies;  // besides `policy`, requests may name these
  int accuracy_ms = 1000;                      // stated accuracy; < 1000 writes ms in genTime
  std::filesystem::path data_dir;              // serial numbers (serial_counter.h)
  TokenSignOptions token;                      // include_certificate is taken from certReq
  bool serialize_signing = false;              // for signers that are not thread-safe (devices)
};

struct TsaReply {
  Bytes der;  // the TimeStampResp
  int status = 0;
  std::optional<int> failure_bit;
  std::string serial_hex;  // granted: the token's serial
  std::string detail;      // rejection: why (also the statusString)
};

class Authority {
 public:
  // Checks that `certificate` holds the signer's key and a critical EKU timeStamping and is valid
  // now. Errors: tsa.bad_certificate (which and why), those of SerialCounter::open.
  static Result<std::shared_ptr<Authority>> open(AuthorityConfig config,
                                                 crypto::Certificate certificate,
                                                 std::shared_ptr<crypto::Signer> signer);

  TsaReply respond(ByteView request_der);

  const crypto::Certificate& certificate() const { return certificate_; }
  const AuthorityConfig& config() const { return config_; }

 private:
  Authority(AuthorityConfig config, crypto::Certificate certificate,
            std::shared_ptr<crypto::Signer> signer, std::unique_ptr<SerialCounter> serials)
      : config_(std::move(config)),
        certificate_(std::move(certificate)),
        signer_(std::move(signer)),
        serials_(std::move(serials)) {}

  AuthorityConfig config_;
  crypto::Certificate certificate_;
  std::shared_ptr<crypto::Signer> signer_;
  std::unique_ptr<SerialCounter> serials_;
  std::mutex sign_mutex_;
};

// Whether `cert` may sign timestamps: an EKU extension marked critical naming timeStamping only
// (RFC 3161 §2.3). Returns why not, or an empty string.
std::string tsa_certificate_problem(const crypto::Certificate& cert);

}  // namespace gmseal::tsa
