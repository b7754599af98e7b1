#include "keys/soft/skf_store.h"

#include <algorithm>
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

constexpr std::size_t kSaltSize = 16;
constexpr std::size_t kMaxPinSize = 64;

using Mode = DirLock::Mode;

Status check_name(const std::string& name, std::size_t max, const char* what) {
  if (name.empty() || name.size() > max) {
    return make_error("keys.skf.bad_name",
                      std::string(what) + " name must be 1.." + std::to_string(max) + " bytes",
                      what);
  }
  if (name.find('\0') != std::string::npos) {
    return make_error("keys.skf.bad_name", std::string(what) + " name holds a NUL byte", what);
  }
  return {};
}

Status check_pin(const std::string& pin) {
  if (pin.size() < 6 || pin.size() > kMaxPinSize) {
    return make_error("keys.skf.pin_length", "a PIN must be 6..64 characters");
  }
  return {};
}

std::string pin_prefix(PinType type) { return type == PinType::kAdmin ? "admin" : "user"; }

Bytes aad_for(const std::string& purpose) { return to_bytes("gmseal-skf:" + purpose); }

// Seals `master_key` under a key derived from `pin` and stores salt + sealed copy in `state`.
Status wrap_master_key(StateFile& state, PinType type, const std::string& pin, ByteView master_key,
                       std::uint32_t iterations) {
  const Bytes salt = crypto::random_bytes(kSaltSize);
  GMSEAL_ASSIGN_OR_RETURN(const Bytes kek,
                          crypto::pbkdf2_sm3(pin, salt, iterations, crypto::kSm4KeySize));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes wrapped,
                          crypto::sm4_gcm_seal(kek, master_key, aad_for(pin_prefix(type))));
  state.set_bytes(pin_prefix(type) + ".salt", salt);
  state.set_bytes(pin_prefix(type) + ".wrapped", wrapped);
  return {};
}

// The master key if `pin` opens its sealed copy, std::nullopt if it does not.
Result<std::optional<Bytes>> unwrap_master_key(const StateFile& state, PinType type,
                                               const std::string& pin) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes salt, state.bytes(pin_prefix(type) + ".salt"));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes wrapped, state.bytes(pin_prefix(type) + ".wrapped"));
  GMSEAL_ASSIGN_OR_RETURN(const std::uint32_t iterations, state.number("kdf.iterations"));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes kek,
                          crypto::pbkdf2_sm3(pin, salt, iterations, crypto::kSm4KeySize));
  auto opened = crypto::sm4_gcm_open(kek, wrapped, aad_for(pin_prefix(type)));
  if (!opened.ok()) return std::optional<Bytes>();
  return std::optional<Bytes>(std::move(*opened));
}

Result<std::uint64_t> used_space(const fs::path& dir) {
  std::error_code ec;
  std::uint64_t used = 0;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) used += it->file_size(ec);
  }
  if (ec)
    return make_error("io.read_failed", "cannot scan '" + dir.string() + "': " + ec.message());
  return used;
}

Result<std::vector<std::string>> list_names(const fs::path& dir, bool directories,
                                            std::string_view skip_suffix = {}) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string component = it->path().filename().string();
    if (component.empty() || component[0] != 'n') continue;  // .lock, temp files
    if (it->is_directory(ec) != directories) continue;
    if (!skip_suffix.empty() && component.size() >= skip_suffix.size() &&
        component.compare(component.size() - skip_suffix.size(), skip_suffix.size(), skip_suffix) ==
            0) {
      continue;
    }
    if (component.find('.') != std::string::npos) continue;  // temp files of atomic writes
    GMSEAL_ASSIGN_OR_RETURN(std::string name, path_component_to_name(component));
    names.push_back(std::move(name));
  }
  if (ec)
    return make_error("io.read_failed", "cannot list '" + dir.string() + "': " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

Status make_dirs(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return make_error("io.write_failed", "cannot create '" + dir.string() + "': " + ec.message());
  return {};
}

}  // namespace

// ---- device ----

Result<SkfDeviceStore> SkfDeviceStore::create(const fs::path& root, const std::string& name,
                                              const SkfDeviceSpec& spec) {
  GMSEAL_RETURN_IF_ERROR(check_name(name, 64, "device"));
  if (name.find('/') != std::string::npos || name[0] == '.') {
    return make_error("keys.skf.bad_name", "a device name may not hold '/' or start with '.'",
                      "device");
  }
  if (spec.label.size() > 32) {
    return make_error("keys.skf.bad_name", "a device label must be at most 32 bytes", "label");
  }
  const fs::path dir = root / name;
  std::error_code ec;
  if (fs::exists(dir / "device.conf", ec)) {
    return make_error("keys.skf.device_exists",
                      "device '" + name + "' already exists in '" + root.string() + "'");
  }
  GMSEAL_RETURN_IF_ERROR(make_dirs(dir / "apps"));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir, Mode::kExclusive));
  StateFile state;
  state.set("label", spec.label);
  state.set("serial", spec.serial.empty() ? hex_encode(crypto::random_bytes(8)) : spec.serial);
  state.set("manufacturer", spec.manufacturer);
  const Bytes auth_key =
      spec.dev_auth_key.empty() ? crypto::random_bytes(crypto::kSm4KeySize) : spec.dev_auth_key;
  if (auth_key.size() != crypto::kSm4KeySize) {
    return make_error("keys.skf.bad_param", "the device authentication key must be 16 bytes");
  }
  state.set_bytes("dev_auth_key", auth_key);
  GMSEAL_RETURN_IF_ERROR(state.save(dir / "device.conf"));
  return SkfDeviceStore(dir, name);
}

Result<SkfDeviceStore> SkfDeviceStore::open(const fs::path& root, const std::string& name) {
  std::error_code ec;
  if (name.empty() || name.find('/') != std::string::npos || name[0] == '.' ||
      !fs::exists(root / name / "device.conf", ec)) {
    return make_error("keys.skf.device_not_found",
                      "no device '" + name + "' under '" + root.string() + "'");
  }
  return SkfDeviceStore(root / name, name);
}

Result<std::vector<std::string>> SkfDeviceStore::list(const fs::path& root) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return make_error("keys.skf.no_root", "token root '" + root.string() + "' is not a folder");
  }
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (fs::exists(it->path() / "device.conf", ec)) names.push_back(it->path().filename());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<SkfDeviceInfo> SkfDeviceStore::info() const {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kShared));
  GMSEAL_ASSIGN_OR_RETURN(const StateFile state, StateFile::load(dir_ / "device.conf"));
  SkfDeviceInfo info;
  GMSEAL_ASSIGN_OR_RETURN(info.label, state.text("label"));
  GMSEAL_ASSIGN_OR_RETURN(info.serial, state.text("serial"));
  GMSEAL_ASSIGN_OR_RETURN(info.manufacturer, state.text("manufacturer"));
  GMSEAL_ASSIGN_OR_RETURN(const std::uint64_t used, used_space(dir_ / "apps"));
  info.free_space = used >= info.total_space ? 0 : info.total_space - used;
  return info;
}

Status SkfDeviceStore::set_label(const std::string& label) {
  if (label.size() > 32 || label.find('\0') != std::string::npos) {
    return make_error("keys.skf.bad_name", "a device label must be at most 32 bytes", "label");
  }
  for (const char c : label) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return make_error("keys.skf.bad_name", "a device label may not hold control characters");
    }
  }
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kExclusive));
  GMSEAL_ASSIGN_OR_RETURN(StateFile state, StateFile::load(dir_ / "device.conf"));
  state.set("label", label);
  return state.save(dir_ / "device.conf");
}

Result<Bytes> SkfDeviceStore::dev_auth_key() const {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kShared));
  GMSEAL_ASSIGN_OR_RETURN(const StateFile state, StateFile::load(dir_ / "device.conf"));
  return state.bytes("dev_auth_key");
}

Status SkfDeviceStore::set_dev_auth_key(ByteView key) {
  if (key.size() != crypto::kSm4KeySize) {
    return make_error("keys.skf.bad_param", "the device authentication key must be 16 bytes");
  }
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kExclusive));
  GMSEAL_ASSIGN_OR_RETURN(StateFile state, StateFile::load(dir_ / "device.conf"));
  state.set_bytes("dev_auth_key", key);
  return state.save(dir_ / "device.conf");
}

Result<std::vector<std::string>> SkfDeviceStore::applications() const {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kShared));
  return list_names(dir_ / "apps", true);
}

Result<SkfAppStore> SkfDeviceStore::create_application(const std::string& name,
                                                       const SkfAppSpec& spec) {
  GMSEAL_RETURN_IF_ERROR(check_name(name, kMaxAppNameSize, "application"));
  GMSEAL_RETURN_IF_ERROR(check_pin(spec.admin_pin));
  GMSEAL_RETURN_IF_ERROR(check_pin(spec.user_pin));
  if (spec.admin_retries == 0 || spec.admin_retries > 15 || spec.user_retries == 0 ||
      spec.user_retries > 15) {
    return make_error("keys.skf.bad_param", "PIN retry counts must be 1..15");
  }
  if (spec.kdf_iterations < 1000) {
    return make_error("keys.skf.bad_param", "the PIN KDF needs at least 1000 iterations");
  }
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kExclusive));
  const fs::path app_dir = dir_ / "apps" / name_to_path_component(name);
  std::error_code ec;
  if (fs::exists(app_dir / "app.conf", ec)) {
    return make_error("keys.skf.app_exists", "application '" + name + "' already exists");
  }
  GMSEAL_RETURN_IF_ERROR(make_dirs(app_dir / "files"));
  GMSEAL_RETURN_IF_ERROR(make_dirs(app_dir / "containers"));
  const Bytes master_key = crypto::random_bytes(crypto::kSm4KeySize);
  StateFile state;
  state.set_number("kdf.iterations", spec.kdf_iterations);
  state.set_number("admin.max", spec.admin_retries);
  state.set_number("admin.remaining", spec.admin_retries);
  state.set_number("user.max", spec.user_retries);
  state.set_number("user.remaining", spec.user_retries);
  state.set_number("user.default", 1);
  state.set_number("create_rights", spec.create_file_rights);
  GMSEAL_RETURN_IF_ERROR(
      wrap_master_key(state, PinType::kAdmin, spec.admin_pin, master_key, spec.kdf_iterations));
  GMSEAL_RETURN_IF_ERROR(
      wrap_master_key(state, PinType::kUser, spec.user_pin, master_key, spec.kdf_iterations));
  GMSEAL_RETURN_IF_ERROR(state.save(app_dir / "app.conf"));
  return SkfAppStore(dir_, app_dir, name, spec.create_file_rights);
}

Status SkfDeviceStore::delete_application(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(check_name(name, kMaxAppNameSize, "application"));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kExclusive));
  const fs::path app_dir = dir_ / "apps" / name_to_path_component(name);
  std::error_code ec;
  if (!fs::exists(app_dir / "app.conf", ec)) {
    return make_error("keys.skf.app_not_found", "no application '" + name + "'");
  }
  fs::remove_all(app_dir, ec);
  if (ec) return make_error("io.write_failed", "cannot delete application: " + ec.message());
  return {};
}

Result<SkfAppStore> SkfDeviceStore::application(const std::string& name) const {
  GMSEAL_RETURN_IF_ERROR(check_name(name, kMaxAppNameSize, "application"));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, Mode::kShared));
  const fs::path app_dir = dir_ / "apps" / name_to_path_component(name);
  std::error_code ec;
  if (!fs::exists(app_dir / "app.conf", ec)) {
    return make_error("keys.skf.app_not_found",
                      "no application '" + name + "' on device '" + name_ + "'");
  }
  GMSEAL_ASSIGN_OR_RETURN(const StateFile state, StateFile::load(app_dir / "app.conf"));
  GMSEAL_ASSIGN_OR_RETURN(const std::uint32_t rights, state.number("create_rights"));
  return SkfAppStore(dir_, app_dir, name, rights);
}

// ---- PINs ----

Result<PinOutcome> SkfAppStore::verify_pin(PinType type, const std::string& pin) {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kExclusive));
  GMSEAL_ASSIGN_OR_RETURN(StateFile state, StateFile::load(dir_ / "app.conf"));
  const std::string prefix = pin_prefix(type);
  GMSEAL_ASSIGN_OR_RETURN(const std::uint32_t max, state.number(prefix + ".max"));
  GMSEAL_ASSIGN_OR_RETURN(const std::uint32_t remaining, state.number(prefix + ".remaining"));
  PinOutcome outcome;
  if (remaining == 0) {
    outcome.status = make_error("keys.skf.pin_locked", "the " + prefix + " PIN is locked");
    return outcome;
  }
  GMSEAL_ASSIGN_OR_RETURN(std::optional<Bytes> master_key, unwrap_master_key(state, type, pin));
  if (!master_key) {
    outcome.remaining = remaining - 1;
    state.set_number(prefix + ".remaining", outcome.remaining);
    GMSEAL_RETURN_IF_ERROR(state.save(dir_ / "app.conf"));
    outcome.status =
        outcome.remaining == 0
            ? make_error("keys.skf.pin_locked",
                         "wrong " + prefix + " PIN; no retries left, the PIN is now locked")
            : make_error("keys.skf.pin_incorrect", "wrong " + prefix + " PIN; " +
                                                       std::to_string(outcome.remaining) +
                                                       " retries left");
    return outcome;
  }
  if (remaining != max) {
    state.set_number(prefix + ".remaining", max);
    GMSEAL_RETURN_IF_ERROR(state.save(dir_ / "app.conf"));
  }
  outcome.remaining = max;
  outcome.master_key = std::move(*master_key);
  return outcome;
}

Result<PinInfo> SkfAppStore::pin_info(PinType type) const {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kShared));
  GMSEAL_ASSIGN_OR_RETURN(const StateFile state, StateFile::load(dir_ / "app.conf"));
  const std::string prefix = pin_prefix(type);
  PinInfo info;
  GMSEAL_ASSIGN_OR_RETURN(info.max_retries, state.number(prefix + ".max"));
  GMSEAL_ASSIGN_OR_RETURN(info.remaining, state.number(prefix + ".remaining"));
  if (type == PinType::kUser) {
    GMSEAL_ASSIGN_OR_RETURN(const std::uint32_t is_default, state.number("user.default"));
    info.is_default = is_default != 0;
  }
  return info;
}

Result<PinOutcome> SkfAppStore::change_pin(PinType type, const std::string& old_pin,
                                           const std::string& new_pin) {
  GMSEAL_RETURN_IF_ERROR(check_pin(new_pin));
  GMSEAL_ASSIGN_OR_RETURN(PinOutcome outcome, verify_pin(type, old_pin));
  if (!outcome.status.ok()) return outcome;
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kExclusive));
  GMSEAL_ASSIGN_OR_RETURN(StateFile state, StateFile::load(dir_ / "app.conf"));
  GMSEAL_ASSIGN_OR_RETURN(const std::uint32_t iterations, state.number("kdf.iterations"));
  GMSEAL_RETURN_IF_ERROR(wrap_master_key(state, type, new_pin, outcome.master_key, iterations));
  if (type == PinType::kUser) state.set_number("user.default", 0);
  GMSEAL_RETURN_IF_ERROR(state.save(dir_ / "app.conf"));
  return outcome;
}

Result<PinOutcome> SkfAppStore::unblock_pin(const std::string& admin_pin,
                                            const std::string& new_user_pin) {
  GMSEAL_RETURN_IF_ERROR(check_pin(new_user_pin));
  GMSEAL_ASSIGN_OR_RETURN(PinOutcome outcome, verify_pin(PinType::kAdmin, admin_pin));
  if (!outcome.status.ok()) return outcome;
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kExclusive));
  GMSEAL_ASSIGN_OR_RETURN(StateFile state, StateFile::load(dir_ / "app.conf"));
  GMSEAL_ASSIGN_OR_RETURN(const std::uint32_t iterations, state.number("kdf.iterations"));
  GMSEAL_ASSIGN_OR_RETURN(const std::uint32_t user_max, state.number("user.max"));
  GMSEAL_RETURN_IF_ERROR(
      wrap_master_key(state, PinType::kUser, new_user_pin, outcome.master_key, iterations));
  state.set_number("user.remaining", user_max);
  state.set_number("user.default", 0);
  GMSEAL_RETURN_IF_ERROR(state.save(dir_ / "app.conf"));
  return outcome;
}

// ---- files ----

Status SkfAppStore::create_file(const std::string& name, std::uint32_t size,
                                std::uint32_t read_rights, std::uint32_t write_rights) {
  GMSEAL_RETURN_IF_ERROR(check_name(name, kMaxFileNameSize, "file"));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kExclusive));
  const fs::path path = dir_ / "files" / name_to_path_component(name);
  std::error_code ec;
  if (fs::exists(path, ec)) {
    return make_error("keys.skf.file_exists", "file '" + name + "' already exists");
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::uint64_t used, used_space(device_dir_ / "apps"));
  if (used + size > kDeviceCapacity) {
    return make_error("keys.skf.no_room",
                      "the device has " +
                          std::to_string(kDeviceCapacity - std::min(used, kDeviceCapacity)) +
                          " bytes free, file '" + name + "' needs " + std::to_string(size));
  }
  StateFile attr;
  attr.set_number("size", size);
  attr.set_number("read", read_rights);
  attr.set_number("write", write_rights);
  GMSEAL_RETURN_IF_ERROR(attr.save(path.string() + ".attr"));
  return write_file_atomic(path, ByteView(Bytes(size, 0)), 0600);
}

Status SkfAppStore::delete_file(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(check_name(name, kMaxFileNameSize, "file"));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kExclusive));
  const fs::path path = dir_ / "files" / name_to_path_component(name);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return make_error("keys.skf.file_not_found", "no file '" + name + "'");
  }
  fs::remove(path, ec);
  fs::remove(path.string() + ".attr", ec);
  return {};
}

Result<std::vector<std::string>> SkfAppStore::files() const {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kShared));
  return list_names(dir_ / "files", false);
}

Result<SkfFileInfo> SkfAppStore::file_info(const std::string& name) const {
  GMSEAL_RETURN_IF_ERROR(check_name(name, kMaxFileNameSize, "file"));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kShared));
  const fs::path path = dir_ / "files" / name_to_path_component(name);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return make_error("keys.skf.file_not_found", "no file '" + name + "'");
  }
  GMSEAL_ASSIGN_OR_RETURN(const StateFile attr, StateFile::load(path.string() + ".attr"));
  SkfFileInfo info;
  info.name = name;
  GMSEAL_ASSIGN_OR_RETURN(info.size, attr.number("size"));
  GMSEAL_ASSIGN_OR_RETURN(info.read_rights, attr.number("read"));
  GMSEAL_ASSIGN_OR_RETURN(info.write_rights, attr.number("write"));
  return info;
}

Result<Bytes> SkfAppStore::read_file(const std::string& name, std::uint32_t offset,
                                     std::uint32_t size) const {
  GMSEAL_RETURN_IF_ERROR(check_name(name, kMaxFileNameSize, "file"));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kShared));
  const fs::path path = dir_ / "files" / name_to_path_component(name);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return make_error("keys.skf.file_not_found", "no file '" + name + "'");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes content, gmseal::read_file(path));
  if (offset > content.size()) {
    return make_error("keys.skf.bad_offset", "offset " + std::to_string(offset) +
                                                 " is past the end of file '" + name + "'");
  }
  const std::size_t count = std::min<std::size_t>(size, content.size() - offset);
  return Bytes(content.begin() + offset, content.begin() + offset + count);
}

Status SkfAppStore::write_file(const std::string& name, std::uint32_t offset, ByteView data) {
  GMSEAL_RETURN_IF_ERROR(check_name(name, kMaxFileNameSize, "file"));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kExclusive));
  const fs::path path = dir_ / "files" / name_to_path_component(name);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return make_error("keys.skf.file_not_found", "no file '" + name + "'");
  }
  GMSEAL_ASSIGN_OR_RETURN(Bytes content, gmseal::read_file(path));
  if (static_cast<std::uint64_t>(offset) + data.size() > content.size()) {
    return make_error("keys.skf.bad_offset", "writing " + std::to_string(data.size()) +
                                                 " bytes at offset " + std::to_string(offset) +
                                                 " overruns file '" + name + "' of " +
                                                 std::to_string(content.size()) + " bytes");
  }
  std::copy(data.begin(), data.end(), content.begin() + offset);
  return write_file_atomic(path, ByteView(content), 0600);
}

// ---- containers and keys ----

fs::path SkfAppStore::container_dir(const std::string& container) const {
  return dir_ / "containers" / name_to_path_component(container);
}

Status SkfAppStore::create_container(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(check_name(name, kMaxContainerNameSize, "container"));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kExclusive));
  std::error_code ec;
  if (fs::exists(container_dir(name), ec)) {
    return make_error("keys.skf.container_exists", "container '" + name + "' already exists");
  }
  return make_dirs(container_dir(name));
}

Status SkfAppStore::delete_container(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(check_name(name, kMaxContainerNameSize, "container"));
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kExclusive));
  std::error_code ec;
  if (!fs::exists(container_dir(name), ec)) {
    return make_error("keys.skf.container_not_found", "no container '" + name + "'");
  }
  fs::remove_all(container_dir(name), ec);
  if (ec) return make_error("io.write_failed", "cannot delete container: " + ec.message());
  return {};
}

Result<std::vector<std::string>> SkfAppStore::containers() const {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kShared));
  return list_names(dir_ / "containers", true);
}

Result<bool> SkfAppStore::has_container(const std::string& name) const {
  GMSEAL_RETURN_IF_ERROR(check_name(name, kMaxContainerNameSize, "container"));
  std::error_code ec;
  return fs::is_directory(container_dir(name), ec);
}

Result<std::uint32_t> SkfAppStore::container_type(const std::string& name) const {
  GMSEAL_ASSIGN_OR_RETURN(const bool exists, has_container(name));
  if (!exists) return make_error("keys.skf.container_not_found", "no container '" + name + "'");
  std::error_code ec;
  return fs::exists(container_dir(name) / "sign.key", ec) ? 2u : 0u;
}

Result<crypto::Sm2PublicKey> SkfAppStore::generate_sign_key(const std::string& container,
                                                            ByteView master_key) {
  GMSEAL_ASSIGN_OR_RETURN(const bool exists, has_container(container));
  if (!exists) {
    return make_error("keys.skf.container_not_found", "no container '" + container + "'");
  }
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PrivateKey key, crypto::Sm2PrivateKey::generate());
  Bytes raw = key.raw();
  auto sealed = crypto::sm4_gcm_seal(master_key, raw, aad_for("sign-key:" + container));
  std::fill(raw.begin(), raw.end(), 0);
  if (!sealed.ok()) return sealed.error();
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kExclusive));
  const fs::path dir = container_dir(container);
  std::error_code ec;
  fs::remove(dir / "sign.cert", ec);
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir / "sign.pub", ByteView(key.public_key().to_der())));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir / "sign.key", ByteView(*sealed), 0600));
  return key.public_key();
}

Result<crypto::Sm2PublicKey> SkfAppStore::sign_public_key(const std::string& container) const {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kShared));
  std::error_code ec;
  const fs::path path = container_dir(container) / "sign.pub";
  if (!fs::exists(path, ec)) {
    return make_error("keys.skf.key_not_found",
                      "container '" + container + "' holds no signing key");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes der, gmseal::read_file(path));
  return crypto::Sm2PublicKey::from_der(der);
}

Result<Bytes> SkfAppStore::sealed_sign_key(const std::string& container) const {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kShared));
  std::error_code ec;
  const fs::path path = container_dir(container) / "sign.key";
  if (!fs::exists(path, ec)) {
    return make_error("keys.skf.key_not_found",
                      "container '" + container + "' holds no signing key");
  }
  return gmseal::read_file(path);
}

Result<crypto::Sm2PrivateKey> SkfAppStore::unseal_sign_key(const std::string& container,
                                                           ByteView sealed,
                                                           ByteView master_key) const {
  auto raw = crypto::sm4_gcm_open(master_key, sealed, aad_for("sign-key:" + container));
  if (!raw.ok()) {
    return make_error("keys.skf.key_damaged",
                      "the signing key of container '" + container + "' cannot be unsealed");
  }
  auto key = crypto::Sm2PrivateKey::from_raw(*raw);
  std::fill(raw->begin(), raw->end(), 0);
  return key;
}

Result<crypto::Sm2PrivateKey> SkfAppStore::sign_key(const std::string& container,
                                                    ByteView master_key) const {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes sealed, sealed_sign_key(container));
  return unseal_sign_key(container, sealed, master_key);
}

Status SkfAppStore::import_certificate(const std::string& container, bool sign, ByteView der) {
  GMSEAL_ASSIGN_OR_RETURN(const bool exists, has_container(container));
  if (!exists) {
    return make_error("keys.skf.container_not_found", "no container '" + container + "'");
  }
  if (der.empty() || der.size() > 8192) {
    return make_error("keys.skf.bad_param", "a certificate must be 1..8192 bytes");
  }
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kExclusive));
  return write_file_atomic(container_dir(container) / (sign ? "sign.cert" : "enc.cert"), der);
}

Result<Bytes> SkfAppStore::export_certificate(const std::string& container, bool sign) const {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(device_dir_, Mode::kShared));
  const fs::path path = container_dir(container) / (sign ? "sign.cert" : "enc.cert");
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return make_error("keys.skf.cert_not_found",
                      std::string("container '") + container + "' holds no " +
                          (sign ? "signing" : "encryption") + " certificate");
  }
  return gmseal::read_file(path);
}

}  // namespace gmseal::keys::soft
