// Keys and certificates for protocol tests: a root and a system certificate issued by it.
#pragma once

#include "crypto/cert_builder.h"
#include "crypto/signer.h"

namespace gmseal::protocol::testing {

struct SystemIdentity {
  crypto::Sm2PrivateKey key;
  crypto::Certificate cert;
};

inline SystemIdentity make_system(const std::string& name) {
  auto root_key = crypto::Sm2PrivateKey::generate().value();
  crypto::SoftSigner root_signer(root_key);
  const Time from = now() - std::chrono::hours(1);
  const Time to = now() + std::chrono::hours(24 * 365);
  crypto::CertTemplate root_spec{crypto::CertProfile::kRoot, name + " Root", "", from, to};
  auto root =
      crypto::issue_certificate(root_spec, root_key.public_key(), nullptr, root_signer).value();
  auto key = crypto::Sm2PrivateKey::generate().value();
  crypto::CertTemplate spec{crypto::CertProfile::kSystem, name, "", from, to};
  auto cert = crypto::issue_certificate(spec, key.public_key(), &root, root_signer).value();
  return {key, cert};
}

}  // namespace gmseal::protocol::testing
