// gmseal demo [--dir DIR]: the main job until the platform server exists. Creates a test CA, a
// seal maker and a signer, signs and verifies, makes a GB/T 38540 seal, signs a document hash
// with it and verifies both, printing each step. Grows as capabilities land.
#include <filesystem>
#include <iostream>

#include "ca/test_ca.h"
#include "cli/command.h"
#include "crypto/cert_verify.h"
#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "ses/make_seal.h"
#include "ses/sign.h"
#include "ses/verify_seal.h"
#include "ses/verify_signature.h"
#include "util/file_io.h"
#include "validate/seal_image.h"
#include "validate/uscc.h"

namespace gmseal::cli {

namespace {

int fail(const Error& error) { return report_error(error); }

void step(int n, const std::string& text) { std::cout << "[" << n << "] " << text << "\n"; }

void print_report(const ses::VerifyReport& report) {
  std::cout << "    " << (report.valid() ? "VALID" : "INVALID")
            << (report.trusted() ? ", trusted (chains reach the demo root)" : ", not trusted")
            << "\n";
  for (const ses::Check& check : report.checks()) {
    std::cout << "      " << ses::to_string(check.result) << "  " << check.name << ": "
              << check.detail << "\n";
  }
}

// A 2-colour red ring, 200 x 200 pixels at 600 DPI, drawn here so the demo needs no files.
Result<Bytes> demo_seal_picture() {
  constexpr std::uint32_t kSize = 200;
  std::vector<std::uint8_t> indexes(kSize * kSize, 0);
  for (std::uint32_t y = 0; y < kSize; ++y) {
    for (std::uint32_t x = 0; x < kSize; ++x) {
      const double dx = x - kSize / 2.0 + 0.5, dy = y - kSize / 2.0 + 0.5;
      const double r2 = dx * dx + dy * dy;
      if (r2 <= 96.0 * 96.0 && r2 >= 86.0 * 86.0) indexes[y * kSize + x] = 1;
    }
  }
  return validate::encode_palette_png(kSize, kSize, {255, 255, 255, 0, 230, 0, 18, 255}, indexes,
                                      600);
}

}  // namespace

namespace {

void add_demo_command(CLI::App& app, CommandContext& context) {
  struct Options {
    std::string dir;
  };
  auto o = std::make_shared<Options>();
  CLI::App* demo =
      app.add_subcommand("demo", "run the end-to-end demonstration, printing each step");
  demo->add_option("--dir", o->dir, "work directory (default: a new folder under /tmp)");
  on_run(demo, context, [o] {
    namespace fs = std::filesystem;
    const fs::path dir = o->dir.empty() ? fs::temp_directory_path() /
                                              ("gmseal-demo-" + std::to_string(to_unix(now())))
                                        : fs::path(o->dir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::cout << "gmseal demo in " << dir.string() << "\n";

    step(1, "create a test CA (self-signed SM2 root, keyCertSign + cRLSign)");
    auto ca = ca::TestCa::init(dir / "ca", "gmseal Demo Root CA", 3650, "demo-ca-pass");
    if (!ca.ok()) return fail(ca.error());
    std::cout << "    root: " << ca->certificate().subject().to_string() << "\n";

    step(2, "generate the seal maker's key and issue its certificate (profile maker)");
    auto maker_key = crypto::Sm2PrivateKey::generate();
    if (!maker_key.ok()) return fail(maker_key.error());
    crypto::CertTemplate maker_spec{
        crypto::CertProfile::kMaker,     "湖南示例印章制作中心",         "",
        now() - std::chrono::minutes(5), now() + std::chrono::days(730), ""};
    // The demo's codes are computed so that they pass the check-character rules.
    maker_spec.id_code = "91430100MA4L0XXX5";
    maker_spec.id_code += validate::uscc_check_character(maker_spec.id_code);
    auto maker_cert = ca->issue(maker_spec, maker_key->public_key());
    if (!maker_cert.ok()) return fail(maker_cert.error());
    std::cout << "    maker: " << maker_cert->subject().to_string() << "\n";

    step(3, "generate a unit signer's key and issue a GM/T 0015 unit certificate");
    auto signer_key = crypto::Sm2PrivateKey::generate();
    if (!signer_key.ok()) return fail(signer_key.error());
    std::string uscc = "91430102MA4T5YYY2";
    uscc += validate::uscc_check_character(uscc);
    crypto::CertTemplate unit_spec{
        crypto::CertProfile::kUnit,      "长沙市示例科技有限公司",       uscc,
        now() - std::chrono::minutes(5), now() + std::chrono::days(365), ""};
    auto signer_cert = ca->issue(unit_spec, signer_key->public_key());
    if (!signer_cert.ok()) return fail(signer_cert.error());
    std::cout << "    signer: " << signer_cert->subject().to_string() << "\n";
    (void)write_file_atomic(dir / "signer.key.pem", signer_key->to_pem("demo-signer-pass"), 0600);
    (void)write_file_atomic(dir / "signer.cert.pem", signer_cert->pem());

    step(4, "validate the signer's certificate path against the root (SM2 ID 1234567812345678)");
    crypto::TrustStore store;
    store.anchors = {ca->certificate()};
    auto chain = crypto::verify_chain(*signer_cert, store);
    if (!chain.ok()) return fail(chain.error());
    std::cout << "    path OK: " << chain->size() << " certificates\n";

    step(5, "sign a document with SM2 (e = SM3(Z||M)) and verify it");
    const Bytes document = to_bytes("关于印发《电子印章管理办法》的通知 — gmseal demo document\n");
    (void)write_file_atomic(dir / "document.txt", ByteView(document));
    auto signature = crypto::sm2_sign(*signer_key, document);
    if (!signature.ok()) return fail(signature.error());
    (void)write_file_atomic(dir / "document.sig", ByteView(*signature));
    auto signer_public = signer_cert->public_key();
    const Status ok = crypto::sm2_verify(*signer_public, document, *signature);
    std::cout << "    signature (" << signature->size()
              << " bytes DER): " << (ok.ok() ? "valid" : "INVALID") << "\n";
    if (!ok.ok()) return static_cast<int>(kExitInvalid);
    Bytes tampered = document;
    tampered[0] ^= 1;
    std::cout << "    tampered document: "
              << (crypto::sm2_verify(*signer_public, tampered, *signature).ok() ? "valid (BUG)"
                                                                                : "rejected")
              << "\n";

    step(6, "make a GB/T 38540 seal (v4) with the maker's key, listing the signer's certificate");
    auto picture = demo_seal_picture();
    if (!picture.ok()) return fail(picture.error());
    ses::SealSpec seal_spec;
    seal_spec.vid = "gmseal";
    seal_spec.es_id = "43010200000001";
    seal_spec.type = 1;
    seal_spec.name = "长沙市示例科技有限公司合同专用章";
    seal_spec.signer_certs = {*signer_cert};
    seal_spec.picture = ses::SealPicture{"PNG", *picture, 40, 40};
    seal_spec.valid_start = now() - std::chrono::minutes(5);
    seal_spec.valid_end = now() + std::chrono::days(365);
    crypto::SoftSigner maker(*maker_key);
    auto seal = ses::make_seal(seal_spec, *maker_cert, maker);
    if (!seal.ok()) return fail(seal.error());
    (void)write_file_atomic(dir / "seal.esl", ByteView(seal->der()));
    std::cout << "    seal '" << seal->info().property.name << "' (esID " << seal->info().es_id
              << ", " << seal->der().size() << " bytes) written to seal.esl\n";

    step(7, "verify the seal: maker signature over SES_SealInfo, maker certificate, validity");
    ses::SealVerifyOptions seal_options;
    seal_options.trust = store;
    const ses::VerifyReport seal_report = ses::verify_seal(*seal, seal_options);
    print_report(seal_report);
    if (!seal_report.valid()) return static_cast<int>(kExitInvalid);

    step(8, "sign the document's SM3 hash with the seal (TBS_Sign v4 -> SES_Signature)");
    const crypto::Sm3Digest document_hash = crypto::sm3(document);
    ses::SignRequest sign_request;
    sign_request.data_hash.assign(document_hash.begin(), document_hash.end());
    sign_request.property_info = "document.txt";
    sign_request.trust = store;
    crypto::SoftSigner unit_signer(*signer_key);
    auto signed_value = ses::sign(*seal, *signer_cert, unit_signer, sign_request);
    if (!signed_value.ok()) return fail(signed_value.error());
    (void)write_file_atomic(dir / "SignedValue.dat", ByteView(signed_value->der()));
    std::cout << "    SES_Signature (" << signed_value->der().size()
              << " bytes) written to SignedValue.dat, dataHash " << hex_encode(document_hash)
              << "\n";

    step(9, "verify the signature: every GB/T 38540 step, the document hash recomputed");
    ses::SignatureVerifyOptions signature_options;
    signature_options.trust = store;
    signature_options.data_hash = [&document](const ses::Signature&) -> Result<Bytes> {
      const crypto::Sm3Digest digest = crypto::sm3(document);
      return Bytes(digest.begin(), digest.end());
    };
    const ses::VerifyReport signature_report =
        ses::verify_signature(*signed_value, signature_options);
    print_report(signature_report);
    if (!signature_report.valid()) return static_cast<int>(kExitInvalid);
    Bytes altered = document;
    altered.back() ^= 1;
    signature_options.data_hash = [&altered](const ses::Signature&) -> Result<Bytes> {
      const crypto::Sm3Digest digest = crypto::sm3(altered);
      return Bytes(digest.begin(), digest.end());
    };
    const ses::VerifyReport altered_report =
        ses::verify_signature(*signed_value, signature_options);
    std::cout << "    altered document: "
              << (altered_report.valid() ? std::string("valid (BUG)")
                                         : "rejected (" + altered_report.failed().front() + ")")
              << "\n";

    step(10, "revoke the signer's certificate, publish a CRL and validate again");
    if (auto s = ca->revoke(*signer_cert, 1); !s.ok()) return fail(s.error());
    auto crl = ca->make_crl(7);
    if (!crl.ok()) return fail(crl.error());
    (void)write_file_atomic(dir / "ca" / "crl.pem", crl->pem());
    store.crls = {*crl};
    auto revoked = crypto::verify_chain(*signer_cert, store, {now() + std::chrono::seconds(1)});
    std::cout << "    after revocation: "
              << (revoked.ok() ? std::string("valid (BUG)") : revoked.error().code) << "\n";

    std::cout << "demo finished: files are in " << dir.string() << "\n";
    return static_cast<int>(revoked.ok() ? kExitInvalid : kExitOk);
  });
}

const CommandRegistrar kRegistrar(1000, add_demo_command);

}  // namespace

}  // namespace gmseal::cli
