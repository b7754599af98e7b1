// signing::KeyDevice: the seal application system's crypto device (GM/T 0018 SDF). Seal keys and
// the system's own key are generated in it and used through SDF_InternalSign_ECC; private keys
// never leave it.
//
// Key generation is not a GM/T 0018 function (devices generate internal keys with their admin
// tools), so:
//   - gmseal's soft device (sdf_soft_root): keys are generated at free indexes through the
//     device's own store (the same code as `gmseal token sdf gen-key`), each under a random
//     access password that the service keeps sealed under its master key;
//   - a vendor's device: the operator generates keys at indexes with the vendor's tool, all with
//     the access password in GMSEAL_SDF_KEY_PASSWORD; the service takes the next index holding a
//     key it has not assigned.
// Index 1 holds the system key; seal keys use 2 and above.
//
// Opening a key costs a session and the access right (the soft device runs PBKDF2 for it), so
// signers are kept open in a small pool per index and handed out one caller at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "crypto/signer.h"
#include "crypto/sm2_key.h"
#include "keys/sdf_library.h"
#include "signing/signing_config.h"
#include "util/error.h"

namespace gmseal::signing {

inline constexpr std::uint32_t kSystemKeyIndex = 1;

struct NewDeviceKey {
  std::uint32_t index = 0;
  std::string password;  // the key's access password (to be sealed by the caller)
  crypto::Sm2PublicKey public_key;
};

class KeyDevice {
 public:
  // Loads the library (and creates the soft device when absent). Errors: keys.sdf.*,
  // signing.device.*.
  static Result<std::unique_ptr<KeyDevice>> open(const SigningConfig& config);

  bool soft() const { return !soft_root_.empty(); }
  std::string description() const;

  // A new key at an index not in `taken` (and not kSystemKeyIndex unless `system`).
  // Errors: signing.device.full, signing.device.no_key_generation (a vendor device without a
  // free pre-generated key), keys.sdf.*.
  Result<NewDeviceKey> generate(const std::set<std::uint32_t>& taken, bool system = false);

  // The public key at `index`. Errors: keys.sdf.key_not_found.
  Result<crypto::Sm2PublicKey> public_key(std::uint32_t index);

  // A signer for the key at `index`, returned to the pool when the handle goes.
  using SignerHandle = std::unique_ptr<crypto::Signer, std::function<void(crypto::Signer*)>>;
  Result<SignerHandle> signer(std::uint32_t index, const std::string& password);

 private:
  KeyDevice(std::shared_ptr<keys::SdfLibrary> library, std::filesystem::path soft_root)
      : library_(std::move(library)), soft_root_(std::move(soft_root)) {}

  std::shared_ptr<keys::SdfLibrary> library_;
  std::filesystem::path soft_root_;
  std::mutex mutex_;
  std::map<std::uint32_t, std::vector<std::unique_ptr<crypto::Signer>>> idle_;
};

}  // namespace gmseal::signing
