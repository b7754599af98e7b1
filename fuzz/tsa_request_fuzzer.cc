// Timestamp requests, responses and TSTInfo from the network must never crash gmseal: parse them,
// and hand requests to a TSA core the way the HTTP front end does.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "crypto/cert_builder.h"
#include "tsa/authority.h"
#include "tsa/request.h"
#include "tsa/response.h"
#include "tsa/token_verify.h"
#include "tsa/tst_info.h"

namespace {

std::shared_ptr<gmseal::tsa::Authority> make_authority() {
  using namespace gmseal;
  auto key = crypto::Sm2PrivateKey::generate();
  auto signer = std::make_shared<crypto::SoftSigner>(*key);
  crypto::CertTemplate spec;
  spec.profile = crypto::CertProfile::kRoot;
  spec.name = "fuzz root";
  spec.not_before = now() - std::chrono::hours(1);
  spec.not_after = now() + std::chrono::hours(24);
  auto root = crypto::issue_certificate(spec, key->public_key(), nullptr, *signer);
  spec.profile = crypto::CertProfile::kTsa;
  spec.name = "fuzz TSA";
  auto cert = crypto::issue_certificate(spec, key->public_key(), &*root, *signer);
  tsa::AuthorityConfig config;
  config.data_dir = std::filesystem::temp_directory_path() / "gmseal-tsa-fuzz";
  auto authority = tsa::Authority::open(config, *cert, signer);
  return authority.ok() ? *authority : nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::shared_ptr<gmseal::tsa::Authority> authority = make_authority();
  const gmseal::ByteView input(data, size);
  (void)gmseal::tsa::parse_request(input);
  (void)gmseal::tsa::parse_response(input);
  (void)gmseal::tsa::parse_tst_info(input);
  if (authority) (void)authority->respond(input);
  gmseal::tsa::TokenCheckInput check;
  check.stamped_data = input.first(size / 2);
  (void)gmseal::tsa::verify_response(input, check);
  return 0;
}
