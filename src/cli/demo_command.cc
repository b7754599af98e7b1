// gmseal demo [--dir DIR]: the main job until the platform server exists. Creates a test CA, a
// seal maker and a signer, signs and verifies, printing each step. Grows as capabilities land.
#include <filesystem>
#include <iostream>

#include "ca/test_ca.h"
#include "cli/command.h"
#include "crypto/cert_verify.h"
#include "crypto/sm2.h"
#include "util/file_io.h"
#include "validate/uscc.h"

namespace gmseal::cli {

namespace {

int fail(const Error& error) { return report_error(error); }

void step(int n, const std::string& text) { std::cout << "[" << n << "] " << text << "\n"; }

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

    step(6, "revoke the signer's certificate, publish a CRL and validate again");
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
