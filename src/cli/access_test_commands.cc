// gmseal access-test province --url URL --registration REG.der (--key KEY | --token URI) --cert
// CERT
//                             [--base-path P] [--signing-rule R] [--pass P] [--no-status]
//                             [--save-seal FILE]
//
// Runs the provincial access-test scenario against a first-level implementation and prints
// a pass/fail table; exit 0 when every case passes, 1 otherwise.
#include <iostream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/service_flags.h"
#include "cli/signing_key.h"
#include "province_client/access_test.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

void add_access_test_commands(CLI::App& app, CommandContext& context) {
  CLI::App* access = app.add_subcommand(
      "access-test", "access tests a platform runs before the real provincial access test");
  access->require_subcommand(1);
  struct Options {
    std::string url, registration, key, token, cert, pass,
        base_path = std::string(protocol::kDefaultBasePath), signing_rule = "jcs";
    std::string save_seal;
    bool no_status = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* province = access->add_subcommand(
      "province", "make -> download -> revoke and negative cases against a first-level platform");
  province->add_option("--url", o->url, "the server's root URL, e.g. http://127.0.0.1:8700")
      ->required();
  province->add_option("--registration", o->registration, "registration package (DER)")->required();
  province->add_option("--key", o->key, "the platform's system private key (PEM/DER or .p12)");
  province->add_option("--token", o->token,
                       "the system key in a token instead: sdf:lib=..;index=N | skf:lib=..;con=..");
  province->add_option("--cert", o->cert,
                       "the platform's system certificate (default: the one beside the key)");
  province->add_option("--pass", o->pass, "key password (also GMSEAL_KEY_PASS)");
  province->add_option("--base-path", o->base_path,
                       "interface base path (default /anysign-ess-server-service)");
  province->add_option("--signing-rule", o->signing_rule,
                       "envelope signing rule: jcs (default), jcs-data, data-text");
  province->add_flag("--no-status", o->no_status, "skip gmseal's status-service cases");
  province->add_option("--save-seal", o->save_seal,
                       "write the downloaded seal (DER) here, e.g. for `gmseal seal verify`");
  add_tls_ca_flag(province);  // for an https --url
  on_run(province, context, [o] {
    auto der = read_file(o->registration);
    if (!der.ok()) return report_error(der.error());
    auto package = protocol::RegistrationPackage::parse(*der);
    if (!package.ok()) return report_error(package.error());
    auto key = open_signing_key({o->key, o->pass, o->token});
    if (!key.ok()) return report_error(key.error());
    auto cert = signing_certificate(*key, o->cert);
    if (!cert.ok()) return report_error(cert.error());
    auto rule = protocol::parse_signing_rule(o->signing_rule);
    if (!rule.ok()) return report_error(rule.error());
    province_client::AccessTestOptions options{
        province_client::ClientConfig{o->url, o->base_path, *rule, 15}, *package, *cert,
        key->signer};
    options.status_service = !o->no_status;
    options.save_seal_path = o->save_seal;
    auto report = province_client::run_province_access_test(options);
    if (!report.ok()) return report_error(report.error());
    std::cout << report->table();
    return report->all_passed() ? static_cast<int>(kExitOk) : static_cast<int>(kExitInvalid);
  });
}

const CommandRegistrar kRegistrar(210, add_access_test_commands);

}  // namespace

}  // namespace gmseal::cli
