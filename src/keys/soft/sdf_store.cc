#include "keys/soft/sdf_store.h"

#include <algorithm>
#include <ctime>
#include <system_error>

#include "crypto/kdf.h"
#include "crypto/random.h"
#include "crypto/sm4.h"
#include "keys/soft/state_file.h"
#include "util/dir_lock.h"
#include "util/file_io.h"

namespace gmseal::keys::soft {

namespace fs = std::filesystem;

namespace {

using Mode = DirLock::Mode;

Status check_index(std::uint32_t index) {
  if (index < 1 || index > kSdfMaxKeyIndex) {
    return make_error(
        "keys.sdf.bad_index",
        "key index " + std::to_string(index) + " is outside 1.." + std::to_string(kSdfMaxKeyIndex));
  }
  return {};
}

Status check_password(const std::string& password) {
  if (password.size() < 6 || password.size() > 64) {
    return make_error("keys.sdf.bad_password", "a key access password must be 6..64 characters");
  }
  return {};
}

Status check_file_name(const std::string& name) {
  if (name.empty() || name.size() > kSdfMaxFileNameSize || name.find('\0') != std::string::npos) {
    return make_error("keys.sdf.bad_name", "a device file name must be 1..128 bytes", "file");
  }
  return {};
}

Bytes aad_for(std::uint32_t index) {
  return to_bytes("gmseal-sdf:sign-key:" + std::to_string(index));
}

StateFile seal_key(const Bytes& raw, std::uint32_t index, const std::string& password,
                   std::uint32_t iterations, const crypto::Sm2PublicKey& public_key,
                   Status& status) {
  StateFile state;
  const Bytes salt = crypto::random_bytes(16);
  auto kek = crypto::pbkdf2_sm3(password, salt, iterations, crypto::kSm4KeySize);
  if (!kek.ok()) {
    status = kek.error();
    return state;
  }
  auto sealed = crypto::sm4_gcm_seal(*kek, raw, aad_for(index));
  if (!sealed.ok()) {
    status = sealed.error();
    return state;
  }
  state.set_number("kdf.iterations", iterations);
  state.set_bytes("salt", salt);
  state.set_bytes("sealed", *sealed);
  state.set_bytes("public", public_key.to_der());
  return state;
}

}  // namespace

Result<SdfDeviceStore> SdfDeviceStore::create(const fs::path& root, const SdfDeviceSpec& spec) {
  std::error_code ec;
  if (fs::exists(root / "device.conf", ec)) {
    return make_error("keys.sdf.device_exists", "'" + root.string() + "' already holds a device");
  }
  if (spec.issuer.size() > 40 || spec.name.size() > 16 || spec.serial.size() > 16) {
    return make_error("keys.sdf.bad_param",
                      "issuer, name and serial must fit 40, 16 and 16 bytes (DEVICEINFO)");
  }
  fs::create_directories(root / "keys", ec);
  fs::create_directories(root / "files", ec);
  if (ec)
    return make_error("io.write_failed", "cannot create '" + root.string() + "': " + ec.message());
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(root, Mode::kExclusive));
  std::string serial = spec.serial;
  if (serial.empty()) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char date[9];
    std::strftime(date, sizeof date, "%Y%m%d", &tm);
    serial = std::string(date) + "001" + crypto::random_string(5, "0123456789");
  }
  StateFile state;
  state.set("issuer", spec.issuer);
  state.set("name", spec.name);
  state.set("serial", serial);
  GMSEAL_RETURN_IF_ERROR(state.save(root / "device.conf"));
  return SdfDeviceStore(root);
}

Result<SdfDeviceStore> SdfDeviceStore::open(const fs::path& root) {
  std::error_code ec;
  if (root.empty() || !fs::exists(root / "device.conf", ec)) {
    return make_error("keys.sdf.device_not_found",
                      "no software SDF device in '" + root.string() + "'");
  }
  return SdfDeviceStore(root);
}

Result<SdfDeviceInfo> SdfDeviceStore::info() const {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kShared));
  GMSEAL_ASSIGN_OR_RETURN(const StateFile state, StateFile::load(dir_ / "device.conf"));
  SdfDeviceInfo info;
  GMSEAL_ASSIGN_OR_RETURN(info.issuer, state.text("issuer"));
  GMSEAL_ASSIGN_OR_RETURN(info.name, state.text("name"));
  GMSEAL_ASSIGN_OR_RETURN(info.serial, state.text("serial"));
  return info;
}

fs::path SdfDeviceStore::key_path(std::uint32_t index) const {
  return dir_ / "keys" / (std::to_string(index) + ".sign");
}

fs::path SdfDeviceStore::file_path(const std::string& name) const {
  return dir_ / "files" / name_to_path_component(name);
}

Result<crypto::Sm2PublicKey> SdfDeviceStore::generate_sign_key(std::uint32_t index,
                                                               const std::string& password,
                                                               std::uint32_t kdf_iterations) {
  GMSEAL_RETURN_IF_ERROR(check_index(index));
  GMSEAL_RETURN_IF_ERROR(check_password(password));
  if (kdf_iterations < 1000) {
    return make_error("keys.sdf.bad_param", "the password KDF needs at least 1000 iterations");
  }
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PrivateKey key, crypto::Sm2PrivateKey::generate());
  Bytes raw = key.raw();
  Status status;
  const StateFile state = seal_key(raw, index, password, kdf_iterations, key.public_key(), status);
  std::fill(raw.begin(), raw.end(), 0);
  GMSEAL_RETURN_IF_ERROR(status);
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kExclusive));
  GMSEAL_RETURN_IF_ERROR(state.save(key_path(index)));
  return key.public_key();
}

Result<std::vector<std::uint32_t>> SdfDeviceStore::sign_key_indexes() const {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kShared));
  std::vector<std::uint32_t> indexes;
  std::error_code ec;
  for (fs::directory_iterator it(dir_ / "keys", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::size_t dot = name.find('.');
    if (dot == std::string::npos || name.substr(dot) != ".sign" || dot == 0 || dot > 4) continue;
    std::uint32_t index = 0;
    bool digits = true;
    for (std::size_t i = 0; i < dot; ++i) {
      if (name[i] < '0' || name[i] > '9') digits = false;
      index = index * 10 + static_cast<std::uint32_t>(name[i] - '0');
    }
    if (digits && check_index(index).ok()) indexes.push_back(index);
  }
  std::sort(indexes.begin(), indexes.end());
  return indexes;
}

Result<crypto::Sm2PublicKey> SdfDeviceStore::sign_public_key(std::uint32_t index) const {
  GMSEAL_RETURN_IF_ERROR(check_index(index));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kShared));
  std::error_code ec;
  if (!fs::exists(key_path(index), ec)) {
    return make_error("keys.sdf.key_not_found", "no signing key at index " + std::to_string(index));
  }
  GMSEAL_ASSIGN_OR_RETURN(const StateFile state, StateFile::load(key_path(index)));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes der, state.bytes("public"));
  return crypto::Sm2PublicKey::from_der(der);
}

Result<crypto::Sm2PrivateKey> SdfDeviceStore::unlock_sign_key(std::uint32_t index,
                                                              const std::string& password) const {
  GMSEAL_RETURN_IF_ERROR(check_index(index));
  StateFile state;
  {
    GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kShared));
    std::error_code ec;
    if (!fs::exists(key_path(index), ec)) {
      return make_error("keys.sdf.key_not_found",
                        "no signing key at index " + std::to_string(index));
    }
    GMSEAL_ASSIGN_OR_RETURN(state, StateFile::load(key_path(index)));
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::uint32_t iterations, state.number("kdf.iterations"));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes salt, state.bytes("salt"));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes sealed, state.bytes("sealed"));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes kek,
                          crypto::pbkdf2_sm3(password, salt, iterations, crypto::kSm4KeySize));
  auto raw = crypto::sm4_gcm_open(kek, sealed, aad_for(index));
  if (!raw.ok()) {
    return make_error("keys.sdf.wrong_password",
                      "wrong access password for key index " + std::to_string(index));
  }
  auto key = crypto::Sm2PrivateKey::from_raw(*raw);
  std::fill(raw->begin(), raw->end(), 0);
  return key;
}

Status SdfDeviceStore::change_key_password(std::uint32_t index, const std::string& old_password,
                                           const std::string& new_password) {
  GMSEAL_RETURN_IF_ERROR(check_password(new_password));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PrivateKey key, unlock_sign_key(index, old_password));
  Bytes raw = key.raw();
  Status status;
  const StateFile state = seal_key(raw, index, new_password, 20000, key.public_key(), status);
  std::fill(raw.begin(), raw.end(), 0);
  GMSEAL_RETURN_IF_ERROR(status);
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kExclusive));
  return state.save(key_path(index));
}

Status SdfDeviceStore::create_file(const std::string& name, std::uint32_t size) {
  GMSEAL_RETURN_IF_ERROR(check_file_name(name));
  if (size > kSdfMaxFileSize) {
    return make_error("keys.sdf.file_too_large", "device files hold at most 1 MiB");
  }
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kExclusive));
  std::error_code ec;
  if (fs::exists(file_path(name), ec)) {
    return make_error("keys.sdf.file_exists", "device file '" + name + "' already exists");
  }
  StateFile attr;
  attr.set_number("size", size);
  GMSEAL_RETURN_IF_ERROR(attr.save(file_path(name).string() + ".attr"));
  return write_file_atomic(file_path(name), ByteView(), 0600);
}

Result<Bytes> SdfDeviceStore::read_file(const std::string& name, std::uint32_t offset,
                                        std::uint32_t size) const {
  GMSEAL_RETURN_IF_ERROR(check_file_name(name));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kShared));
  std::error_code ec;
  if (!fs::exists(file_path(name), ec)) {
    return make_error("keys.sdf.file_not_found", "no device file '" + name + "'");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes content, gmseal::read_file(file_path(name)));
  if (offset > content.size()) {
    return make_error("keys.sdf.bad_offset", "offset is past the end of '" + name + "'");
  }
  const std::size_t count = std::min<std::size_t>(size, content.size() - offset);
  return Bytes(content.begin() + offset, content.begin() + offset + count);
}

Status SdfDeviceStore::write_file(const std::string& name, std::uint32_t offset, ByteView data) {
  GMSEAL_RETURN_IF_ERROR(check_file_name(name));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kExclusive));
  std::error_code ec;
  if (!fs::exists(file_path(name), ec)) {
    return make_error("keys.sdf.file_not_found", "no device file '" + name + "'");
  }
  GMSEAL_ASSIGN_OR_RETURN(const StateFile attr,
                          StateFile::load(file_path(name).string() + ".attr"));
  GMSEAL_ASSIGN_OR_RETURN(const std::uint32_t limit, attr.number("size"));
  GMSEAL_ASSIGN_OR_RETURN(Bytes content, gmseal::read_file(file_path(name)));
  if (offset > content.size() || static_cast<std::uint64_t>(offset) + data.size() > limit) {
    return make_error("keys.sdf.bad_offset", "writing " + std::to_string(data.size()) +
                                                 " bytes at offset " + std::to_string(offset) +
                                                 " overruns '" + name + "' (size " +
                                                 std::to_string(limit) + ")");
  }
  if (offset + data.size() > content.size()) content.resize(offset + data.size());
  std::copy(data.begin(), data.end(), content.begin() + offset);
  return write_file_atomic(file_path(name), ByteView(content), 0600);
}

Status SdfDeviceStore::delete_file(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(check_file_name(name));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kExclusive));
  std::error_code ec;
  if (!fs::exists(file_path(name), ec)) {
    return make_error("keys.sdf.file_not_found", "no device file '" + name + "'");
  }
  fs::remove(file_path(name), ec);
  fs::remove(file_path(name).string() + ".attr", ec);
  return {};
}

}  // namespace gmseal::keys::soft
