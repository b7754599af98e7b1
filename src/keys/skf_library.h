// keys::SkfLibrary: a GM/T 0016 SKF library (a UKey vendor's .so, or gmseal's
// libgmseal_skf.so) loaded at run time with dlopen, and RAII handles over its devices,
// applications and containers.
//
// Loading resolves every SKF function gmseal knows; a library lacking one of the required
// functions (what signing needs: EnumDev, ConnectDev, DisConnectDev, OpenApplication,
// CloseApplication, VerifyPIN, OpenContainer, CloseContainer, ExportPublicKey, ECCSignData) is
// rejected with an error naming every missing one. Optional functions that are absent are listed
// by missing_functions(); calling one gives keys.skf.function_missing.
//
// Every non-zero return code becomes a gmseal error (device_errors.h). Structures are marshalled
// by AbiOptions, so vendor libraries with 64-bit ULONG or packed structures work too.
//
// Thread safety: the standard does not promise that vendor libraries are thread-safe, so each
// handle object serialises its own calls; share handles between threads only through one object
// (SkfSigner does). Handles keep the library (and their parent handles) alive.
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
class SkfApi;
struct SkfHandle;
}  // namespace internal

enum class SkfPinType : std::uint32_t { kAdmin = 0, kUser = 1 };

struct SkfDeviceInfo {
  unsigned version_major = 0, version_minor = 0;
  std::string manufacturer, issuer, label, serial;
  std::uint64_t alg_sym_cap = 0, alg_asym_cap = 0, alg_hash_cap = 0, dev_auth_alg = 0;
  std::uint64_t total_space = 0, free_space = 0;
};

struct SkfPinInfo {
  std::uint32_t max_retries = 0;
  std::uint32_t remaining = 0;
  bool is_default = false;
};

struct SkfFileInfo {
  std::string name;
  std::uint32_t size = 0, read_rights = 0, write_rights = 0;
};

class SkfDevice;
class SkfApplication;
class SkfContainer;

class SkfLibrary {
 public:
  // dlopens `path`. Errors: keys.skf.load_failed (dlerror text), keys.skf.missing_functions
  // (naming each absent required function), keys.abi.bad_option.
  static Result<std::shared_ptr<SkfLibrary>> load(const std::string& path,
                                                  const AbiOptions& options = {});
  ~SkfLibrary();
  SkfLibrary(const SkfLibrary&) = delete;
  SkfLibrary& operator=(const SkfLibrary&) = delete;

  static const std::vector<std::string>& required_functions();
  const std::string& path() const { return path_; }
  const AbiOptions& options() const { return options_; }
  // Optional functions gmseal knows that this library lacks.
  const std::vector<std::string>& missing_functions() const { return missing_; }

  // Device names (SKF_EnumDev multi-string).
  Result<std::vector<std::string>> enum_devices(bool present_only = true);
  Result<SkfDevice> connect(const std::string& name);

 private:
  friend class SkfDevice;
  friend class SkfApplication;
  friend class SkfContainer;
  SkfLibrary() = default;

  void* handle_ = nullptr;
  std::string path_;
  AbiOptions options_;
  std::vector<std::string> missing_;
  std::unique_ptr<internal::SkfApi> api_;
  std::weak_ptr<SkfLibrary> self_;
};

class SkfDevice {
 public:
  Result<SkfDeviceInfo> info();
  Status set_label(const std::string& label);
  Result<Bytes> random(std::size_t count);
  // Device authentication (GM/T 0016 §7.2.1): an 8-byte challenge from SKF_GenRandom, padded
  // with zeros to 16 bytes and encrypted with SM4-ECB under `auth_key`, sent to SKF_DevAuth.
  Status authenticate(ByteView auth_key);
  Status change_auth_key(ByteView new_key);

  Result<std::vector<std::string>> applications();
  Result<SkfApplication> create_application(const std::string& name, const std::string& admin_pin,
                                            std::uint32_t admin_retries,
                                            const std::string& user_pin, std::uint32_t user_retries,
                                            std::uint32_t create_file_rights);
  Status delete_application(const std::string& name);
  Result<SkfApplication> open_application(const std::string& name);

  // SKF_ExtECCVerify of a DER signature over a 32-byte digest. ok() = valid.
  Status verify_digest(const crypto::Sm2PublicKey& key, ByteView digest, ByteView signature_der);
  // e = SM3(Z||message) computed on the device (SKF_DigestInit with the public key and ID).
  Result<crypto::Sm3Digest> digest_with_id(const crypto::Sm2PublicKey& key, std::string_view id,
                                           ByteView message);

 private:
  friend class SkfLibrary;
  friend class SkfApplication;
  explicit SkfDevice(std::shared_ptr<internal::SkfHandle> handle) : handle_(std::move(handle)) {}
  std::shared_ptr<internal::SkfHandle> handle_;
};

class SkfApplication {
 public:
  const std::string& name() const { return name_; }

  // A wrong PIN gives keys.skf.pin_incorrect (message with the retries left) or
  // keys.skf.pin_locked; `remaining` (optional) receives the device's retry count.
  Status verify_pin(SkfPinType type, const std::string& pin, std::uint32_t* remaining = nullptr);
  Status change_pin(SkfPinType type, const std::string& old_pin, const std::string& new_pin,
                    std::uint32_t* remaining = nullptr);
  Status unblock_pin(const std::string& admin_pin, const std::string& new_user_pin,
                     std::uint32_t* remaining = nullptr);
  Result<SkfPinInfo> pin_info(SkfPinType type);
  Status clear_secure_state();

  Status create_file(const std::string& name, std::uint32_t size, std::uint32_t read_rights,
                     std::uint32_t write_rights);
  Status delete_file(const std::string& name);
  Result<std::vector<std::string>> files();
  Result<SkfFileInfo> file_info(const std::string& name);
  // The whole file (SKF_GetFileInfo for the size, then SKF_ReadFile).
  Result<Bytes> read_file(const std::string& name);
  Status write_file(const std::string& name, std::uint32_t offset, ByteView data);

  Status create_container(const std::string& name);
  Status delete_container(const std::string& name);
  Result<std::vector<std::string>> containers();
  Result<SkfContainer> open_container(const std::string& name);

 private:
  friend class SkfDevice;
  SkfApplication(std::shared_ptr<internal::SkfHandle> handle, std::string name)
      : handle_(std::move(handle)), name_(std::move(name)) {}
  Status pin_status(std::uint32_t rc, const char* function, std::uint32_t retries,
                    std::uint32_t* remaining);
  std::shared_ptr<internal::SkfHandle> handle_;
  std::string name_;
};

class SkfContainer {
 public:
  const std::string& name() const { return name_; }
  // 0 empty, 1 RSA, 2 ECC.
  Result<std::uint32_t> type();
  Result<crypto::Sm2PublicKey> generate_sign_key();
  Result<crypto::Sm2PublicKey> sign_public_key();
  Status import_certificate(bool sign, ByteView der);
  Result<Bytes> export_certificate(bool sign);
  // SKF_ECCSignData over a 32-byte e; returns DER SEQUENCE{r,s}.
  Result<Bytes> sign_digest(ByteView digest);

 private:
  friend class SkfApplication;
  SkfContainer(std::shared_ptr<internal::SkfHandle> handle, std::string name)
      : handle_(std::move(handle)), name_(std::move(name)) {}
  std::shared_ptr<internal::SkfHandle> handle_;
  std::string name_;
};

}  // namespace gmseal::keys
