#include "keys/skf_library.h"

#include <dlfcn.h>

#include <algorithm>

#include "crypto/sm2.h"
#include "crypto/sm4.h"
#include "keys/device_errors.h"
#include "keys/internal/dl_functions.h"
#include "keys/internal/skf_api_impl.h"

namespace gmseal::keys {

namespace internal {

// One open SKF handle (device, application or container). Children keep their parent open; the
// device's mutex serialises every call on the device and its children.
struct SkfHandle {
  enum class Kind { kDevice, kApplication, kContainer };
  std::shared_ptr<SkfLibrary> library;
  SkfApi* api = nullptr;
  void* raw = nullptr;
  Kind kind = Kind::kDevice;
  std::shared_ptr<SkfHandle> parent;
  std::shared_ptr<std::mutex> mutex;
  AbiOptions options;

  ~SkfHandle() {
    if (raw == nullptr) return;
    std::lock_guard<std::mutex> lock(*mutex);
    switch (kind) {
      case Kind::kDevice:
        api->DisConnectDev(raw);
        break;
      case Kind::kApplication:
        api->CloseApplication(raw);
        break;
      case Kind::kContainer:
        api->CloseContainer(raw);
        break;
    }
  }
  void* device() const {
    const SkfHandle* h = this;
    while (h->parent) h = h->parent.get();
    return h->raw;
  }
};

}  // namespace internal

namespace {

using internal::SkfFn;
using internal::SkfHandle;
using internal::U64;

constexpr std::uint32_t kSarBufferTooSmall = 0x0A000020;
constexpr std::uint32_t kSgdSm2_1 = 0x00020200;
constexpr std::uint32_t kSgdSm3 = 0x00000001;
constexpr std::size_t kEccField = 64;  // ECC_MAX_XCOORDINATE_BITS_LEN / 8, fixed in GM/T 0016

const std::vector<SkfFn>& required() {
  static const std::vector<SkfFn> fns = {
      internal::kSkfEnumDev,         internal::kSkfConnectDev,       internal::kSkfDisConnectDev,
      internal::kSkfOpenApplication, internal::kSkfCloseApplication, internal::kSkfVerifyPIN,
      internal::kSkfOpenContainer,   internal::kSkfCloseContainer,   internal::kSkfExportPublicKey,
      internal::kSkfECCSignData};
  return fns;
}

Status need(const SkfHandle& h, SkfFn fn) {
  if (h.api->has(fn)) return {};
  return make_error("keys.skf.function_missing", "the SKF library '" + h.library->path() +
                                                     "' does not provide " +
                                                     std::string(internal::kSkfFunctionNames[fn]));
}

char* str(const std::string& s) { return const_cast<char*>(s.c_str()); }

std::vector<std::string> split_multi_string(const std::vector<char>& buffer, std::size_t size) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  const std::size_t end = std::min(size, buffer.size());
  while (pos < end && buffer[pos] != '\0') {
    std::size_t stop = pos;
    while (stop < end && buffer[stop] != '\0') ++stop;
    names.emplace_back(buffer.data() + pos, stop - pos);
    pos = stop + 1;
  }
  return names;
}

// The two-call pattern for multi-string lists: size first, then the list.
template <typename Call>
Result<std::vector<std::string>> read_name_list(Call call, const char* function) {
  U64 size = 0;
  if (const auto rc = call(nullptr, &size); rc != 0) return skf_error(rc, function);
  if (size == 0) return std::vector<std::string>{};
  std::vector<char> buffer(size + 2, '\0');
  U64 got = size;
  if (const auto rc = call(buffer.data(), &got); rc != 0) return skf_error(rc, function);
  return split_multi_string(buffer, got);
}

struct PublicBlobLayout {
  std::size_t bit_len, x, y, size;
  PublicBlobLayout(const AbiOptions& options) {
    StructLayout layout(options);
    bit_len = layout.add_ulong();
    x = layout.add_bytes(kEccField);
    y = layout.add_bytes(kEccField);
    size = layout.size();
  }
};

Bytes public_blob(const crypto::Sm2PublicKey& key, const AbiOptions& options) {
  const PublicBlobLayout l(options);
  Bytes blob(l.size, 0);
  StructLayout(options).put_ulong(blob, l.bit_len, 256);
  const Bytes x = key.x_device(), y = key.y_device();
  std::copy(x.begin(), x.end(), blob.begin() + l.x);
  std::copy(y.begin(), y.end(), blob.begin() + l.y);
  return blob;
}

Result<crypto::Sm2PublicKey> parse_public_blob(ByteView blob, const AbiOptions& options,
                                               const char* function) {
  const PublicBlobLayout l(options);
  if (blob.size() < l.size) {
    return make_error("keys.skf.bad_output",
                      std::string(function) + " returned " + std::to_string(blob.size()) +
                          " bytes, an ECCPUBLICKEYBLOB needs " + std::to_string(l.size));
  }
  const std::uint64_t bits = StructLayout(options).get_ulong(blob, l.bit_len);
  if (bits != 256) {
    return make_error("keys.skf.bad_output", std::string(function) +
                                                 " returned a public key of BitLen " +
                                                 std::to_string(bits) + ", not 256 (SM2)");
  }
  auto key =
      crypto::Sm2PublicKey::from_xy(blob.subspan(l.x, kEccField), blob.subspan(l.y, kEccField));
  if (!key.ok()) {
    return make_error(key.error().code, std::string(function) + " returned an invalid SM2 point: " +
                                            key.error().message);
  }
  return key;
}

// ECCSIGNATUREBLOB {r[64], s[64]} (right-aligned) -> DER.
Result<Bytes> signature_blob_to_der(ByteView blob) {
  for (std::size_t i = 0; i < kEccField - 32; ++i) {
    if (blob[i] != 0 || blob[kEccField + i] != 0) {
      return make_error("keys.skf.bad_output",
                        "the device returned r or s longer than 256 bits (not right-aligned)");
    }
  }
  Bytes raw(blob.begin() + 32, blob.begin() + 64);
  raw.insert(raw.end(), blob.begin() + 96, blob.begin() + 128);
  return crypto::sm2_signature_raw_to_der(raw);
}

Result<Bytes> signature_der_to_blob(ByteView der) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes raw, crypto::sm2_signature_der_to_raw(der));
  Bytes blob(2 * kEccField, 0);
  std::copy(raw.begin(), raw.begin() + 32, blob.begin() + 32);
  std::copy(raw.begin() + 32, raw.end(), blob.begin() + 96);
  return blob;
}

std::string fixed_string(ByteView bytes) {
  std::string s(bytes.begin(), bytes.end());
  const std::size_t nul = s.find('\0');
  if (nul != std::string::npos) s.resize(nul);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::shared_ptr<SkfHandle> child(const std::shared_ptr<SkfHandle>& parent, SkfHandle::Kind kind,
                                 void* raw) {
  auto handle = std::make_shared<SkfHandle>();
  handle->library = parent->library;
  handle->api = parent->api;
  handle->raw = raw;
  handle->kind = kind;
  handle->parent = parent;
  handle->mutex = parent->mutex;
  handle->options = parent->options;
  return handle;
}

}  // namespace

// ---- library ----

const std::vector<std::string>& SkfLibrary::required_functions() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const SkfFn fn : required()) out.emplace_back(internal::kSkfFunctionNames[fn]);
    return out;
  }();
  return names;
}

Result<std::shared_ptr<SkfLibrary>> SkfLibrary::load(const std::string& path,
                                                     const AbiOptions& options) {
  GMSEAL_RETURN_IF_ERROR(options.validate());
  GMSEAL_ASSIGN_OR_RETURN(
      auto resolved, internal::resolve_table(path, "skf", internal::kSkfFunctionNames, required()));
  const auto& functions = resolved.functions;
  std::shared_ptr<SkfLibrary> library(new SkfLibrary());
  library->handle_ = resolved.handle;
  library->path_ = path;
  library->options_ = options;
  library->missing_ = std::move(resolved.missing_optional);
  const bool wide_ulong = options.ulong_bits == 64, wide_bool = options.bool_bits == 64;
  if (!wide_ulong && !wide_bool) {
    library->api_ = std::make_unique<internal::SkfApiT<std::uint32_t, std::int32_t>>(functions);
  } else if (wide_ulong && !wide_bool) {
    library->api_ = std::make_unique<internal::SkfApiT<std::uint64_t, std::int32_t>>(functions);
  } else if (!wide_ulong && wide_bool) {
    library->api_ = std::make_unique<internal::SkfApiT<std::uint32_t, std::int64_t>>(functions);
  } else {
    library->api_ = std::make_unique<internal::SkfApiT<std::uint64_t, std::int64_t>>(functions);
  }
  library->self_ = library;
  return library;
}

SkfLibrary::~SkfLibrary() {
  api_.reset();
  if (handle_ != nullptr) internal::close_library(handle_);
}

Result<std::vector<std::string>> SkfLibrary::enum_devices(bool present_only) {
  return read_name_list(
      [&](char* list, U64* size) { return api_->EnumDev(present_only ? 1 : 0, list, size); },
      "SKF_EnumDev");
}

Result<SkfDevice> SkfLibrary::connect(const std::string& name) {
  void* raw = nullptr;
  if (const auto rc = api_->ConnectDev(str(name), &raw); rc != 0) {
    return skf_error(rc, "SKF_ConnectDev", "connecting to device '" + name + "'");
  }
  auto handle = std::make_shared<SkfHandle>();
  handle->library = self_.lock();
  handle->api = api_.get();
  handle->raw = raw;
  handle->kind = SkfHandle::Kind::kDevice;
  handle->mutex = std::make_shared<std::mutex>();
  handle->options = options_;
  return SkfDevice(std::move(handle));
}

// ---- device ----

Result<SkfDeviceInfo> SkfDevice::info() {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfGetDevInfo));
  StructLayout layout(handle_->options);
  const std::size_t version = layout.add_bytes(2), manufacturer = layout.add_bytes(64),
                    issuer = layout.add_bytes(64), label = layout.add_bytes(32),
                    serial = layout.add_bytes(32);
  layout.add_bytes(2);  // HWVersion
  layout.add_bytes(2);  // FirmwareVersion
  const std::size_t sym = layout.add_ulong(), asym = layout.add_ulong(), hash = layout.add_ulong(),
                    auth = layout.add_ulong(), total = layout.add_ulong(),
                    free = layout.add_ulong();
  layout.add_ulong();  // MaxECCBufferSize
  layout.add_ulong();  // MaxBufferSize
  layout.add_bytes(64);
  Bytes buffer(layout.size() + 64, 0);  // slack for vendors whose DEVINFO is larger
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->GetDevInfo(handle_->raw, buffer.data()); rc != 0) {
    return skf_error(rc, "SKF_GetDevInfo");
  }
  const ByteView b(buffer);
  SkfDeviceInfo info;
  info.version_major = buffer[version];
  info.version_minor = buffer[version + 1];
  info.manufacturer = fixed_string(b.subspan(manufacturer, 64));
  info.issuer = fixed_string(b.subspan(issuer, 64));
  info.label = fixed_string(b.subspan(label, 32));
  info.serial = fixed_string(b.subspan(serial, 32));
  info.alg_sym_cap = layout.get_ulong(b, sym);
  info.alg_asym_cap = layout.get_ulong(b, asym);
  info.alg_hash_cap = layout.get_ulong(b, hash);
  info.dev_auth_alg = layout.get_ulong(b, auth);
  info.total_space = layout.get_ulong(b, total);
  info.free_space = layout.get_ulong(b, free);
  return info;
}

Status SkfDevice::set_label(const std::string& label) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfSetLabel));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->SetLabel(handle_->raw, str(label)); rc != 0) {
    return skf_error(rc, "SKF_SetLabel");
  }
  return {};
}

Result<Bytes> SkfDevice::random(std::size_t count) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfGenRandom));
  Bytes out(count, 0);
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->GenRandom(handle_->raw, out.data(), count); rc != 0) {
    return skf_error(rc, "SKF_GenRandom");
  }
  return out;
}

Status SkfDevice::authenticate(ByteView auth_key) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfDevAuth));
  GMSEAL_ASSIGN_OR_RETURN(Bytes challenge, random(8));
  challenge.resize(crypto::kSm4BlockSize, 0);
  GMSEAL_ASSIGN_OR_RETURN(Bytes response, crypto::sm4_ecb_encrypt_block(auth_key, challenge));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->DevAuth(handle_->raw, response.data(), response.size());
      rc != 0) {
    return skf_error(rc, "SKF_DevAuth", "device authentication");
  }
  return {};
}

Status SkfDevice::change_auth_key(ByteView new_key) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfChangeDevAuthKey));
  Bytes key(new_key.begin(), new_key.end());
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->ChangeDevAuthKey(handle_->raw, key.data(), key.size());
      rc != 0) {
    return skf_error(rc, "SKF_ChangeDevAuthKey");
  }
  return {};
}

Result<std::vector<std::string>> SkfDevice::applications() {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfEnumApplication));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  return read_name_list(
      [&](char* list, U64* size) {
        return handle_->api->EnumApplication(handle_->raw, list, size);
      },
      "SKF_EnumApplication");
}

Result<SkfApplication> SkfDevice::create_application(
    const std::string& name, const std::string& admin_pin, std::uint32_t admin_retries,
    const std::string& user_pin, std::uint32_t user_retries, std::uint32_t create_file_rights) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfCreateApplication));
  void* raw = nullptr;
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc =
          handle_->api->CreateApplication(handle_->raw, str(name), str(admin_pin), admin_retries,
                                          str(user_pin), user_retries, create_file_rights, &raw);
      rc != 0) {
    return skf_error(rc, "SKF_CreateApplication", "creating application '" + name + "'");
  }
  return SkfApplication(child(handle_, SkfHandle::Kind::kApplication, raw), name);
}

Status SkfDevice::delete_application(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfDeleteApplication));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->DeleteApplication(handle_->raw, str(name)); rc != 0) {
    return skf_error(rc, "SKF_DeleteApplication", "deleting application '" + name + "'");
  }
  return {};
}

Result<SkfApplication> SkfDevice::open_application(const std::string& name) {
  void* raw = nullptr;
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->OpenApplication(handle_->raw, str(name), &raw); rc != 0) {
    return skf_error(rc, "SKF_OpenApplication", "opening application '" + name + "'");
  }
  return SkfApplication(child(handle_, SkfHandle::Kind::kApplication, raw), name);
}

Status SkfDevice::verify_digest(const crypto::Sm2PublicKey& key, ByteView digest,
                                ByteView signature_der) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfExtECCVerify));
  Bytes blob = public_blob(key, handle_->options);
  Bytes data(digest.begin(), digest.end());
  GMSEAL_ASSIGN_OR_RETURN(Bytes signature, signature_der_to_blob(signature_der));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->ExtECCVerify(handle_->raw, blob.data(), data.data(),
                                                 data.size(), signature.data());
      rc != 0) {
    return skf_error(rc, "SKF_ExtECCVerify");
  }
  return {};
}

Result<crypto::Sm3Digest> SkfDevice::digest_with_id(const crypto::Sm2PublicKey& key,
                                                    std::string_view id, ByteView message) {
  for (const SkfFn fn : {internal::kSkfDigestInit, internal::kSkfDigestUpdate,
                         internal::kSkfDigestFinal, internal::kSkfCloseHandle}) {
    GMSEAL_RETURN_IF_ERROR(need(*handle_, fn));
  }
  Bytes blob = public_blob(key, handle_->options);
  Bytes id_bytes(id.begin(), id.end());
  Bytes data(message.begin(), message.end());
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  void* hash = nullptr;
  if (const auto rc = handle_->api->DigestInit(handle_->raw, kSgdSm3, blob.data(), id_bytes.data(),
                                               id_bytes.size(), &hash);
      rc != 0) {
    return skf_error(rc, "SKF_DigestInit");
  }
  crypto::Sm3Digest out{};
  U64 out_len = out.size();
  auto rc = handle_->api->DigestUpdate(hash, data.data(), data.size());
  const char* failed = "SKF_DigestUpdate";
  if (rc == 0) {
    rc = handle_->api->DigestFinal(hash, out.data(), &out_len);
    failed = "SKF_DigestFinal";
  }
  handle_->api->CloseHandle(hash);
  if (rc != 0) return skf_error(rc, failed);
  if (out_len != out.size()) {
    return make_error("keys.skf.bad_output",
                      "SKF_DigestFinal returned " + std::to_string(out_len) + " bytes, not 32");
  }
  return out;
}

// ---- application ----

Status SkfApplication::pin_status(std::uint32_t rc, const char* function, std::uint32_t retries,
                                  std::uint32_t* remaining) {
  if (remaining != nullptr) *remaining = retries;
  if (rc == 0) return {};
  Error error = skf_error(rc, function, "application '" + name_ + "'");
  if (error.code == "keys.skf.pin_incorrect") {
    error.message += "; " + std::to_string(retries) + " retries left";
  }
  return error;
}

Status SkfApplication::verify_pin(SkfPinType type, const std::string& pin,
                                  std::uint32_t* remaining) {
  U64 retries = 0;
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  const auto rc = handle_->api->VerifyPIN(handle_->raw, static_cast<U64>(type), str(pin), &retries);
  return pin_status(rc, "SKF_VerifyPIN", static_cast<std::uint32_t>(retries), remaining);
}

Status SkfApplication::change_pin(SkfPinType type, const std::string& old_pin,
                                  const std::string& new_pin, std::uint32_t* remaining) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfChangePIN));
  U64 retries = 0;
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  const auto rc = handle_->api->ChangePIN(handle_->raw, static_cast<U64>(type), str(old_pin),
                                          str(new_pin), &retries);
  return pin_status(rc, "SKF_ChangePIN", static_cast<std::uint32_t>(retries), remaining);
}

Status SkfApplication::unblock_pin(const std::string& admin_pin, const std::string& new_user_pin,
                                   std::uint32_t* remaining) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfUnblockPIN));
  U64 retries = 0;
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  const auto rc =
      handle_->api->UnblockPIN(handle_->raw, str(admin_pin), str(new_user_pin), &retries);
  return pin_status(rc, "SKF_UnblockPIN", static_cast<std::uint32_t>(retries), remaining);
}

Result<SkfPinInfo> SkfApplication::pin_info(SkfPinType type) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfGetPINInfo));
  U64 max = 0, remaining = 0, is_default = 0;
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->GetPINInfo(handle_->raw, static_cast<U64>(type), &max,
                                               &remaining, &is_default);
      rc != 0) {
    return skf_error(rc, "SKF_GetPINInfo");
  }
  return SkfPinInfo{static_cast<std::uint32_t>(max), static_cast<std::uint32_t>(remaining),
                    is_default != 0};
}

Status SkfApplication::clear_secure_state() {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfClearSecureState));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->ClearSecureState(handle_->raw); rc != 0) {
    return skf_error(rc, "SKF_ClearSecureState");
  }
  return {};
}

Status SkfApplication::create_file(const std::string& name, std::uint32_t size,
                                   std::uint32_t read_rights, std::uint32_t write_rights) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfCreateFile));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc =
          handle_->api->CreateFile(handle_->raw, str(name), size, read_rights, write_rights);
      rc != 0) {
    return skf_error(rc, "SKF_CreateFile", "creating file '" + name + "'");
  }
  return {};
}

Status SkfApplication::delete_file(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfDeleteFile));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->DeleteFile(handle_->raw, str(name)); rc != 0) {
    return skf_error(rc, "SKF_DeleteFile", "deleting file '" + name + "'");
  }
  return {};
}

Result<std::vector<std::string>> SkfApplication::files() {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfEnumFiles));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  return read_name_list(
      [&](char* list, U64* size) { return handle_->api->EnumFiles(handle_->raw, list, size); },
      "SKF_EnumFiles");
}

Result<SkfFileInfo> SkfApplication::file_info(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfGetFileInfo));
  StructLayout layout(handle_->options);
  const std::size_t file_name = layout.add_bytes(32), size = layout.add_ulong(),
                    read = layout.add_ulong(), write = layout.add_ulong();
  Bytes buffer(layout.size(), 0);
  {
    std::lock_guard<std::mutex> lock(*handle_->mutex);
    if (const auto rc = handle_->api->GetFileInfo(handle_->raw, str(name), buffer.data());
        rc != 0) {
      return skf_error(rc, "SKF_GetFileInfo", "file '" + name + "'");
    }
  }
  const ByteView b(buffer);
  SkfFileInfo info;
  info.name = fixed_string(b.subspan(file_name, 32));
  info.size = static_cast<std::uint32_t>(layout.get_ulong(b, size));
  info.read_rights = static_cast<std::uint32_t>(layout.get_ulong(b, read));
  info.write_rights = static_cast<std::uint32_t>(layout.get_ulong(b, write));
  return info;
}

Result<Bytes> SkfApplication::read_file(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfReadFile));
  GMSEAL_ASSIGN_OR_RETURN(const SkfFileInfo info, file_info(name));
  Bytes out(info.size, 0);
  U64 got = out.size();
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc =
          handle_->api->ReadFile(handle_->raw, str(name), 0, out.size(), out.data(), &got);
      rc != 0) {
    return skf_error(rc, "SKF_ReadFile", "reading file '" + name + "'");
  }
  out.resize(std::min<std::size_t>(got, out.size()));
  return out;
}

Status SkfApplication::write_file(const std::string& name, std::uint32_t offset, ByteView data) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfWriteFile));
  Bytes copy(data.begin(), data.end());
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc =
          handle_->api->WriteFile(handle_->raw, str(name), offset, copy.data(), copy.size());
      rc != 0) {
    return skf_error(rc, "SKF_WriteFile", "writing file '" + name + "'");
  }
  return {};
}

Status SkfApplication::create_container(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfCreateContainer));
  void* raw = nullptr;
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->CreateContainer(handle_->raw, str(name), &raw); rc != 0) {
    return skf_error(rc, "SKF_CreateContainer", "creating container '" + name + "'");
  }
  handle_->api->CloseContainer(raw);
  return {};
}

Status SkfApplication::delete_container(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfDeleteContainer));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->DeleteContainer(handle_->raw, str(name)); rc != 0) {
    return skf_error(rc, "SKF_DeleteContainer", "deleting container '" + name + "'");
  }
  return {};
}

Result<std::vector<std::string>> SkfApplication::containers() {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfEnumContainer));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  return read_name_list(
      [&](char* list, U64* size) { return handle_->api->EnumContainer(handle_->raw, list, size); },
      "SKF_EnumContainer");
}

Result<SkfContainer> SkfApplication::open_container(const std::string& name) {
  void* raw = nullptr;
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->OpenContainer(handle_->raw, str(name), &raw); rc != 0) {
    return skf_error(rc, "SKF_OpenContainer", "opening container '" + name + "'");
  }
  return SkfContainer(child(handle_, SkfHandle::Kind::kContainer, raw), name);
}

// ---- container ----

Result<std::uint32_t> SkfContainer::type() {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfGetContainerType));
  U64 type = 0;
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc = handle_->api->GetContainerType(handle_->raw, &type); rc != 0) {
    return skf_error(rc, "SKF_GetContainerType");
  }
  return static_cast<std::uint32_t>(type);
}

Result<crypto::Sm2PublicKey> SkfContainer::generate_sign_key() {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfGenECCKeyPair));
  Bytes blob(PublicBlobLayout(handle_->options).size, 0);
  {
    std::lock_guard<std::mutex> lock(*handle_->mutex);
    if (const auto rc = handle_->api->GenECCKeyPair(handle_->raw, kSgdSm2_1, blob.data());
        rc != 0) {
      return skf_error(rc, "SKF_GenECCKeyPair", "container '" + name_ + "'");
    }
  }
  return parse_public_blob(blob, handle_->options, "SKF_GenECCKeyPair");
}

Result<crypto::Sm2PublicKey> SkfContainer::sign_public_key() {
  Bytes blob(PublicBlobLayout(handle_->options).size, 0);
  U64 size = blob.size();
  {
    std::lock_guard<std::mutex> lock(*handle_->mutex);
    if (const auto rc = handle_->api->ExportPublicKey(handle_->raw, 1, blob.data(), &size);
        rc != 0) {
      return skf_error(rc, "SKF_ExportPublicKey", "container '" + name_ + "'");
    }
  }
  return parse_public_blob(ByteView(blob).first(std::min<std::size_t>(size, blob.size())),
                           handle_->options, "SKF_ExportPublicKey");
}

Status SkfContainer::import_certificate(bool sign, ByteView der) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfImportCertificate));
  Bytes copy(der.begin(), der.end());
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  if (const auto rc =
          handle_->api->ImportCertificate(handle_->raw, sign ? 1 : 0, copy.data(), copy.size());
      rc != 0) {
    return skf_error(rc, "SKF_ImportCertificate", "container '" + name_ + "'");
  }
  return {};
}

Result<Bytes> SkfContainer::export_certificate(bool sign) {
  GMSEAL_RETURN_IF_ERROR(need(*handle_, internal::kSkfExportCertificate));
  std::lock_guard<std::mutex> lock(*handle_->mutex);
  U64 size = 0;
  auto rc = handle_->api->ExportCertificate(handle_->raw, sign ? 1 : 0, nullptr, &size);
  if (rc != 0 && rc != kSarBufferTooSmall) {
    return skf_error(rc, "SKF_ExportCertificate", "container '" + name_ + "'");
  }
  Bytes out(size, 0);
  rc = handle_->api->ExportCertificate(handle_->raw, sign ? 1 : 0, out.data(), &size);
  if (rc != 0) return skf_error(rc, "SKF_ExportCertificate", "container '" + name_ + "'");
  out.resize(std::min<std::size_t>(size, out.size()));
  return out;
}

Result<Bytes> SkfContainer::sign_digest(ByteView digest) {
  if (digest.size() != crypto::kSm3DigestSize) {
    return make_error("crypto.sm2.bad_digest", "SKF_ECCSignData signs a 32-byte digest, got " +
                                                   std::to_string(digest.size()) + " bytes");
  }
  Bytes data(digest.begin(), digest.end());
  Bytes blob(2 * kEccField, 0);
  {
    std::lock_guard<std::mutex> lock(*handle_->mutex);
    if (const auto rc =
            handle_->api->ECCSignData(handle_->raw, data.data(), data.size(), blob.data());
        rc != 0) {
      return skf_error(rc, "SKF_ECCSignData", "container '" + name_ + "'");
    }
  }
  return signature_blob_to_der(blob);
}

}  // namespace gmseal::keys
