// keys::SdfLibrary: a GM/T 0018 SDF library (an HSM vendor's .so, or gmseal's
// libgmseal_sdf.so) loaded at run time with dlopen, and sessions on its device.
//
// Required functions (what signing needs): OpenDevice, CloseDevice, OpenSession, CloseSession,
// GetPrivateKeyAccessRight, ExportSignPublicKey_ECC, InternalSign_ECC; a library lacking any is
// rejected with an error naming them. Others are optional (missing_functions()).
//
// The device is opened once per loaded library (SDF_OpenDevice takes no name: the vendor's
// configuration chooses it; gmseal's soft device reads GMSEAL_SDF_ROOT) and closed with the
// last session. The standard keeps hash state and key access rights per session and does not
// promise thread safety, so an SdfSession serialises its calls; use one session per thread for
// parallel work.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "crypto/sm2_key.h"
#include "crypto/sm3.h"
#include "keys/abi_options.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::keys {

namespace internal {
class SdfApi;
struct SdfDeviceHandle;
}  // namespace internal

struct SdfDeviceInfo {
  std::string issuer, name, serial;
  std::uint64_t device_version = 0, standard_version = 0;
  std::uint64_t asym_alg_ability[2] = {0, 0};
  std::uint64_t sym_alg_ability = 0, hash_alg_ability = 0, buffer_size = 0;
};

class SdfSession;

class SdfLibrary {
 public:
  // Errors: keys.sdf.load_failed, keys.sdf.missing_functions (naming each), keys.abi.bad_option.
  static Result<std::shared_ptr<SdfLibrary>> load(const std::string& path,
                                                  const AbiOptions& options = {});
  ~SdfLibrary();
  SdfLibrary(const SdfLibrary&) = delete;
  SdfLibrary& operator=(const SdfLibrary&) = delete;

  static const std::vector<std::string>& required_functions();
  const std::string& path() const { return path_; }
  const AbiOptions& options() const { return options_; }
  const std::vector<std::string>& missing_functions() const { return missing_; }

  // Opens the device if needed and a new session on it.
  Result<SdfSession> open_session();

 private:
  friend class SdfSession;
  friend struct internal::SdfDeviceHandle;
  SdfLibrary() = default;

  void* handle_ = nullptr;
  std::string path_;
  AbiOptions options_;
  std::vector<std::string> missing_;
  std::unique_ptr<internal::SdfApi> api_;
  std::weak_ptr<SdfLibrary> self_;
  std::mutex device_mutex_;
  std::weak_ptr<internal::SdfDeviceHandle> device_;
};

class SdfSession {
 public:
  SdfSession(SdfSession&&) noexcept;
  SdfSession& operator=(SdfSession&&) noexcept;
  ~SdfSession();

  Result<SdfDeviceInfo> device_info();
  Result<Bytes> random(std::size_t count);
  // Errors: keys.sdf.wrong_password (SDR_PRKRERR), keys.sdf.key_not_found, ...
  Status get_private_key_access(std::uint32_t index, const std::string& password);
  Status release_private_key_access(std::uint32_t index);
  Result<crypto::Sm2PublicKey> sign_public_key(std::uint32_t index);
  // SDF_InternalSign_ECC over a 32-byte e; returns DER SEQUENCE{r,s}.
  Result<Bytes> sign_digest(std::uint32_t index, ByteView digest);
  // SDF_ExternalVerify_ECC; ok() = valid.
  Status verify_digest(const crypto::Sm2PublicKey& key, ByteView digest, ByteView signature_der);
  // e = SM3(Z||message) on the device (SDF_HashInit with the public key and ID).
  Result<crypto::Sm3Digest> digest_with_id(const crypto::Sm2PublicKey& key, std::string_view id,
                                           ByteView message);

  Status create_file(const std::string& name, std::uint32_t size);
  Result<Bytes> read_file(const std::string& name, std::uint32_t offset, std::uint32_t size);
  Status write_file(const std::string& name, std::uint32_t offset, ByteView data);
  Status delete_file(const std::string& name);

 private:
  friend class SdfLibrary;
  SdfSession(std::shared_ptr<internal::SdfDeviceHandle> device, void* raw);
  Status need(int fn) const;

  std::shared_ptr<internal::SdfDeviceHandle> device_;
  void* raw_ = nullptr;
  std::unique_ptr<std::mutex> mutex_;
};

}  // namespace gmseal::keys
