#include "status_test_support.h"

#include <cstdlib>

#include "crypto/cert_builder.h"
#include "crypto/signer.h"
#include "crypto/sm2.h"
#include "ses/make_seal.h"
#include "util/bytes.h"
#include "validate/uscc.h"

namespace gmseal::status::testing {

namespace {

template <typename T>
T must(Result<T> result) {
  if (!result.ok()) {
    std::fprintf(stderr, "test setup failed: %s\n", result.error().to_string().c_str());
    std::abort();
  }
  return std::move(*result);
}

}  // namespace

StatusSigner make_status_signer(const std::string& name, std::optional<Time> valid_until) {
  const crypto::Sm2PrivateKey root_key = must(crypto::Sm2PrivateKey::generate());
  crypto::SoftSigner root_signer(root_key);
  crypto::CertTemplate spec;
  spec.profile = crypto::CertProfile::kRoot;
  spec.name = name + " root";
  spec.not_before = now() - std::chrono::hours(1);
  spec.not_after = now() + std::chrono::hours(24 * 365);
  const crypto::Certificate root =
      must(crypto::issue_certificate(spec, root_key.public_key(), nullptr, root_signer));
  const crypto::Sm2PrivateKey key = must(crypto::Sm2PrivateKey::generate());
  spec.profile = crypto::CertProfile::kSystem;
  spec.name = name;
  if (valid_until) {
    spec.not_before = *valid_until - std::chrono::hours(48);
    spec.not_after = *valid_until;
  }
  const crypto::Certificate cert =
      must(crypto::issue_certificate(spec, key.public_key(), &root, root_signer));
  return {key, cert, root};
}

nlohmann::json signed_answer(const StatusSigner& signer, const std::string& code,
                             const std::string& status, Time since, Time signed_at) {
  // RFC 8785 for four plain ASCII strings: members sorted by name ("signedAt" before "since":
  // 'g' < 'n'), no blanks.
  const std::string canonical = "{\"code\":\"" + code + "\",\"signedAt\":\"" +
                                format_iso8601(signed_at) + "\",\"since\":\"" +
                                format_iso8601(since) + "\",\"status\":\"" + status + "\"}";
  const Bytes signature = must(crypto::sm2_sign(signer.key, to_bytes(canonical)));
  return {{"code", code},
          {"status", status},
          {"since", format_iso8601(since)},
          {"signedAt", format_iso8601(signed_at)},
          {"signature", base64_encode(signature)},
          {"signerCert", base64_encode(signer.cert.der())}};
}

ses::Seal make_seal_with_code(const std::string& code) {
  const crypto::Sm2PrivateKey root_key = must(crypto::Sm2PrivateKey::generate());
  crypto::SoftSigner root_signer(root_key);
  crypto::CertTemplate spec;
  spec.profile = crypto::CertProfile::kRoot;
  spec.name = "status test seal root";
  spec.not_before = now() - std::chrono::hours(1);
  spec.not_after = now() + std::chrono::hours(24 * 365);
  const crypto::Certificate root =
      must(crypto::issue_certificate(spec, root_key.public_key(), nullptr, root_signer));
  const crypto::Sm2PrivateKey maker_key = must(crypto::Sm2PrivateKey::generate());
  spec.profile = crypto::CertProfile::kMaker;
  spec.name = "status test seal maker";
  const std::string uscc17 = "91430100MA4L0XXX5";
  spec.id_code = uscc17 + validate::uscc_check_character(uscc17);
  const crypto::Certificate maker_cert =
      must(crypto::issue_certificate(spec, maker_key.public_key(), &root, root_signer));
  ses::SealSpec seal;
  seal.vid = "gmseal";
  seal.es_id = code;
  seal.name = "status test seal";
  seal.signer_certs = {maker_cert};
  seal.picture.type = "PNG";
  seal.picture.data = to_bytes("not really a picture");
  seal.picture.width_mm = 40;
  seal.picture.height_mm = 40;
  seal.valid_start = now() - std::chrono::hours(1);
  seal.valid_end = now() + std::chrono::hours(24 * 30);
  crypto::SoftSigner maker(maker_key);
  return must(ses::make_seal(seal, maker_cert, maker));
}

}  // namespace gmseal::status::testing
