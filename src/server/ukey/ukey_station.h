// server::UkeyStation: the platform's UKey issuing station, a UKey writer attached to the server
// through an SKF library (GM/T 0016). For a seal whose carrier is a UKey and whose unit brought
// no certificate, approval has the station personalise a blank token:
//
//   1. take a blank device: with gmseal's soft UKey (`soft_root` set) a new device folder is
//      made under the root, as `gmseal token skf init` would; with a vendor library the first
//      present device without the issuing application is taken
//   2. device authentication (SKF_DevAuth) with the device-authentication key: the soft device
//      gets a random one that is forgotten afterwards; vendor blanks need the configured key
//   3. SKF_CreateApplication "GMSEAL" with the admin and user PINs (files created by admin, so
//      only the admin may place seals on the token)
//   4. user login, SKF_CreateContainer, SKF_GenECCKeyPair: the SM2 key is generated inside the
//      token and never leaves it
//   5. the caller certifies the public key (the built-in CA) and the certificate is imported
//      into the container (SKF_ImportCertificate)
//
// A failure at any step, or discard() when the approval does not commit, deletes the
// application again, so the token is blank for the next try (the soft device folder is
// removed). The station serialises its work: one token at a time, as one writer would.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "crypto/certificate.h"
#include "crypto/sm2_key.h"
#include "keys/skf_library.h"
#include "server/platform_config.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::server {

// What to put on the token.
struct UkeyOrder {
  std::string label;      // device label (SKF_SetLabel, up to 32 bytes): the seal code
  std::string container;  // container name: the seal code
  std::string admin_pin;
  std::string user_pin;
};

// Issues the signer certificate for the key generated on the token.
using UkeyCertifier =
    std::function<Result<crypto::Certificate>(const crypto::Sm2PublicKey& public_key)>;

struct IssuedUkey {
  std::string serial;       // DEVINFO SerialNumber
  std::string device;       // device name at the station
  std::string application;  // the issuing application ("GMSEAL")
  std::string container;
  crypto::Certificate certificate;
};

// ukey.station_unavailable: a UKey seal without the unit's own certificate needs the station.
Error no_ukey_station();

class UkeyStation {
 public:
  // Loads the library and checks it has what issuing needs. Errors: keys.skf.load_failed,
  // keys.skf.missing_functions, ukey.station_config (a vendor library without a 16-byte device
  // authentication key, or a library lacking an issuing function).
  static Result<std::unique_ptr<UkeyStation>> open(const UkeyStationConfig& config);

  // Personalises a blank token (steps above). Errors: ukey.no_blank_device, keys.skf.*, and
  // whatever `certify` returns; the token is left blank on error.
  Result<IssuedUkey> issue(const UkeyOrder& order, const UkeyCertifier& certify);
  // Undoes issue() on `device`: the approval that asked for the token did not commit, or the
  // province refused to make the seal.
  Status discard(const std::string& device);

  // A token URI for the issued key, without PINs (stored as the seal's key reference).
  std::string key_uri(const IssuedUkey& ukey) const;
  // One line for the start-up banner.
  std::string describe() const;

 private:
  UkeyStation(UkeyStationConfig config, std::shared_ptr<keys::SkfLibrary> library)
      : config_(std::move(config)), library_(std::move(library)) {}
  struct Blank {
    std::string device;
    Bytes auth_key;
  };
  Result<Blank> take_blank(const std::string& label);
  Result<IssuedUkey> personalise(const Blank& blank, const UkeyOrder& order,
                                 const UkeyCertifier& certify);
  Status wipe(const std::string& device, ByteView auth_key);

  UkeyStationConfig config_;
  std::shared_ptr<keys::SkfLibrary> library_;
  std::mutex mutex_;
};

}  // namespace gmseal::server
