#include "keys/token_signer.h"

#include <cstdlib>

#include "crypto/sm2.h"
#include "util/file_io.h"

namespace gmseal::keys {

Result<std::string> resolve_pin(const TokenUri& uri, const std::string& what,
                                const PinPrompt& prompt) {
  if (uri.has("pin")) return uri.get("pin");
  if (uri.has("pin-env")) {
    const char* value = std::getenv(uri.get("pin-env").c_str());
    if (value == nullptr) {
      return make_error(
          "keys.pin.env_unset",
          "environment variable '" + uri.get("pin-env") + "' (the " + what + ") is not set",
          "pin-env");
    }
    return std::string(value);
  }
  if (uri.has("pin-file")) {
    GMSEAL_ASSIGN_OR_RETURN(std::string text, read_text_file(uri.get("pin-file")));
    const std::size_t newline = text.find_first_of("\r\n");
    if (newline != std::string::npos) text.resize(newline);
    return text;
  }
  if (prompt) return prompt(what);
  return make_error("keys.pin.missing",
                    "no " + what + " given: add pin-env=VAR or pin-file=PATH to the URI");
}

Result<std::string> resolve_skf_device(SkfLibrary& library, const TokenUri& uri) {
  if (uri.has("dev")) return uri.get("dev");
  GMSEAL_ASSIGN_OR_RETURN(const std::vector<std::string> devices, library.enum_devices(true));
  if (devices.empty()) {
    return make_error("keys.skf.no_device", "'" + library.path() + "' lists no device");
  }
  return devices.front();
}

Result<SkfSession> open_skf_application(const TokenUri& uri) {
  if (uri.scheme != "skf") {
    return make_error("keys.uri.wrong_scheme", "this needs an skf: URI (a UKey application)");
  }
  GMSEAL_ASSIGN_OR_RETURN(const AbiOptions abi, uri.abi());
  GMSEAL_ASSIGN_OR_RETURN(std::shared_ptr<SkfLibrary> library,
                          SkfLibrary::load(uri.get("lib"), abi));
  GMSEAL_ASSIGN_OR_RETURN(const std::string device_name, resolve_skf_device(*library, uri));
  GMSEAL_ASSIGN_OR_RETURN(SkfDevice device, library->connect(device_name));
  GMSEAL_ASSIGN_OR_RETURN(
      SkfApplication application,
      device.open_application(uri.get("app", std::string(kDefaultSkfApplication))));
  return SkfSession{library, device_name, std::move(device), std::move(application)};
}

Result<std::unique_ptr<SkfSigner>> SkfSigner::open(const std::shared_ptr<SkfLibrary>& library,
                                                   const std::string& device,
                                                   const std::string& application,
                                                   const std::string& container,
                                                   const std::string& user_pin) {
  GMSEAL_ASSIGN_OR_RETURN(SkfDevice dev, library->connect(device));
  GMSEAL_ASSIGN_OR_RETURN(SkfApplication app, dev.open_application(application));
  GMSEAL_RETURN_IF_ERROR(app.verify_pin(SkfPinType::kUser, user_pin));
  GMSEAL_ASSIGN_OR_RETURN(SkfContainer con, app.open_container(container));
  GMSEAL_ASSIGN_OR_RETURN(crypto::Sm2PublicKey key, con.sign_public_key());
  return std::unique_ptr<SkfSigner>(
      new SkfSigner(std::move(dev), std::move(app), std::move(con), std::move(key)));
}

Result<Bytes> SkfSigner::sign_digest(ByteView digest) { return container_.sign_digest(digest); }

Result<Bytes> SkfSigner::certificate() { return container_.export_certificate(true); }

Result<std::unique_ptr<SdfSigner>> SdfSigner::open(const std::shared_ptr<SdfLibrary>& library,
                                                   std::uint32_t index,
                                                   const std::string& password) {
  GMSEAL_ASSIGN_OR_RETURN(SdfSession session, library->open_session());
  GMSEAL_RETURN_IF_ERROR(session.get_private_key_access(index, password));
  GMSEAL_ASSIGN_OR_RETURN(crypto::Sm2PublicKey key, session.sign_public_key(index));
  return std::unique_ptr<SdfSigner>(new SdfSigner(std::move(session), index, std::move(key)));
}

Result<Bytes> SdfSigner::sign_digest(ByteView digest) {
  return session_.sign_digest(index_, digest);
}

Result<std::unique_ptr<crypto::Signer>> load_soft_signer(const std::string& path,
                                                         const std::string& password) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes data, read_file(path));
  auto key = crypto::Sm2PrivateKey::from_der(data, password);
  if (!key.ok()) {
    return make_error(key.error().code, "'" + path + "': " + key.error().message,
                      key.error().field);
  }
  return std::unique_ptr<crypto::Signer>(new crypto::SoftSigner(std::move(*key)));
}

Result<std::unique_ptr<crypto::Signer>> make_signer(std::string_view text,
                                                    const SignerOptions& options) {
  GMSEAL_ASSIGN_OR_RETURN(const TokenUri uri, TokenUri::parse(text));
  GMSEAL_ASSIGN_OR_RETURN(const AbiOptions abi, uri.abi());
  if (uri.scheme == "skf") {
    if (uri.get("con").empty()) {
      return make_error("keys.uri.missing_parameter",
                        "signing with an skf: URI needs the container: add ';con=NAME'", "con");
    }
    GMSEAL_ASSIGN_OR_RETURN(auto library, SkfLibrary::load(uri.get("lib"), abi));
    GMSEAL_ASSIGN_OR_RETURN(const std::string device, resolve_skf_device(*library, uri));
    GMSEAL_ASSIGN_OR_RETURN(
        const std::string pin,
        resolve_pin(uri, "user PIN of " + uri.to_display_string(), options.prompt));
    GMSEAL_ASSIGN_OR_RETURN(
        auto signer,
        SkfSigner::open(library, device, uri.get("app", std::string(kDefaultSkfApplication)),
                        uri.get("con"), pin));
    return std::unique_ptr<crypto::Signer>(std::move(signer));
  }
  if (uri.scheme == "sdf") {
    if (uri.get("index").empty()) {
      return make_error("keys.uri.missing_parameter",
                        "signing with an sdf: URI needs the key index: add ';index=N'", "index");
    }
    GMSEAL_ASSIGN_OR_RETURN(auto library, SdfLibrary::load(uri.get("lib"), abi));
    GMSEAL_ASSIGN_OR_RETURN(
        const std::string password,
        resolve_pin(uri, "key access password of " + uri.to_display_string(), options.prompt));
    const auto index = static_cast<std::uint32_t>(std::stoul(uri.get("index")));
    GMSEAL_ASSIGN_OR_RETURN(auto signer, SdfSigner::open(library, index, password));
    return std::unique_ptr<crypto::Signer>(std::move(signer));
  }
  std::string password;
  if (uri.has("pin") || uri.has("pin-env") || uri.has("pin-file")) {
    GMSEAL_ASSIGN_OR_RETURN(password, resolve_pin(uri, "key password"));
  }
  return load_soft_signer(uri.get("path"), password);
}

}  // namespace gmseal::keys
