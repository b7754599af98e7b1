// gmseal client: an operator's workstation talking to the second-level platform (docs/api.md).
//
//   client deliver-seal --server URL --user NAME --seal CODE --token 'skf:lib=PATH[;dev=D]...'
//                       [--admin-pin-env VAR | --admin-pin-file F] [--id ID] [--trust ROOT.pem]
//                       [--user-pin-out FILE]
//     Puts a made seal onto its UKey: checks the token holds the seal's signer certificate,
//     obtains the admin PIN (from the platform for a UKey it issued, audit-logged; from the
//     operator for a unit's own UKey), downloads the .esl (the application becomes delivered),
//     checks that the seal verifies and lists the token's certificate, and writes it as
//     ESEAL.<id>. For a UKey the platform issued, the initial user PIN is handed over once.
//   client unblock-ukey --server URL --user NAME --application ID --token 'skf:lib=PATH'
//                       [--new-pin-env VAR | --new-pin-file F]
//     Carries out an approved unlock application: the platform releases the admin PIN it keeps
//     and the token's user PIN is reset to the new one, without the admin PIN being shown.
//
// The password and PINs come from --X-env / --X-file or the terminal, never from the command
// line (secrets.h).
#include <iostream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/platform_client.h"
#include "cli/secrets.h"
#include "cli/service_flags.h"
#include "crypto/sm3.h"
#include "keys/token_signer.h"
#include "keys/token_uri.h"
#include "keys/ukey_seals.h"
#include "ses/cert_list.h"
#include "ses/verify_seal.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

using nlohmann::json;

struct ClientOptions {
  std::string server, user, seal, token, id, trust, user_pin_out, application;
  SecretOptions password, admin_pin, new_pin;
};

void add_secret_sources(CLI::App* command, const std::string& name, SecretOptions& secret,
                        const std::string& what) {
  command->add_option("--" + name + "-env", secret.env, what + " from this environment variable");
  command->add_option("--" + name + "-file", secret.file, what + " from the first line of a file");
}

bool given(const SecretOptions& secret) { return !secret.env.empty() || !secret.file.empty(); }

Result<std::unique_ptr<PlatformClient>> log_in(const ClientOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(const std::string password,
                          read_secret(o.password, "password of " + o.user + " at " + o.server));
  return PlatformClient::login(o.server, o.user, password);
}

// The token the operator holds, opened at the application that carries the seal.
struct OpenToken {
  keys::SkfSession session;
  std::string serial;
  std::string container;
};

// The device a URI names; without `dev`, the device whose serial is `serial` (a UKey the
// platform issued), else the first one listed.
Result<std::string> choose_device(keys::SkfLibrary& library, const keys::TokenUri& uri,
                                  const std::string& serial) {
  if (uri.has("dev") || serial.empty()) return keys::resolve_skf_device(library, uri);
  GMSEAL_ASSIGN_OR_RETURN(const std::vector<std::string> devices, library.enum_devices(true));
  for (const std::string& name : devices) {
    auto device = library.connect(name);
    if (!device.ok()) continue;
    auto info = device->info();
    if (info.ok() && info->serial == serial) return name;
  }
  return make_error("client.ukey_absent",
                    "no UKey with serial " + serial + " is present in " + library.path() + " (" +
                        std::to_string(devices.size()) + " device(s) listed)");
}

// Opens the token for the seal `seal` (GET /api/v1/seals/{code}) describes.
Result<OpenToken> open_token(const std::string& uri_text, const json& seal) {
  GMSEAL_ASSIGN_OR_RETURN(keys::TokenUri uri, keys::TokenUri::parse(uri_text));
  if (uri.scheme != "skf") {
    return make_error("cli.usage", "--token must name a UKey (skf:lib=PATH...)", "token");
  }
  const json issued = seal.value("ukey", json::object());
  const std::string serial = issued.value("serial", "");
  GMSEAL_ASSIGN_OR_RETURN(const keys::AbiOptions abi, uri.abi());
  GMSEAL_ASSIGN_OR_RETURN(std::shared_ptr<keys::SkfLibrary> library,
                          keys::SkfLibrary::load(uri.get("lib"), abi));
  GMSEAL_ASSIGN_OR_RETURN(const std::string device, choose_device(*library, uri, serial));
  uri.params["dev"] = device;
  if (!uri.has("app") && issued.contains("application")) {
    uri.params["app"] = issued.at("application").get<std::string>();
  }
  const std::string container = uri.get("con", issued.value("container", ""));
  if (container.empty()) {
    return make_error("cli.usage",
                      "name the container holding the seal's signing key: add ';con=NAME' to "
                      "--token",
                      "token");
  }
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfSession session, keys::open_skf_application(uri));
  GMSEAL_ASSIGN_OR_RETURN(const keys::SkfDeviceInfo info, session.device.info());
  if (!serial.empty() && info.serial != serial) {
    return make_error("client.wrong_ukey", "the UKey '" + device + "' (serial " + info.serial +
                                               ") is not the one issued for this seal (serial " +
                                               serial + ")");
  }
  return OpenToken{std::move(session), info.serial, container};
}

// The seal must verify and list `signer` (GB/T 38540 cert list) before it goes onto the token.
Status check_seal(const Bytes& der, const crypto::Certificate& signer, const std::string& code,
                  const std::string& trust_file) {
  ses::SealVerifyOptions options;
  if (!trust_file.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(std::vector<crypto::Certificate> anchors,
                            load_certificates(trust_file));
    options.trust = crypto::TrustStore{std::move(anchors), {}, {}};
  }
  std::optional<ses::Seal> parsed;
  const ses::VerifyReport report = ses::verify_seal_der(der, options, &parsed);
  if (!report.valid() || !parsed || (options.trust && !report.trusted())) {
    std::string why;
    for (const ses::Check& c : report.checks()) {
      if (c.result == ses::CheckResult::kFail) {
        why += (why.empty() ? "" : "; ") + c.name + ": " + c.detail;
      }
    }
    if (why.empty()) why = "its maker does not chain to " + trust_file;
    return make_error("client.bad_seal", "the seal downloaded for " + code +
                                             " does not verify, so it is not written: " + why);
  }
  if (auto match = ses::match_cert_list(parsed->info().property, signer.der()); !match.ok()) {
    return make_error("client.bad_seal", "the seal downloaded for " + code +
                                             " does not list the UKey's signing certificate: " +
                                             match.error().message);
  }
  return {};
}

// The initial user PIN of a platform-issued UKey, for the unit: into `file` (0600), else shown.
Status hand_over_user_pin(const std::string& pin, const std::string& serial,
                          const std::string& file) {
  if (!file.empty()) {
    GMSEAL_RETURN_IF_ERROR(write_file_atomic(file, pin + "\n", 0600));
    std::cout << "initial user PIN of UKey " << serial << " written to " << file
              << " (hand it to the unit; the platform no longer keeps it)\n";
  } else {
    std::cout << "initial user PIN of UKey " << serial << ": " << pin
              << " (shown once: hand it to the unit; the platform no longer keeps it)\n";
  }
  return {};
}

Status deliver_seal(const ClientOptions& o) {
  const std::string seal_id = o.id.empty() ? o.seal : o.id;
  GMSEAL_RETURN_IF_ERROR(keys::check_seal_id(seal_id));
  GMSEAL_ASSIGN_OR_RETURN(std::unique_ptr<PlatformClient> platform, log_in(o));
  GMSEAL_ASSIGN_OR_RETURN(const json seal, platform->get_json("/api/v1/seals/" + o.seal));
  if (seal.value("carrier", "") != "ukey") {
    return make_error("client.not_ukey", "seal " + o.seal + " is held by the server (carrier " +
                                             seal.value("carrier", "?") + "), not on a UKey");
  }
  if (seal.value("status", "") != "valid") {
    return make_error("client.seal_not_valid",
                      "seal " + o.seal + " is " + seal.value("status", "?") + ", not valid");
  }
  const bool platform_issued = seal.contains("ukey");
  if (platform_issued && given(o.admin_pin)) {
    return make_error("cli.usage",
                      "the platform issued this seal's UKey and releases its admin PIN itself; "
                      "drop --admin-pin-env / --admin-pin-file");
  }

  // 1. The token in hand must carry the seal's signer certificate.
  GMSEAL_ASSIGN_OR_RETURN(OpenToken token, open_token(o.token, seal));
  keys::SkfApplication& app = token.session.application;
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfContainer container, app.open_container(token.container));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes cert_der, container.export_certificate(true));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate signer,
                          crypto::Certificate::from_der(cert_der));
  const std::string cert_sm3 = hex_encode(signer.sm3_fingerprint());
  if (cert_sm3 != seal.value("signerCertSm3", "")) {
    return make_error("client.wrong_ukey", "container '" + token.container + "' of UKey " +
                                               token.serial + " holds the certificate " + cert_sm3 +
                                               ", not seal " + o.seal + "'s signer certificate " +
                                               seal.value("signerCertSm3", "?"));
  }

  // 2. The admin PIN, verified on the token before anything changes on the platform.
  std::string admin_pin;
  std::optional<std::string> user_pin;
  if (platform_issued) {
    GMSEAL_ASSIGN_OR_RETURN(const json release,
                            platform->post_json("/api/v1/seals/" + o.seal + "/ukey-delivery",
                                                {{"serial", token.serial}}));
    admin_pin = release.value("adminPin", "");
    if (release.contains("userPin") && release.at("userPin").is_string()) {
      user_pin = release.at("userPin").get<std::string>();
    }
  } else {
    GMSEAL_ASSIGN_OR_RETURN(admin_pin,
                            read_secret(o.admin_pin, "admin PIN of UKey " + token.serial));
  }
  GMSEAL_RETURN_IF_ERROR(app.verify_pin(keys::SkfPinType::kAdmin, admin_pin));

  // 3. The seal file (the application becomes delivered), checked, written and read back.
  GMSEAL_ASSIGN_OR_RETURN(const Bytes der,
                          platform->get_bytes("/api/v1/seals/" + o.seal + "/download"));
  // Delivered: from now on only this handover knows the initial user PIN.
  if (user_pin) GMSEAL_RETURN_IF_ERROR(hand_over_user_pin(*user_pin, token.serial, o.user_pin_out));
  GMSEAL_RETURN_IF_ERROR(check_seal(der, signer, o.seal, o.trust));
  GMSEAL_RETURN_IF_ERROR(keys::write_seal(app, seal_id, der));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes stored, keys::read_seal(app, seal_id));
  GMSEAL_RETURN_IF_ERROR(app.clear_secure_state());
  if (stored != der) {
    return make_error("client.write_mismatch", "the seal read back from UKey " + token.serial +
                                                   " differs from the one written");
  }
  std::cout << "seal " << o.seal << " (" << der.size() << " bytes) written to UKey " << token.serial
            << " (device " << token.session.device_name << ", application " << app.name() << ") as "
            << keys::kSealFilePrefix << seal_id << "\n"
            << "  signing key: container '" << token.container << "', certificate SM3 " << cert_sm3
            << "\n";
  return {};
}

Status unblock_ukey(const ClientOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(std::unique_ptr<PlatformClient> platform, log_in(o));
  GMSEAL_ASSIGN_OR_RETURN(const json application,
                          platform->get_json("/api/v1/applications/" + o.application));
  if (application.value("kind", "") != "unlock") {
    return make_error("client.not_unlock", "application " + o.application + " is a " +
                                               application.value("kind", "?") +
                                               " application, not an unlock");
  }
  const std::string code = application.value("targetSealCode", "");
  GMSEAL_ASSIGN_OR_RETURN(const json seal, platform->get_json("/api/v1/seals/" + code));
  if (!seal.contains("ukey")) {
    return make_error("ukey.not_found", "the platform issued no UKey for seal " + code);
  }
  GMSEAL_ASSIGN_OR_RETURN(OpenToken token, open_token(o.token, seal));
  GMSEAL_ASSIGN_OR_RETURN(const std::string new_pin, read_secret(o.new_pin, "new user PIN"));
  GMSEAL_ASSIGN_OR_RETURN(
      const json release,
      platform->post_json("/api/v1/applications/" + o.application + "/unlock-pin", json::object()));
  if (release.value("serial", "") != token.serial) {
    return make_error("client.wrong_ukey", "the admin PIN released is for UKey " +
                                               release.value("serial", "?") + ", not " +
                                               token.serial);
  }
  std::uint32_t remaining = 0;
  GMSEAL_RETURN_IF_ERROR(
      token.session.application.unblock_pin(release.value("adminPin", ""), new_pin, &remaining));
  std::cout << "user PIN of UKey " << token.serial << " (seal " << code
            << ") reset and unblocked; application " << o.application << " delivered\n";
  return {};
}

int run(const Status& status) {
  return status.ok() ? static_cast<int>(kExitOk) : report_error(status.error());
}

void add_client_commands(CLI::App& app, CommandContext& context) {
  CLI::App* client =
      app.add_subcommand("client", "operator tasks against the seal platform's API (docs/api.md)");
  client->require_subcommand(1);
  auto o = std::make_shared<ClientOptions>();
  const auto login_options = [&](CLI::App* command) {
    command->add_option("--server", o->server, "the platform's URL, e.g. http://127.0.0.1:8600")
        ->required();
    command->add_option("--user", o->user, "operator user name")->required();
    add_secret_sources(command, "password", o->password, "the user's password");
    add_tls_ca_flag(command);  // for an https --server
  };

  CLI::App* deliver = client->add_subcommand(
      "deliver-seal", "download a made seal and write it onto its UKey (delivers it)");
  login_options(deliver);
  deliver->add_option("--seal", o->seal, "seal code")->required();
  deliver
      ->add_option("--token", o->token,
                   "the UKey: skf:lib=PATH[;dev=NAME][;app=NAME][;con=NAME] (dev, app and con "
                   "default to the UKey the platform issued)")
      ->required();
  deliver->add_option("--id", o->id, "seal id on the token (default: the seal code)");
  deliver->add_option("--trust", o->trust,
                      "the province's root certificate: the seal maker must chain to it");
  deliver->add_option("--user-pin-out", o->user_pin_out,
                      "write the initial user PIN of a platform-issued UKey here (mode 0600) "
                      "instead of showing it");
  add_secret_sources(deliver, "admin-pin", o->admin_pin,
                     "admin PIN of a unit's own UKey (platform-issued UKeys: from the platform)");
  on_run(deliver, context, [o] { return run(deliver_seal(*o)); });

  CLI::App* unblock = client->add_subcommand(
      "unblock-ukey", "carry out an approved unlock application on its UKey");
  login_options(unblock);
  unblock->add_option("--application", o->application, "the unlock application's id")->required();
  unblock->add_option("--token", o->token, "the UKey: skf:lib=PATH[;dev=NAME]")->required();
  add_secret_sources(unblock, "new-pin", o->new_pin, "the new user PIN");
  on_run(unblock, context, [o] { return run(unblock_ukey(*o)); });
}

const CommandRegistrar kRegistrar(210, add_client_commands);

}  // namespace

}  // namespace gmseal::cli
