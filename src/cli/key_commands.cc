// gmseal key gen --out key.pem [--pass P] [--pubout pub.pem] [--format pkcs8|sec1]
#include <iostream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "crypto/sm2_key.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

void add_key_commands(CLI::App& app, CommandContext& context) {
  CLI::App* key = app.add_subcommand("key", "SM2 key pairs");
  key->require_subcommand(1);

  struct GenOptions {
    std::string out, pass, pubout, format = "pkcs8";
  };
  auto gen_options = std::make_shared<GenOptions>();
  CLI::App* gen = key->add_subcommand("gen", "generate an SM2 key pair");
  gen->add_option("--out", gen_options->out, "private key file (PEM)")->required();
  gen->add_option("--pass", gen_options->pass,
                  "encrypt the key (PKCS#8, SM4-CBC) with this password; also GMSEAL_KEY_PASS");
  gen->add_option("--pubout", gen_options->pubout, "also write the public key (PEM)");
  gen->add_option("--format", gen_options->format, "pkcs8 (default) or sec1 (unencrypted only)")
      ->check(CLI::IsMember({"pkcs8", "sec1"}));
  on_run(gen, context, [gen_options] {
    const std::string pass = password_from(gen_options->pass, "GMSEAL_KEY_PASS");
    if (gen_options->format == "sec1" && !pass.empty()) {
      return report_error(make_error("cli.usage", "SEC1 keys cannot be encrypted; use pkcs8"));
    }
    auto generated = crypto::Sm2PrivateKey::generate();
    if (!generated.ok()) return report_error(generated.error());
    const std::string pem =
        gen_options->format == "sec1" ? generated->to_sec1_pem() : generated->to_pem(pass);
    if (auto s = write_file_atomic(gen_options->out, pem, 0600); !s.ok())
      return report_error(s.error());
    if (!gen_options->pubout.empty()) {
      if (auto s = write_file_atomic(gen_options->pubout, generated->public_key().to_pem());
          !s.ok()) {
        return report_error(s.error());
      }
    }
    std::cout << "SM2 key written to " << gen_options->out
              << (pass.empty() ? " (unencrypted, mode 0600)" : " (encrypted PKCS#8, SM4-CBC)")
              << "\n";
    return static_cast<int>(kExitOk);
  });
}

const CommandRegistrar kRegistrar(10, add_key_commands);

}  // namespace

}  // namespace gmseal::cli
