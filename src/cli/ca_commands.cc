// gmseal ca init --dir DIR --name NAME [--days N] [--pass P]
// gmseal ca revoke --ca DIR --cert FILE [--reason N] [--pass P]
// gmseal ca crl --ca DIR --out crl.pem [--days N] [--pass P]
#include <iostream>

#include "ca/test_ca.h"
#include "cli/command.h"
#include "cli/inputs.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

void add_ca_commands(CLI::App& app, CommandContext& context) {
  CLI::App* ca = app.add_subcommand("ca", "a file-based SM2 test certificate authority");
  ca->require_subcommand(1);
  struct Options {
    std::string dir, name, pass, cert, out;
    int days = 3650;
    int crl_days = 7;
    int reason = 0;
  };
  auto o = std::make_shared<Options>();

  CLI::App* init =
      ca->add_subcommand("init", "create a self-signed SM2 root (keyCertSign + cRLSign)");
  init->add_option("--dir", o->dir, "CA directory")->required();
  init->add_option("--name", o->name, "CA name (CN and O)")->required();
  init->add_option("--days", o->days, "validity in days (default 3650)")
      ->check(CLI::PositiveNumber);
  init->add_option("--pass,--ca-pass", o->pass,
                   "encrypt the CA key with this passphrase (also GMSEAL_CA_PASS)");
  on_run(init, context, [o] {
    const std::string pass = password_from(o->pass, "GMSEAL_CA_PASS");
    auto ca = ca::TestCa::init(o->dir, o->name, o->days, pass);
    if (!ca.ok()) return report_error(ca.error());
    std::cout << "CA created in " << o->dir
              << "\n  subject: " << ca->certificate().subject().to_string()
              << "\n  serial:  " << ca->certificate().serial_hex()
              << "\n  valid:   " << format_iso8601(ca->certificate().not_before()) << " .. "
              << format_iso8601(ca->certificate().not_after()) << "\n";
    if (pass.empty()) {
      std::cerr << "gmseal: warning: the CA key is stored unencrypted (mode 0600); use --pass "
                   "outside tests\n";
    }
    return static_cast<int>(kExitOk);
  });

  CLI::App* revoke = ca->add_subcommand("revoke", "revoke a certificate this CA issued");
  revoke->add_option("--ca", o->dir, "CA directory")->required();
  revoke->add_option("--cert", o->cert, "certificate to revoke")->required();
  revoke->add_option("--reason", o->reason, "CRLReason code (RFC 5280), default 0")
      ->check(CLI::Range(0, 10));
  revoke->add_option("--pass,--ca-pass", o->pass, "CA key passphrase (also GMSEAL_CA_PASS)");
  on_run(revoke, context, [o] {
    auto ca = ca::TestCa::open(o->dir, password_from(o->pass, "GMSEAL_CA_PASS"));
    if (!ca.ok()) return report_error(ca.error());
    auto cert = load_certificate(o->cert);
    if (!cert.ok()) return report_error(cert.error());
    if (auto s = ca->revoke(*cert, o->reason); !s.ok()) return report_error(s.error());
    std::cout << "revoked serial " << cert->serial_hex() << "\n";
    return static_cast<int>(kExitOk);
  });

  CLI::App* crl = ca->add_subcommand("crl", "issue a CRL of every revoked certificate");
  crl->add_option("--ca", o->dir, "CA directory")->required();
  crl->add_option("--out", o->out, "CRL output (PEM)")->required();
  crl->add_option("--days", o->crl_days, "nextUpdate in days (default 7)")
      ->check(CLI::PositiveNumber);
  crl->add_option("--pass,--ca-pass", o->pass, "CA key passphrase (also GMSEAL_CA_PASS)");
  on_run(crl, context, [o] {
    auto ca = ca::TestCa::open(o->dir, password_from(o->pass, "GMSEAL_CA_PASS"));
    if (!ca.ok()) return report_error(ca.error());
    auto list = ca->make_crl(o->crl_days);
    if (!list.ok()) return report_error(list.error());
    if (auto s = write_file_atomic(o->out, list->pem()); !s.ok()) return report_error(s.error());
    std::cout << "CRL with " << list->revoked().size() << " revoked certificate(s) written to "
              << o->out << "\n";
    return static_cast<int>(kExitOk);
  });
}

const CommandRegistrar kRegistrar(20, add_ca_commands);

}  // namespace

}  // namespace gmseal::cli
