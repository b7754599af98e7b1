#include "ses/ses_fixture.h"

#include <cstdlib>
#include <iostream>

#include "crypto/cert_builder.h"
#include "validate/uscc.h"

namespace gmseal::ses::testing {

namespace {

template <typename T>
T must(Result<T> result, const char* what) {
  if (!result.ok()) {
    std::cerr << "fixture: " << what << ": " << result.error().to_string() << "\n";
    std::abort();
  }
  return std::move(*result);
}

std::string uscc(std::string first17) { return first17 + validate::uscc_check_character(first17); }

Party issue(crypto::CertProfile profile, const std::string& name, const std::string& id_code,
            const Party* issuer) {
  auto key = must(crypto::Sm2PrivateKey::generate(), "key");
  crypto::CertTemplate spec;
  spec.profile = profile;
  spec.name = name;
  spec.id_code = id_code;
  spec.not_before = now() - std::chrono::hours(24);
  spec.not_after = now() + std::chrono::days(3650);
  if (issuer == nullptr) {
    crypto::SoftSigner self(key);
    auto cert = must(crypto::issue_certificate(spec, key.public_key(), nullptr, self), "root");
    return Party{key, cert};
  }
  crypto::SoftSigner signer(issuer->key);
  auto cert =
      must(crypto::issue_certificate(spec, key.public_key(), &issuer->cert, signer), name.c_str());
  return Party{key, cert};
}

}  // namespace

crypto::TrustStore Pki::trust() const {
  crypto::TrustStore store;
  store.anchors = {root.cert};
  return store;
}

const Pki& pki() {
  static const Pki* instance = [] {
    Party root = issue(crypto::CertProfile::kRoot, "gmseal Test Root", "", nullptr);
    Party maker =
        issue(crypto::CertProfile::kMaker, "测试印章制作中心", uscc("91430100MA4L0XXX5"), &root);
    Party signer = issue(crypto::CertProfile::kUnit, "长沙市测试科技有限公司",
                         uscc("91430102MA4T5YYY2"), &root);
    Party other = issue(crypto::CertProfile::kUnit, "株洲市其他科技有限公司",
                        uscc("91430200MA4T5WWW3"), &root);
    return new Pki{root, maker, signer, other};
  }();
  return *instance;
}

SealSpec seal_spec(Format format, CertListType list_type) {
  SealSpec spec;
  spec.format = format;
  spec.vid = "gmseal";
  spec.es_id = "43010000000001";
  spec.type = 1;
  spec.name = "长沙市测试科技有限公司合同专用章";
  spec.cert_list_type = list_type;
  spec.signer_certs = {pki().signer.cert};
  spec.picture.type = "png";
  spec.picture.data = to_bytes("\x89PNG\r\n\x1a\n-not-a-real-image-but-bytes");
  spec.picture.width_mm = 40;
  spec.picture.height_mm = 40;
  // One time base per process: two specs built a second apart must still compare equal
  // (a fresh now() made the round-trip test fail when the clock ticked between them).
  static const Time base = now();
  spec.create_date = base - std::chrono::hours(1);
  spec.valid_start = base - std::chrono::hours(1);
  spec.valid_end = base + std::chrono::days(365);
  spec.ext_datas = {ExtData{"1.2.156.10197.6.7.2.2.1", false, to_bytes("2.1")}};
  return spec;
}

Seal make_test_seal(Format format, CertListType list_type) {
  auto signer = pki().maker.signer();
  return must(make_seal(seal_spec(format, list_type), pki().maker.cert, *signer), "make_seal");
}

}  // namespace gmseal::ses::testing
