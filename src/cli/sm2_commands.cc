// gmseal sm2 sign (--key KEY [--pass P] | --token URI) --in FILE --sig FILE [--id ID] [--raw]
// gmseal sm2 verify (--cert CERT | --pubkey PUB) --in FILE --sig FILE [--id ID] [--accept-raw]
#include <iostream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/signing_key.h"
#include "crypto/sm2.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

void add_sm2_commands(CLI::App& app, CommandContext& context) {
  CLI::App* sm2 =
      app.add_subcommand("sm2", "SM2 signatures (GB/T 32918) with an explicit signer ID");
  sm2->require_subcommand(1);

  struct Options {
    std::string key, token, pass, cert, pubkey, in, sig, id = std::string(crypto::kDefaultSm2Id);
    bool raw = false, accept_raw = false, digest = false;
  };
  auto o = std::make_shared<Options>();

  CLI::App* sign = sm2->add_subcommand("sign", "sign a file");
  auto* key_opt = sign->add_option("--key", o->key, "SM2 private key (PEM/DER)");
  sign->add_option("--token", o->token,
                   "key in a token instead: skf:lib=..;con=.. | sdf:lib=..;index=N | soft:path=..")
      ->excludes(key_opt);
  sign->add_option("--pass", o->pass, "key password (also GMSEAL_KEY_PASS)");
  sign->add_option("--in", o->in, "file to sign")->required();
  sign->add_option("--sig", o->sig, "signature output (DER SEQUENCE{r,s})")->required();
  sign->add_option("--id", o->id, "SM2 signer ID (default 1234567812345678)");
  sign->add_flag("--raw", o->raw, "write the raw 64-byte r||s instead of DER");
  sign->add_flag("--digest", o->digest, "--in holds a precomputed 32-byte e = SM3(Z||M)");
  on_run(sign, context, [o] {
    auto key = open_signing_key({o->key, o->pass, o->token});
    if (!key.ok()) return report_error(key.error());
    crypto::Signer* signer = key->signer.get();
    auto data = read_file(o->in);
    if (!data.ok()) return report_error(data.error());
    auto signature = o->digest ? signer->sign_digest(*data) : signer->sign(*data, o->id);
    if (!signature.ok()) return report_error(signature.error());
    Bytes out = *signature;
    if (o->raw) out = *crypto::sm2_signature_der_to_raw(*signature);
    if (auto s = write_file_atomic(o->sig, ByteView(out)); !s.ok()) return report_error(s.error());
    return static_cast<int>(kExitOk);
  });

  CLI::App* verify = sm2->add_subcommand("verify", "verify a signature");
  auto* cert_opt = verify->add_option("--cert", o->cert, "signer certificate");
  auto* pub_opt = verify->add_option("--pubkey", o->pubkey, "signer public key");
  cert_opt->excludes(pub_opt);
  verify->add_option("--in", o->in, "signed file")->required();
  verify->add_option("--sig", o->sig, "signature file (DER, or raw r||s with --accept-raw)")
      ->required();
  verify->add_option("--id", o->id, "SM2 signer ID (default 1234567812345678)");
  verify->add_flag("--accept-raw", o->accept_raw, "accept a raw 64-byte r||s signature");
  verify->add_flag("--digest", o->digest, "--in holds a precomputed 32-byte e");
  on_run(verify, context, [o] {
    if (o->cert.empty() == o->pubkey.empty()) {
      return report_error(make_error("cli.usage", "give exactly one of --cert and --pubkey"));
    }
    auto key = load_public_key(o->cert.empty() ? o->pubkey : o->cert);
    if (!key.ok()) return report_error(key.error());
    auto data = read_file(o->in);
    if (!data.ok()) return report_error(data.error());
    auto signature = read_file(o->sig);
    if (!signature.ok()) return report_error(signature.error());
    crypto::Sm2VerifyOptions options;
    options.id = o->id;
    options.accept_raw_rs = o->accept_raw;
    const Status status = o->digest ? crypto::sm2_verify_digest(*key, *data, *signature, options)
                                    : crypto::sm2_verify(*key, *data, *signature, options);
    if (!status.ok()) {
      if (status.error().code == "crypto.sm2.bad_signature") {
        std::cout << "Verification failure: " << status.error().message << "\n";
        return static_cast<int>(kExitInvalid);
      }
      return report_error(status.error());
    }
    std::cout << "Verified OK\n";
    return static_cast<int>(kExitOk);
  });
}

const CommandRegistrar kRegistrar(50, add_sm2_commands);

}  // namespace

}  // namespace gmseal::cli
