#include "server/ukey/ukey_station.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>

#include "crypto/random.h"
#include "keys/soft_tokens.h"
#include "keys/token_uri.h"

namespace gmseal::server {

namespace fs = std::filesystem;

namespace {

const std::string kIssuingApplication(keys::kDefaultSkfApplication);
constexpr std::uint32_t kCreateFileRightsAdmin = 0x01;  // SECURE_ADM_ACCOUNT

// What issuing calls beyond the functions every SKF library must have (skf_library.h).
const std::vector<std::string>& issuing_functions() {
  static const std::vector<std::string> names = {
      "SKF_GetDevInfo",      "SKF_GenRandom",         "SKF_DevAuth",
      "SKF_EnumApplication", "SKF_CreateApplication", "SKF_DeleteApplication",
      "SKF_CreateContainer", "SKF_GenECCKeyPair",     "SKF_ImportCertificate",
  };
  return names;
}

Error station_error(const std::string& message) {
  return make_error("ukey.station_config", message);
}

}  // namespace

Error no_ukey_station() {
  return make_error("ukey.station_unavailable",
                    "this platform has no UKey issuing station (gmseal server --ukey-library): a "
                    "UKey seal needs the unit's own signer certificate (seal.signerCertPem)",
                    "seal.carrier");
}

Result<std::unique_ptr<UkeyStation>> UkeyStation::open(const UkeyStationConfig& config) {
  const bool soft = !config.soft_root.empty();
  if (!soft && config.device_auth_key.size() != 16) {
    return station_error(
        "a UKey station with a vendor library needs the blank tokens' 16-byte device "
        "authentication key (GMSEAL_UKEY_AUTH_KEY, hex): SKF_CreateApplication requires "
        "SKF_DevAuth");
  }
  if (soft) {
    std::error_code ec;
    fs::create_directories(config.soft_root, ec);
    if (ec) {
      return station_error("cannot create the soft UKey folder " + config.soft_root.string() +
                           ": " + ec.message());
    }
    // libgmseal_skf.so finds its devices through GMSEAL_SKF_ROOT (tokens/skf-soft). Set once
    // here, before the server's threads start.
    ::setenv("GMSEAL_SKF_ROOT", fs::absolute(config.soft_root).c_str(), 1);
  }
  GMSEAL_ASSIGN_OR_RETURN(std::shared_ptr<keys::SkfLibrary> library,
                          keys::SkfLibrary::load(config.library));
  std::string lacking;
  for (const std::string& name : issuing_functions()) {
    const auto& missing = library->missing_functions();
    if (std::find(missing.begin(), missing.end(), name) != missing.end()) {
      lacking += (lacking.empty() ? "" : ", ") + name;
    }
  }
  if (!lacking.empty()) {
    return station_error("'" + config.library + "' cannot issue UKeys: it lacks " + lacking);
  }
  return std::unique_ptr<UkeyStation>(new UkeyStation(config, std::move(library)));
}

Result<UkeyStation::Blank> UkeyStation::take_blank(const std::string& label) {
  if (!config_.soft_root.empty()) {
    // A new soft device stands for the blank token put into the writer.
    const Bytes auth_key =
        config_.device_auth_key.size() == 16 ? config_.device_auth_key : crypto::random_bytes(16);
    GMSEAL_ASSIGN_OR_RETURN(std::string device,
                            keys::create_blank_soft_ukey(config_.soft_root, label, auth_key));
    return Blank{std::move(device), auth_key};
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::vector<std::string> devices, library_->enum_devices(true));
  for (const std::string& name : devices) {
    auto device = library_->connect(name);
    if (!device.ok()) continue;
    GMSEAL_ASSIGN_OR_RETURN(const std::vector<std::string> apps, device->applications());
    if (std::find(apps.begin(), apps.end(), kIssuingApplication) == apps.end()) {
      return Blank{name, config_.device_auth_key};
    }
  }
  return make_error("ukey.no_blank_device", "no blank UKey at the issuing station: every device " +
                                                library_->path() +
                                                " lists already has the application " +
                                                kIssuingApplication + "; insert a new token");
}

Result<IssuedUkey> UkeyStation::personalise(const Blank& blank, const UkeyOrder& order,
                                            const UkeyCertifier& certify) {
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfDevice device, library_->connect(blank.device));
  GMSEAL_ASSIGN_OR_RETURN(const keys::SkfDeviceInfo info, device.info());
  const auto& missing = library_->missing_functions();
  if (std::find(missing.begin(), missing.end(), "SKF_SetLabel") == missing.end()) {
    GMSEAL_RETURN_IF_ERROR(device.set_label(order.label));
  }
  GMSEAL_RETURN_IF_ERROR(device.authenticate(blank.auth_key));
  GMSEAL_ASSIGN_OR_RETURN(
      keys::SkfApplication app,
      device.create_application(kIssuingApplication, order.admin_pin, config_.admin_retries,
                                order.user_pin, config_.user_retries, kCreateFileRightsAdmin));
  GMSEAL_RETURN_IF_ERROR(app.verify_pin(keys::SkfPinType::kUser, order.user_pin));
  GMSEAL_RETURN_IF_ERROR(app.create_container(order.container));
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfContainer container, app.open_container(order.container));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey public_key, container.generate_sign_key());
  GMSEAL_ASSIGN_OR_RETURN(crypto::Certificate certificate, certify(public_key));
  GMSEAL_RETURN_IF_ERROR(container.import_certificate(true, certificate.der()));
  GMSEAL_RETURN_IF_ERROR(app.clear_secure_state());
  return IssuedUkey{info.serial, blank.device, kIssuingApplication, order.container,
                    std::move(certificate)};
}

Status UkeyStation::wipe(const std::string& device_name, ByteView auth_key) {
  if (!config_.soft_root.empty()) {
    std::error_code ec;
    fs::remove_all(config_.soft_root / device_name, ec);
    if (ec) {
      return make_error("ukey.discard_failed",
                        "cannot remove the soft UKey " + device_name + ": " + ec.message());
    }
    return {};
  }
  GMSEAL_ASSIGN_OR_RETURN(keys::SkfDevice device, library_->connect(device_name));
  GMSEAL_ASSIGN_OR_RETURN(const std::vector<std::string> apps, device.applications());
  if (std::find(apps.begin(), apps.end(), kIssuingApplication) == apps.end()) return {};
  GMSEAL_RETURN_IF_ERROR(device.authenticate(auth_key));
  return device.delete_application(kIssuingApplication);
}

Result<IssuedUkey> UkeyStation::issue(const UkeyOrder& order, const UkeyCertifier& certify) {
  std::lock_guard<std::mutex> lock(mutex_);
  GMSEAL_ASSIGN_OR_RETURN(const Blank blank, take_blank(order.label));
  auto issued = personalise(blank, order, certify);
  if (!issued.ok()) {
    // Leave the token blank; the issuing error is the one to report, a failed wipe is logged.
    if (auto wiped = wipe(blank.device, blank.auth_key); !wiped.ok()) {
      spdlog::warn("ukey station: cannot wipe {} after a failed issue: {}", blank.device,
                   wiped.error().to_string());
    }
    return issued.error();
  }
  return issued;
}

Status UkeyStation::discard(const std::string& device) {
  std::lock_guard<std::mutex> lock(mutex_);
  return wipe(device, config_.device_auth_key);
}

std::string UkeyStation::key_uri(const IssuedUkey& ukey) const {
  keys::TokenUri uri;
  uri.scheme = "skf";
  uri.params = {{"lib", library_->path()},
                {"dev", ukey.device},
                {"app", ukey.application},
                {"con", ukey.container}};
  return uri.to_display_string();
}

std::string UkeyStation::describe() const {
  if (!config_.soft_root.empty()) {
    return "soft UKeys made in " + config_.soft_root.string() + " (" + library_->path() + ")";
  }
  return "blank vendor UKeys through " + library_->path();
}

}  // namespace gmseal::server
