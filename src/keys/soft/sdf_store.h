// The on-disk store behind gmseal's software crypto device (libgmseal_sdf.so) and its
// initialisation tool.
//
//   <root>/device.conf                issuer, name, serial (GM/T 0018 DEVICEINFO fields)
//   <root>/.lock                      flock: shared for reads, exclusive for writes
//   <root>/keys/<index>.sign          kdf.iterations, salt, sealed (SM4-GCM of the 32-byte
//                                     scalar under PBKDF2-HMAC-SM3(access password), AAD binds
//                                     the index), public (SubjectPublicKeyInfo, hex)
//   <root>/files/n<hex name>          device files (SDF_CreateFile / ReadFile / WriteFile)
//
// Key indexes are 1..1024 as in common devices. A private key is only ever in clear in memory,
// after SDF_GetPrivateKeyAccessRight opened it with its password. Every operation takes the
// device lock and writes atomically, so threads and processes may share a device.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "crypto/sm2_key.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::keys::soft {

inline constexpr std::uint32_t kSdfMaxKeyIndex = 1024;
inline constexpr std::size_t kSdfMaxFileNameSize = 128;
inline constexpr std::uint32_t kSdfMaxFileSize = 1u << 20;

struct SdfDeviceSpec {
  std::string issuer = "gmseal";
  std::string name = "gmseal-soft-sdf";
  std::string serial;  // 16 characters; made from today's date and random digits when empty
};

struct SdfDeviceInfo {
  std::string issuer;
  std::string name;
  std::string serial;
};

class SdfDeviceStore {
 public:
  // Creates the device in `root`. Errors: keys.sdf.device_exists, io.*.
  static Result<SdfDeviceStore> create(const std::filesystem::path& root,
                                       const SdfDeviceSpec& spec);
  // Errors: keys.sdf.device_not_found.
  static Result<SdfDeviceStore> open(const std::filesystem::path& root);

  const std::filesystem::path& dir() const { return dir_; }
  Result<SdfDeviceInfo> info() const;

  // Generates an SM2 signing key at `index`, sealed under `password` (replacing any key there).
  // Errors: keys.sdf.bad_index, keys.sdf.bad_password (too short).
  Result<crypto::Sm2PublicKey> generate_sign_key(std::uint32_t index, const std::string& password,
                                                 std::uint32_t kdf_iterations = 20000);
  // Indexes that hold a signing key, ascending.
  Result<std::vector<std::uint32_t>> sign_key_indexes() const;
  // Errors: keys.sdf.key_not_found.
  Result<crypto::Sm2PublicKey> sign_public_key(std::uint32_t index) const;
  // Opens the key with its access password. Errors: keys.sdf.key_not_found,
  // keys.sdf.wrong_password.
  Result<crypto::Sm2PrivateKey> unlock_sign_key(std::uint32_t index,
                                                const std::string& password) const;
  // Re-seals the key at `index` under a new password (after checking the old one).
  Status change_key_password(std::uint32_t index, const std::string& old_password,
                             const std::string& new_password);

  // Files. Errors: keys.sdf.file_exists, keys.sdf.file_not_found, keys.sdf.bad_name,
  // keys.sdf.bad_offset, keys.sdf.file_too_large.
  Status create_file(const std::string& name, std::uint32_t size);
  Result<Bytes> read_file(const std::string& name, std::uint32_t offset, std::uint32_t size) const;
  // Writes at `offset`, growing the file up to its size limit.
  Status write_file(const std::string& name, std::uint32_t offset, ByteView data);
  Status delete_file(const std::string& name);

 private:
  explicit SdfDeviceStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path key_path(std::uint32_t index) const;
  std::filesystem::path file_path(const std::string& name) const;
  std::filesystem::path dir_;
};

}  // namespace gmseal::keys::soft
