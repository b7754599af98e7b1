// A root CA and TSA identities for the tsa tests.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "crypto/cert_builder.h"
#include "crypto/random.h"
#include "tsa/authority.h"

namespace gmseal::tsa::testing {

struct Identity {
  std::shared_ptr<crypto::SoftSigner> signer;
  crypto::Certificate cert;
};

inline Identity make_root(const std::string& name) {
  auto key = crypto::Sm2PrivateKey::generate();
  auto signer = std::make_shared<crypto::SoftSigner>(*key);
  crypto::CertTemplate spec;
  spec.profile = crypto::CertProfile::kRoot;
  spec.name = name;
  spec.not_before = now() - std::chrono::hours(24 * 30);
  spec.not_after = now() + std::chrono::hours(24 * 365);
  auto cert = crypto::issue_certificate(spec, key->public_key(), nullptr, *signer);
  return {signer, *cert};
}

inline Identity issue(const Identity& root, crypto::CertProfile profile, const std::string& name,
                      Time not_before, Time not_after) {
  auto key = crypto::Sm2PrivateKey::generate();
  crypto::CertTemplate spec;
  spec.profile = profile;
  spec.name = name;
  spec.not_before = not_before;
  spec.not_after = not_after;
  auto cert = crypto::issue_certificate(spec, key->public_key(), &root.cert, *root.signer);
  return {std::make_shared<crypto::SoftSigner>(*key), *cert};
}

inline Identity make_tsa(const Identity& root, const std::string& name = "gmseal test TSA") {
  return issue(root, crypto::CertProfile::kTsa, name, now() - std::chrono::hours(24),
               now() + std::chrono::hours(24 * 30));
}

inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("gmseal-tsa-" + name + "-" + hex_encode(crypto::random_bytes(6)));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace gmseal::tsa::testing
