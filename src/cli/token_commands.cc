// gmseal token: UKeys (GM/T 0016 SKF) and crypto devices (GM/T 0018 SDF) through their vendor
// libraries, and the initialisation of gmseal's software tokens.
//
//   token skf init --root DIR --label L [--device NAME] --admin-pin* --user-pin*
//   token sdf init --root DIR [--index N --password*]
//   token sdf gen-key --root DIR --index N --password*
//   token sdf change-password --root DIR --index N --password* --new-password*
//   token list|info --token URI      (sdf: without ';index=' lists the device's key indexes)
//   token gen-key|csr|import-cert|export-cert --token URI ...
//   token write-seal|read-seal|seals --token URI ...
//   token change-pin|unblock-pin --token URI ...
// (* each secret also as --X-env VAR / --X-file PATH, else asked on the terminal)
// --root sets GMSEAL_SKF_ROOT / GMSEAL_SDF_ROOT for gmseal's own soft tokens.
#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/secrets.h"
#include "crypto/csr.h"
#include "keys/sdf_library.h"
#include "keys/soft/sdf_store.h"
#include "keys/soft/skf_store.h"
#include "keys/token_signer.h"
#include "keys/ukey_seals.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

struct TokenOptions {
  std::string token, root, device = "ukey0", label, app = std::string(keys::kDefaultSkfApplication);
  std::string auth_key, out, cert, seal, id, name, id_code, pubout;
  SecretOptions admin_pin, user_pin, pin, new_pin, password, new_password;
  std::uint32_t admin_retries = 10, user_retries = 6, index = 0, kdf_iterations = 20000;
  bool admin = false;
};

void add_secret(CLI::App* command, const std::string& name, SecretOptions& secret,
                const std::string& what) {
  command->add_option("--" + name, secret.value, what + " (visible to ps: tests only)");
  command->add_option("--" + name + "-env", secret.env, what + " from this environment variable");
  command->add_option("--" + name + "-file", secret.file, what + " from the first line of a file");
}

void set_root(const std::string& scheme, const std::string& root) {
  if (root.empty()) return;
  ::setenv(scheme == "sdf" ? "GMSEAL_SDF_ROOT" : "GMSEAL_SKF_ROOT", root.c_str(), 1);
}

Result<keys::TokenUri> token_uri(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(keys::TokenUri uri, keys::TokenUri::parse(o.token));
  set_root(uri.scheme, o.root);
  return uri;
}

// The user PIN: the URI's pin source, else --pin options, else the terminal.
Result<std::string> user_pin(const keys::TokenUri& uri, const SecretOptions& pin) {
  if (uri.has("pin") || uri.has("pin-env") || uri.has("pin-file")) {
    return keys::resolve_pin(uri, "user PIN");
  }
  return read_secret(pin, "user PIN");
}

Result<keys::SkfSession> open_logged_in(const keys::TokenUri& uri, const SecretOptions& pin) {
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfSession session, keys::open_skf_application(uri));
  GMSEAL_ASSIGN_OR_RETURN(const std::string value, user_pin(uri, pin));
  GMSEAL_RETURN_IF_ERROR(session.application.verify_pin(keys::SkfPinType::kUser, value));
  return session;
}

Status require_container(const keys::TokenUri& uri) {
  if (uri.scheme != "skf" || uri.get("con").empty()) {
    return make_error("cli.usage", "this command needs an skf: URI with ';con=NAME'");
  }
  return {};
}

std::string rights_text(std::uint32_t rights) {
  switch (rights) {
    case 0x00:
      return "never";
    case 0x01:
      return "admin";
    case 0x10:
      return "user";
    case 0xff:
      return "anyone";
    default:
      return std::to_string(rights);
  }
}

int run(const Status& status) {
  return status.ok() ? static_cast<int>(kExitOk) : report_error(status.error());
}

// ---- init (gmseal's software tokens) ----

Status skf_init(const TokenOptions& o) {
  keys::soft::SkfDeviceSpec device_spec;
  device_spec.label = o.label;
  if (!o.auth_key.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(device_spec.dev_auth_key, hex_decode(o.auth_key));
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::string admin_pin, read_secret(o.admin_pin, "admin PIN"));
  GMSEAL_ASSIGN_OR_RETURN(const std::string user_pin, read_secret(o.user_pin, "user PIN"));
  std::error_code ec;
  std::filesystem::create_directories(o.root, ec);
  GMSEAL_ASSIGN_OR_RETURN(keys::soft::SkfDeviceStore device,
                          keys::soft::SkfDeviceStore::create(o.root, o.device, device_spec));
  keys::soft::SkfAppSpec app_spec;
  app_spec.admin_pin = admin_pin;
  app_spec.user_pin = user_pin;
  app_spec.admin_retries = o.admin_retries;
  app_spec.user_retries = o.user_retries;
  app_spec.kdf_iterations = o.kdf_iterations;
  app_spec.create_file_rights = keys::soft::kRightAdmin;
  auto app = device.create_application(o.app, app_spec);
  if (!app.ok()) {
    std::filesystem::remove_all(device.dir(), ec);  // no half-made device
    return app.error();
  }
  std::cout << "software UKey '" << o.device << "' created in " << o.root
            << "\n  label:       " << o.label << "\n  application: " << o.app << " (admin PIN "
            << o.admin_retries << " tries, user PIN " << o.user_retries
            << " tries; files created by admin)\n"
            << "  use with:    GMSEAL_SKF_ROOT=" << o.root
            << " and --token 'skf:lib=libgmseal_skf.so;dev=" << o.device << ";app=" << o.app
            << ";con=NAME'\n";
  return {};
}

Status sdf_init(const TokenOptions& o) {
  std::error_code ec;
  std::filesystem::create_directories(o.root, ec);
  GMSEAL_ASSIGN_OR_RETURN(keys::soft::SdfDeviceStore device,
                          keys::soft::SdfDeviceStore::create(o.root, {}));
  std::cout << "software crypto device created in " << o.root << "\n";
  if (o.index != 0) {
    GMSEAL_ASSIGN_OR_RETURN(const std::string password,
                            read_secret(o.password, "key access password"));
    GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey key,
                            device.generate_sign_key(o.index, password, o.kdf_iterations));
    std::cout << "SM2 signing key generated at index " << o.index << "\n" << key.to_pem();
  }
  return {};
}

Status sdf_gen_key(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(keys::soft::SdfDeviceStore device,
                          keys::soft::SdfDeviceStore::open(o.root));
  GMSEAL_ASSIGN_OR_RETURN(const std::string password,
                          read_secret(o.password, "key access password"));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey key,
                          device.generate_sign_key(o.index, password, o.kdf_iterations));
  if (!o.pubout.empty()) GMSEAL_RETURN_IF_ERROR(write_file_atomic(o.pubout, key.to_pem()));
  std::cout << "SM2 signing key generated at index " << o.index << "\n" << key.to_pem();
  return {};
}

Status sdf_change_password(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(keys::soft::SdfDeviceStore device,
                          keys::soft::SdfDeviceStore::open(o.root));
  GMSEAL_ASSIGN_OR_RETURN(const std::string old_password,
                          read_secret(o.password, "current key access password"));
  GMSEAL_ASSIGN_OR_RETURN(const std::string new_password,
                          read_secret(o.new_password, "new key access password"));
  GMSEAL_RETURN_IF_ERROR(device.change_key_password(o.index, old_password, new_password));
  std::cout << "access password of key index " << o.index << " changed\n";
  return {};
}

// ---- list / info ----

Status list_skf(const keys::TokenUri& uri) {
  GMSEAL_ASSIGN_OR_RETURN(const keys::AbiOptions abi, uri.abi());
  GMSEAL_ASSIGN_OR_RETURN(auto library, keys::SkfLibrary::load(uri.get("lib"), abi));
  if (!library->missing_functions().empty()) {
    std::cout << "library lacks (optional):";
    for (const auto& name : library->missing_functions()) std::cout << " " << name;
    std::cout << "\n";
  }
  GMSEAL_ASSIGN_OR_RETURN(const auto devices, library->enum_devices(true));
  if (devices.empty()) std::cout << "no device\n";
  for (const std::string& name : devices) {
    if (uri.has("dev") && uri.get("dev") != name) continue;
    GMSEAL_ASSIGN_OR_RETURN(keys::SkfDevice device, library->connect(name));
    GMSEAL_ASSIGN_OR_RETURN(const keys::SkfDeviceInfo info, device.info());
    std::cout << "device " << name << ": label '" << info.label << "', serial " << info.serial
              << ", " << info.manufacturer << ", free " << info.free_space << " of "
              << info.total_space << " bytes\n";
    GMSEAL_ASSIGN_OR_RETURN(const auto apps, device.applications());
    for (const std::string& app_name : apps) {
      GMSEAL_ASSIGN_OR_RETURN(keys::SkfApplication app, device.open_application(app_name));
      std::cout << "  application " << app_name << "\n";
      GMSEAL_ASSIGN_OR_RETURN(const auto containers, app.containers());
      for (const std::string& con_name : containers) {
        GMSEAL_ASSIGN_OR_RETURN(keys::SkfContainer con, app.open_container(con_name));
        auto type = con.type();
        std::cout << "    container " << con_name << " ("
                  << (!type.ok()   ? "?"
                      : *type == 2 ? "SM2"
                      : *type == 1 ? "RSA"
                                   : "empty");
        if (con.export_certificate(true).ok()) std::cout << ", signing certificate";
        std::cout << ")\n";
      }
      GMSEAL_ASSIGN_OR_RETURN(const auto seals, keys::list_seals(app));
      for (const std::string& seal : seals) std::cout << "    seal " << seal << "\n";
    }
  }
  return {};
}

Status info_skf(const keys::TokenUri& uri) {
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfSession session, keys::open_skf_application(uri));
  GMSEAL_ASSIGN_OR_RETURN(const keys::SkfDeviceInfo info, session.device.info());
  std::cout << "device:       " << session.device_name << " (label '" << info.label << "', serial "
            << info.serial << ", " << info.manufacturer << ")\n"
            << "space:        " << info.free_space << " of " << info.total_space << " bytes free\n"
            << "application:  " << session.application.name() << "\n";
  for (const auto type : {keys::SkfPinType::kUser, keys::SkfPinType::kAdmin}) {
    GMSEAL_ASSIGN_OR_RETURN(const keys::SkfPinInfo pin, session.application.pin_info(type));
    std::cout << (type == keys::SkfPinType::kUser ? "user PIN:     " : "admin PIN:    ")
              << pin.remaining << " of " << pin.max_retries << " tries left"
              << (pin.remaining == 0 ? " (LOCKED)" : "") << (pin.is_default ? " (default)" : "")
              << "\n";
  }
  GMSEAL_ASSIGN_OR_RETURN(const auto files, session.application.files());
  for (const std::string& file : files) {
    GMSEAL_ASSIGN_OR_RETURN(const keys::SkfFileInfo fi, session.application.file_info(file));
    std::cout << "file:         " << file << " (" << fi.size << " bytes, read "
              << rights_text(fi.read_rights) << ", write " << rights_text(fi.write_rights) << ")\n";
  }
  if (!uri.get("con").empty()) {
    GMSEAL_ASSIGN_OR_RETURN(keys::SkfContainer con,
                            session.application.open_container(uri.get("con")));
    std::cout << "container:    " << con.name() << "\n";
    if (auto key = con.sign_public_key(); key.ok()) std::cout << key->to_pem();
    if (auto der = con.export_certificate(true); der.ok()) {
      GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate cert, crypto::Certificate::from_der(*der));
      std::cout << "certificate:  " << cert.subject().to_string() << " (serial "
                << cert.serial_hex() << ")\n";
    }
  }
  return {};
}

// Key indexes `token list|info` probe on an sdf: device without ';index='. GM/T 0018 has no
// function that enumerates keys, so each index is asked for its signing public key
// (SDF_ExportSignPublicKey_ECC); 1..64 covers the indexes devices are usually provisioned with.
constexpr std::uint32_t kSdfProbedIndexes = 64;

// The device (SDF_GetDeviceInfo), the optional functions the library lacks, then either the key
// at the URI's index or every probed index that holds a signing key.
Status describe_sdf(const keys::TokenUri& uri) {
  GMSEAL_ASSIGN_OR_RETURN(const keys::AbiOptions abi, uri.abi());
  GMSEAL_ASSIGN_OR_RETURN(auto library, keys::SdfLibrary::load(uri.get("lib"), abi));
  GMSEAL_ASSIGN_OR_RETURN(keys::SdfSession session, library->open_session());
  GMSEAL_ASSIGN_OR_RETURN(const keys::SdfDeviceInfo info, session.device_info());
  std::cout << "device:       " << info.name << " (issuer " << info.issuer << ", serial "
            << info.serial << ")\n";
  if (!library->missing_functions().empty()) {
    std::cout << "library lacks (optional):";
    for (const auto& name : library->missing_functions()) std::cout << " " << name;
    std::cout << "\n";
  }
  if (uri.has("index")) {
    const auto index = static_cast<std::uint32_t>(std::stoul(uri.get("index")));
    GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey key, session.sign_public_key(index));
    std::cout << "signing key at index " << index << ":\n" << key.to_pem();
    return {};
  }
  std::vector<std::uint32_t> found;
  for (std::uint32_t index = 1; index <= kSdfProbedIndexes; ++index) {
    auto key = session.sign_public_key(index);
    // No key, a key of another kind, or an index past the device's range (SDR_KEYNOTEXIST,
    // SDR_KEYTYPEERR, SDR_INARGERR): no signing key there. Anything else is a device error.
    const std::string code = key.ok() ? "" : key.error().code;
    if (key.ok()) {
      found.push_back(index);
    } else if (code != "keys.sdf.key_not_found" && code != "keys.sdf.key_type" &&
               code != "keys.sdf.bad_input") {
      return key.error();
    }
  }
  std::cout << "signing keys: ";
  if (found.empty()) std::cout << "none";
  for (std::size_t i = 0; i < found.size(); ++i) std::cout << (i ? ", " : "") << found[i];
  std::cout << " (indexes 1.." << kSdfProbedIndexes
            << " probed; add ';index=N' for a key's public key)\n";
  return {};
}

// GM/T 0018 leaves key provisioning to each device's own administration: the standard's
// SDF_GenerateKeyPair_ECC returns the key pair to the caller (an external key) and no function
// stores a key at an index or changes a key's access password.
Error sdf_admin_only(const std::string& what, const std::string& command) {
  return make_error("cli.usage",
                    "GM/T 0018 (SDF) has no standard function to " + what +
                        ": that is the device's own administration. For gmseal's soft device "
                        "use 'gmseal token " +
                        command + "'; for a hardware device, its vendor's admin tool",
                    "token");
}

// The commands that work on UKey applications and containers only.
Status require_skf(const keys::TokenUri& uri, const std::string& command) {
  if (uri.scheme == "skf") return {};
  return make_error("cli.usage",
                    "'gmseal token " + command + "' works on a UKey (skf: URI); " + uri.scheme +
                        ": devices hold no applications, containers or files for it",
                    "token");
}

// ---- keys and certificates ----

Status gen_key(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(const keys::TokenUri uri, token_uri(o));
  if (uri.scheme == "sdf") {
    return sdf_admin_only("generate a key pair and store it at a key index",
                          "sdf gen-key --root DIR --index N");
  }
  GMSEAL_RETURN_IF_ERROR(require_container(uri));
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfSession session, open_logged_in(uri, o.pin));
  GMSEAL_ASSIGN_OR_RETURN(const auto containers, session.application.containers());
  const std::string con_name = uri.get("con");
  if (std::find(containers.begin(), containers.end(), con_name) == containers.end()) {
    GMSEAL_RETURN_IF_ERROR(session.application.create_container(con_name));
  }
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfContainer con, session.application.open_container(con_name));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey key, con.generate_sign_key());
  if (!o.pubout.empty()) GMSEAL_RETURN_IF_ERROR(write_file_atomic(o.pubout, key.to_pem()));
  std::cout << "SM2 signing key generated in container '" << con_name << "'\n" << key.to_pem();
  return {};
}

Status make_csr(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(const keys::TokenUri uri, token_uri(o));
  keys::SignerOptions signer_options;
  signer_options.prompt = terminal_prompt();
  GMSEAL_ASSIGN_OR_RETURN(auto signer, keys::make_signer(o.token, signer_options));
  crypto::DistinguishedName subject;
  subject.attributes = {{std::string(crypto::kOidCountry), "C", "CN"},
                        {std::string(crypto::kOidOrganization), "O", o.name},
                        {std::string(crypto::kOidCommonName), "CN", o.name}};
  GMSEAL_ASSIGN_OR_RETURN(const crypto::CertificateRequest request,
                          crypto::CertificateRequest::create(subject, *signer));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(o.out, request.pem()));
  std::cout << "certificate request for '" << subject.to_string() << "' written to " << o.out
            << "\n";
  return {};
}

Status import_cert(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(const keys::TokenUri uri, token_uri(o));
  GMSEAL_RETURN_IF_ERROR(require_skf(uri, "import-cert"));
  GMSEAL_RETURN_IF_ERROR(require_container(uri));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate cert, load_certificate(o.cert));
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfSession session, open_logged_in(uri, o.pin));
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfContainer con,
                          session.application.open_container(uri.get("con")));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey key, con.sign_public_key());
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey cert_key, cert.public_key());
  if (!(key == cert_key)) {
    return make_error("keys.cert.key_mismatch", "'" + o.cert +
                                                    "' certifies a different key than the one "
                                                    "in container '" +
                                                    uri.get("con") + "'");
  }
  GMSEAL_RETURN_IF_ERROR(con.import_certificate(true, cert.der()));
  std::cout << "signing certificate '" << cert.subject().to_string()
            << "' imported into container '" << uri.get("con") << "'\n";
  return {};
}

Status export_cert(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(const keys::TokenUri uri, token_uri(o));
  GMSEAL_RETURN_IF_ERROR(require_skf(uri, "export-cert"));
  GMSEAL_RETURN_IF_ERROR(require_container(uri));
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfSession session, keys::open_skf_application(uri));
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfContainer con,
                          session.application.open_container(uri.get("con")));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes der, con.export_certificate(true));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate cert, crypto::Certificate::from_der(der));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(o.out, cert.pem()));
  std::cout << "signing certificate '" << cert.subject().to_string() << "' written to " << o.out
            << "\n";
  return {};
}

// ---- seals ----

Status write_seal(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(const keys::TokenUri uri, token_uri(o));
  GMSEAL_RETURN_IF_ERROR(require_skf(uri, "write-seal"));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes seal, read_file(o.seal));
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfSession session, keys::open_skf_application(uri));
  GMSEAL_ASSIGN_OR_RETURN(const std::string admin_pin, read_secret(o.admin_pin, "admin PIN"));
  GMSEAL_RETURN_IF_ERROR(session.application.verify_pin(keys::SkfPinType::kAdmin, admin_pin));
  GMSEAL_RETURN_IF_ERROR(keys::write_seal(session.application, o.id, seal));
  std::cout << "seal '" << o.id << "' (" << seal.size() << " bytes) written as file "
            << keys::kSealFilePrefix << o.id << " of application " << session.application.name()
            << "\n";
  return {};
}

Status read_seal(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(const keys::TokenUri uri, token_uri(o));
  GMSEAL_RETURN_IF_ERROR(require_skf(uri, "read-seal"));
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfSession session, keys::open_skf_application(uri));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes seal, keys::read_seal(session.application, o.id));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(o.out, ByteView(seal)));
  std::cout << "seal '" << o.id << "' (" << seal.size() << " bytes) written to " << o.out << "\n";
  return {};
}

Status list_seal_files(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(const keys::TokenUri uri, token_uri(o));
  GMSEAL_RETURN_IF_ERROR(require_skf(uri, "seals"));
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfSession session, keys::open_skf_application(uri));
  GMSEAL_ASSIGN_OR_RETURN(const auto seals, keys::list_seals(session.application));
  for (const std::string& id : seals) std::cout << id << "\n";
  return {};
}

// ---- PINs ----

Status change_pin(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(const keys::TokenUri uri, token_uri(o));
  if (uri.scheme == "sdf") {
    return sdf_admin_only("change a key's access password",
                          "sdf change-password --root DIR --index N");
  }
  GMSEAL_RETURN_IF_ERROR(require_skf(uri, "change-pin"));
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfSession session, keys::open_skf_application(uri));
  std::string old_pin;
  if (o.admin) {
    GMSEAL_ASSIGN_OR_RETURN(old_pin, read_secret(o.admin_pin, "current admin PIN"));
  } else {
    GMSEAL_ASSIGN_OR_RETURN(old_pin, user_pin(uri, o.pin));
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::string new_pin, read_secret(o.new_pin, "new PIN"));
  std::uint32_t remaining = 0;
  GMSEAL_RETURN_IF_ERROR(session.application.change_pin(
      o.admin ? keys::SkfPinType::kAdmin : keys::SkfPinType::kUser, old_pin, new_pin, &remaining));
  std::cout << (o.admin ? "admin" : "user") << " PIN changed\n";
  return {};
}

Status unblock_pin(const TokenOptions& o) {
  GMSEAL_ASSIGN_OR_RETURN(const keys::TokenUri uri, token_uri(o));
  GMSEAL_RETURN_IF_ERROR(require_skf(uri, "unblock-pin"));
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfSession session, keys::open_skf_application(uri));
  GMSEAL_ASSIGN_OR_RETURN(const std::string admin_pin, read_secret(o.admin_pin, "admin PIN"));
  GMSEAL_ASSIGN_OR_RETURN(const std::string new_pin, read_secret(o.new_pin, "new user PIN"));
  std::uint32_t remaining = 0;
  GMSEAL_RETURN_IF_ERROR(session.application.unblock_pin(admin_pin, new_pin, &remaining));
  std::cout << "user PIN reset and unblocked\n";
  return {};
}

void add_token_commands(CLI::App& app, CommandContext& context) {
  CLI::App* token =
      app.add_subcommand("token", "UKeys (GM/T 0016 SKF) and crypto devices (GM/T 0018 SDF)");
  token->require_subcommand(1);
  auto o = std::make_shared<TokenOptions>();

  const auto uri_option = [&](CLI::App* command) {
    command->add_option("--token", o->token, "token URI, e.g. skf:lib=PATH;dev=D;app=A;con=C")
        ->required();
    command->add_option("--root", o->root,
                        "folder of gmseal's soft token (sets GMSEAL_SKF_ROOT / GMSEAL_SDF_ROOT)");
  };

  // gmseal token skf init / gmseal token sdf init|gen-key|change-password
  CLI::App* skf = token->add_subcommand("skf", "gmseal's software UKey");
  skf->require_subcommand(1);
  CLI::App* skf_init_cmd = skf->add_subcommand("init", "create a software UKey device");
  skf_init_cmd->add_option("--root", o->root, "token root folder")->required();
  skf_init_cmd->add_option("--device", o->device, "device name (default ukey0)");
  skf_init_cmd->add_option("--label", o->label, "device label (up to 32 bytes)")->required();
  skf_init_cmd->add_option("--app", o->app, "application name (default GMSEAL)");
  skf_init_cmd->add_option("--admin-retries", o->admin_retries, "admin PIN tries (default 10)");
  skf_init_cmd->add_option("--user-retries", o->user_retries, "user PIN tries (default 6)");
  skf_init_cmd->add_option("--kdf-iterations", o->kdf_iterations,
                           "PBKDF2-HMAC-SM3 iterations for the PINs (default 20000)");
  skf_init_cmd->add_option("--auth-key", o->auth_key,
                           "device authentication key, 16 bytes hex (default random)");
  add_secret(skf_init_cmd, "admin-pin", o->admin_pin, "admin PIN (6..64 characters)");
  add_secret(skf_init_cmd, "user-pin", o->user_pin, "user PIN (6..64 characters)");
  on_run(skf_init_cmd, context, [o] { return run(skf_init(*o)); });

  CLI::App* sdf = token->add_subcommand("sdf", "gmseal's software crypto device");
  sdf->require_subcommand(1);
  CLI::App* sdf_init_cmd = sdf->add_subcommand("init", "create a software crypto device");
  sdf_init_cmd->add_option("--root", o->root, "device folder")->required();
  sdf_init_cmd->add_option("--index", o->index, "also generate a signing key at this index");
  sdf_init_cmd->add_option("--kdf-iterations", o->kdf_iterations, "PBKDF2 iterations");
  add_secret(sdf_init_cmd, "password", o->password, "key access password");
  on_run(sdf_init_cmd, context, [o] { return run(sdf_init(*o)); });
  CLI::App* sdf_gen = sdf->add_subcommand("gen-key", "generate an SM2 signing key at an index");
  sdf_gen->add_option("--root", o->root, "device folder")->required();
  sdf_gen->add_option("--index", o->index, "key index 1..1024")->required();
  sdf_gen->add_option("--pubout", o->pubout, "write the public key (PEM)");
  sdf_gen->add_option("--kdf-iterations", o->kdf_iterations, "PBKDF2 iterations");
  add_secret(sdf_gen, "password", o->password, "key access password");
  on_run(sdf_gen, context, [o] { return run(sdf_gen_key(*o)); });
  CLI::App* sdf_pw = sdf->add_subcommand("change-password", "change a key's access password");
  sdf_pw->add_option("--root", o->root, "device folder")->required();
  sdf_pw->add_option("--index", o->index, "key index")->required();
  add_secret(sdf_pw, "password", o->password, "current access password");
  add_secret(sdf_pw, "new-password", o->new_password, "new access password");
  on_run(sdf_pw, context, [o] { return run(sdf_change_password(*o)); });

  CLI::App* list = token->add_subcommand("list", "devices, applications, containers and seals");
  uri_option(list);
  on_run(list, context, [o] {
    auto uri = token_uri(*o);
    if (!uri.ok()) return report_error(uri.error());
    if (uri->scheme == "sdf") return run(describe_sdf(*uri));
    return run(list_skf(*uri));
  });

  CLI::App* info = token->add_subcommand("info", "device, PIN counters, files, key and cert");
  uri_option(info);
  on_run(info, context, [o] {
    auto uri = token_uri(*o);
    if (!uri.ok()) return report_error(uri.error());
    return run(uri->scheme == "sdf" ? describe_sdf(*uri) : info_skf(*uri));
  });

  CLI::App* gen = token->add_subcommand("gen-key", "generate an SM2 signing key in a container");
  uri_option(gen);
  add_secret(gen, "pin", o->pin, "user PIN");
  gen->add_option("--pubout", o->pubout, "write the public key (PEM)");
  on_run(gen, context, [o] { return run(gen_key(*o)); });

  CLI::App* csr = token->add_subcommand("csr", "a PKCS#10 request signed by the token's key");
  uri_option(csr);
  csr->add_option("--name", o->name, "subject name (O and CN)")->required();
  csr->add_option("--out", o->out, "request output (PEM)")->required();
  on_run(csr, context, [o] { return run(make_csr(*o)); });

  CLI::App* import = token->add_subcommand("import-cert", "store the signing certificate");
  uri_option(import);
  import->add_option("--cert", o->cert, "certificate (PEM or DER)")->required();
  add_secret(import, "pin", o->pin, "user PIN");
  on_run(import, context, [o] { return run(import_cert(*o)); });

  CLI::App* export_cmd = token->add_subcommand("export-cert", "read the signing certificate");
  uri_option(export_cmd);
  export_cmd->add_option("--out", o->out, "certificate output (PEM)")->required();
  on_run(export_cmd, context, [o] { return run(export_cert(*o)); });

  CLI::App* write = token->add_subcommand("write-seal", "store a DER seal on the UKey (admin)");
  uri_option(write);
  write->add_option("--id", o->id, "seal id: 1..26 of A-Z a-z 0-9 _ -")->required();
  write->add_option("--seal", o->seal, "DER seal file (SES_Seal)")->required();
  add_secret(write, "admin-pin", o->admin_pin, "admin PIN");
  on_run(write, context, [o] { return run(write_seal(*o)); });

  CLI::App* read = token->add_subcommand("read-seal", "copy a seal from the UKey to a file");
  uri_option(read);
  read->add_option("--id", o->id, "seal id")->required();
  read->add_option("--out", o->out, "output file (DER)")->required();
  on_run(read, context, [o] { return run(read_seal(*o)); });

  CLI::App* seals = token->add_subcommand("seals", "list the seals on a UKey");
  uri_option(seals);
  on_run(seals, context, [o] { return run(list_seal_files(*o)); });

  CLI::App* change = token->add_subcommand("change-pin", "change the user (or admin) PIN");
  uri_option(change);
  change->add_flag("--admin", o->admin, "change the admin PIN instead");
  add_secret(change, "pin", o->pin, "current user PIN");
  add_secret(change, "admin-pin", o->admin_pin, "current admin PIN (with --admin)");
  add_secret(change, "new-pin", o->new_pin, "new PIN");
  on_run(change, context, [o] { return run(change_pin(*o)); });

  CLI::App* unblock = token->add_subcommand("unblock-pin", "reset a locked user PIN (admin)");
  uri_option(unblock);
  add_secret(unblock, "admin-pin", o->admin_pin, "admin PIN");
  add_secret(unblock, "new-pin", o->new_pin, "new user PIN");
  on_run(unblock, context, [o] { return run(unblock_pin(*o)); });
}

const CommandRegistrar kRegistrar(65, add_token_commands);

}  // namespace

}  // namespace gmseal::cli
