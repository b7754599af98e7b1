// The on-disk store behind gmseal's software UKey (libgmseal_skf.so) and its initialisation
// tool. A device is a folder under a root; the C ABI in tokens/skf-soft is a thin layer over
// these classes.
//
//   <root>/<device>/device.conf          label, serial, manufacturer, device-auth key (hex)
//   <root>/<device>/.lock                flock: shared for reads, exclusive for writes
//   <root>/<device>/apps/n<hex name>/app.conf
//        admin.max / admin.remaining / admin.salt / admin.wrapped (and user.*), create_rights,
//        kdf.iterations, user.default
//   <root>/<device>/apps/n<hex>/files/n<hex name>        file content
//   <root>/<device>/apps/n<hex>/files/n<hex name>.attr   size, read, write rights
//   <root>/<device>/apps/n<hex>/containers/n<hex name>/  sign.key, sign.pub, sign.cert, enc.cert
//
// Keys at rest: each application has a random 128-bit master key. It is stored twice, sealed
// (SM4-GCM) under PBKDF2-HMAC-SM3(user PIN) and under PBKDF2-HMAC-SM3(admin PIN); a PIN is
// correct exactly when its copy opens. Private keys are sealed under the master key (AAD binds
// them to their container). So SKF_UnblockPIN (admin PIN -> master key -> re-seal under the new
// user PIN) and SKF_ChangePIN never touch the keys, and no private key is ever in clear on disk.
//
// Concurrency: every operation takes the device lock (DirLock) for its duration and writes
// files atomically, so threads and processes may share a device.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "crypto/sm2_key.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::keys::soft {

enum class PinType { kAdmin = 0, kUser = 1 };

// File access rights (GM/T 0016 SECURE_*_ACCOUNT).
inline constexpr std::uint32_t kRightNever = 0x00;
inline constexpr std::uint32_t kRightAdmin = 0x01;
inline constexpr std::uint32_t kRightUser = 0x10;
inline constexpr std::uint32_t kRightAnyone = 0xff;

inline constexpr std::size_t kMaxAppNameSize = 32;   // MAX_FILE_NAME_SIZE (application names)
inline constexpr std::size_t kMaxFileNameSize = 32;  // MAX_FILE_NAME_SIZE
inline constexpr std::size_t kMaxContainerNameSize = 64;
inline constexpr std::uint32_t kDefaultKdfIterations = 20000;
inline constexpr std::uint64_t kDeviceCapacity = 1u << 20;  // reported TotalSpace: 1 MiB

struct SkfDeviceSpec {
  std::string label;
  std::string serial;  // random hex when empty
  std::string manufacturer = "gmseal";
  Bytes dev_auth_key;  // 16 bytes; random when empty
};

struct SkfDeviceInfo {
  std::string label;
  std::string serial;
  std::string manufacturer;
  std::uint64_t total_space = kDeviceCapacity;
  std::uint64_t free_space = 0;
};

struct SkfAppSpec {
  std::string admin_pin;
  std::uint32_t admin_retries = 10;
  std::string user_pin;
  std::uint32_t user_retries = 6;
  std::uint32_t create_file_rights = kRightAdmin;
  std::uint32_t kdf_iterations = kDefaultKdfIterations;
};

struct PinInfo {
  std::uint32_t max_retries = 0;
  std::uint32_t remaining = 0;
  bool is_default = false;
};

// Result of a PIN check: `master_key` is set when the PIN was right; `remaining` is the retry
// counter afterwards. Errors are only for I/O or corruption; a wrong or locked PIN is reported
// through `status` (keys.skf.pin_incorrect / keys.skf.pin_locked).
struct PinOutcome {
  Status status;
  std::uint32_t remaining = 0;
  Bytes master_key;
};

struct SkfFileInfo {
  std::string name;
  std::uint32_t size = 0;
  std::uint32_t read_rights = 0;
  std::uint32_t write_rights = 0;
};

class SkfAppStore;

class SkfDeviceStore {
 public:
  // Creates `<root>/<name>`. Errors: keys.skf.device_exists, keys.skf.bad_name, io.*.
  static Result<SkfDeviceStore> create(const std::filesystem::path& root, const std::string& name,
                                       const SkfDeviceSpec& spec);
  // Errors: keys.skf.device_not_found.
  static Result<SkfDeviceStore> open(const std::filesystem::path& root, const std::string& name);
  // Device names under `root`, sorted.
  static Result<std::vector<std::string>> list(const std::filesystem::path& root);

  const std::string& name() const { return name_; }
  const std::filesystem::path& dir() const { return dir_; }

  Result<SkfDeviceInfo> info() const;
  Status set_label(const std::string& label);
  Result<Bytes> dev_auth_key() const;
  Status set_dev_auth_key(ByteView key);

  Result<std::vector<std::string>> applications() const;
  // Errors: keys.skf.app_exists, keys.skf.bad_name, keys.skf.bad_pin.
  Result<SkfAppStore> create_application(const std::string& name, const SkfAppSpec& spec);
  // Errors: keys.skf.app_not_found.
  Status delete_application(const std::string& name);
  Result<SkfAppStore> application(const std::string& name) const;

 private:
  SkfDeviceStore(std::filesystem::path dir, std::string name)
      : dir_(std::move(dir)), name_(std::move(name)) {}
  std::filesystem::path dir_;
  std::string name_;
};

class SkfAppStore {
 public:
  const std::string& name() const { return name_; }

  // PINs. A wrong PIN decrements the counter; at zero the PIN is locked.
  Result<PinOutcome> verify_pin(PinType type, const std::string& pin);
  Result<PinInfo> pin_info(PinType type) const;
  // Verifies `old_pin` (counting a failure) and re-seals the master key under `new_pin`.
  Result<PinOutcome> change_pin(PinType type, const std::string& old_pin,
                                const std::string& new_pin);
  // Verifies the admin PIN (counting a failure), then sets the user PIN and resets its counter.
  // `remaining` in the outcome is the admin counter.
  Result<PinOutcome> unblock_pin(const std::string& admin_pin, const std::string& new_user_pin);
  std::uint32_t create_file_rights() const { return create_file_rights_; }

  // Files. Errors: keys.skf.file_exists, keys.skf.file_not_found, keys.skf.bad_name,
  // keys.skf.no_room, keys.skf.bad_offset.
  Status create_file(const std::string& name, std::uint32_t size, std::uint32_t read_rights,
                     std::uint32_t write_rights);
  Status delete_file(const std::string& name);
  Result<std::vector<std::string>> files() const;
  Result<SkfFileInfo> file_info(const std::string& name) const;
  // Reads up to `size` bytes from `offset` (fewer at the end of the file).
  Result<Bytes> read_file(const std::string& name, std::uint32_t offset, std::uint32_t size) const;
  // Writes within the file's declared size, which does not grow.
  Status write_file(const std::string& name, std::uint32_t offset, ByteView data);

  // Containers. Errors: keys.skf.container_exists, keys.skf.container_not_found.
  Status create_container(const std::string& name);
  Status delete_container(const std::string& name);
  Result<std::vector<std::string>> containers() const;
  Result<bool> has_container(const std::string& name) const;
  // 0 empty, 2 ECC (a signing key exists).
  Result<std::uint32_t> container_type(const std::string& name) const;

  // Generates an SM2 signing key inside the container, sealed under `master_key`; replaces any
  // previous key and drops its certificate. Returns the public key.
  Result<crypto::Sm2PublicKey> generate_sign_key(const std::string& container, ByteView master_key);
  // Errors: keys.skf.key_not_found.
  Result<crypto::Sm2PublicKey> sign_public_key(const std::string& container) const;
  // Unseals the signing key. Errors: keys.skf.key_not_found, keys.skf.key_damaged.
  Result<crypto::Sm2PrivateKey> sign_key(const std::string& container, ByteView master_key) const;
  // The two halves of sign_key(): the sealed bytes as stored (they change whenever the key is
  // regenerated, so a caller may cache the unsealed key per sealed value), and the unsealing.
  Result<Bytes> sealed_sign_key(const std::string& container) const;
  Result<crypto::Sm2PrivateKey> unseal_sign_key(const std::string& container, ByteView sealed,
                                                ByteView master_key) const;
  // Certificates (DER). Errors: keys.skf.cert_not_found.
  Status import_certificate(const std::string& container, bool sign, ByteView der);
  Result<Bytes> export_certificate(const std::string& container, bool sign) const;

 private:
  friend class SkfDeviceStore;
  SkfAppStore(std::filesystem::path device_dir, std::filesystem::path dir, std::string name,
              std::uint32_t create_file_rights)
      : device_dir_(std::move(device_dir)),
        dir_(std::move(dir)),
        name_(std::move(name)),
        create_file_rights_(create_file_rights) {}
  std::filesystem::path container_dir(const std::string& container) const;

  std::filesystem::path device_dir_;
  std::filesystem::path dir_;
  std::string name_;
  std::uint32_t create_file_rights_ = kRightAdmin;
};

}  // namespace gmseal::keys::soft
