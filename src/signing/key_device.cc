#include "signing/key_device.h"

#include <cstdlib>

#include "crypto/random.h"
#include "keys/soft_tokens.h"
#include "keys/token_signer.h"

namespace gmseal::signing {

namespace fs = std::filesystem;

namespace {
// Vendor devices are probed up to this index for pre-generated keys (common devices: 1..64
// configured, 1024 at most).
constexpr std::uint32_t kVendorMaxIndex = 1024;
}  // namespace

Result<std::unique_ptr<KeyDevice>> KeyDevice::open(const SigningConfig& config) {
  if (config.sdf_library.empty()) {
    return make_error("signing.device.no_library",
                      "no SDF library: give --sdf 'sdf:lib=PATH' or run beside libgmseal_sdf.so",
                      "sdf");
  }
  fs::path soft_root = config.sdf_soft_root;
  if (!soft_root.empty()) {
    std::error_code ec;
    fs::create_directories(soft_root, ec);
    // DEVICEINFO holds 16 bytes of name.
    GMSEAL_RETURN_IF_ERROR(keys::ensure_soft_sdf_device(soft_root, "gmseal-signing"));
    // libgmseal_sdf.so opens the device GMSEAL_SDF_ROOT names; set before any thread starts.
    ::setenv("GMSEAL_SDF_ROOT", fs::absolute(soft_root).c_str(), 1);
  }
  GMSEAL_ASSIGN_OR_RETURN(std::shared_ptr<keys::SdfLibrary> library,
                          keys::SdfLibrary::load(config.sdf_library));
  return std::unique_ptr<KeyDevice>(new KeyDevice(std::move(library), std::move(soft_root)));
}

std::string KeyDevice::description() const {
  return soft() ? "soft SDF device in " + soft_root_.string() + " (" + library_->path() + ")"
                : "SDF library " + library_->path();
}

Result<NewDeviceKey> KeyDevice::generate(const std::set<std::uint32_t>& taken, bool system) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::uint32_t first = system ? kSystemKeyIndex : kSystemKeyIndex + 1;
  if (soft()) {
    GMSEAL_ASSIGN_OR_RETURN(const std::vector<std::uint32_t> used,
                            keys::soft_sdf_sign_key_indexes(soft_root_));
    const std::set<std::uint32_t> busy(used.begin(), used.end());
    std::uint32_t index = 0;
    for (std::uint32_t i = first; i <= keys::kSoftSdfMaxKeyIndex && index == 0; ++i) {
      if (busy.count(i) == 0 && taken.count(i) == 0) index = i;
      if (system) break;
    }
    if (index == 0) {
      return make_error("signing.device.full", "the soft SDF device has no free key index");
    }
    std::string password =
        crypto::random_string(24, "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    GMSEAL_ASSIGN_OR_RETURN(crypto::Sm2PublicKey key,
                            keys::generate_soft_sdf_sign_key(soft_root_, index, password));
    return NewDeviceKey{index, std::move(password), std::move(key)};
  }
  const char* password = std::getenv("GMSEAL_SDF_KEY_PASSWORD");
  if (password == nullptr || *password == '\0') {
    return make_error("signing.device.no_key_generation",
                      "a vendor SDF device generates keys with its own admin tool: generate them "
                      "at free indexes and give their access password in GMSEAL_SDF_KEY_PASSWORD");
  }
  GMSEAL_ASSIGN_OR_RETURN(keys::SdfSession session, library_->open_session());
  for (std::uint32_t i = first; i <= kVendorMaxIndex; ++i) {
    if (taken.count(i) != 0) continue;
    auto key = session.sign_public_key(i);
    if (key.ok()) return NewDeviceKey{i, password, std::move(*key)};
    if (system) break;
  }
  return make_error("signing.device.no_key_generation",
                    "the SDF device holds no pre-generated signing key that is still free; "
                    "generate more with the vendor's admin tool");
}

Result<crypto::Sm2PublicKey> KeyDevice::public_key(std::uint32_t index) {
  GMSEAL_ASSIGN_OR_RETURN(keys::SdfSession session, library_->open_session());
  return session.sign_public_key(index);
}

Result<KeyDevice::SignerHandle> KeyDevice::signer(std::uint32_t index,
                                                  const std::string& password) {
  std::unique_ptr<crypto::Signer> signer;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& idle = idle_[index];
    if (!idle.empty()) {
      signer = std::move(idle.back());
      idle.pop_back();
    }
  }
  if (!signer) {
    GMSEAL_ASSIGN_OR_RETURN(auto opened, keys::SdfSigner::open(library_, index, password));
    signer = std::move(opened);
  }
  return SignerHandle(signer.release(), [this, index](crypto::Signer* s) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_[index].emplace_back(s);
  });
}

}  // namespace gmseal::signing
