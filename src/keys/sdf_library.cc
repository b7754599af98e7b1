#include "keys/sdf_library.h"

#include <dlfcn.h>

#include <algorithm>

#include "crypto/sm2.h"
#include "keys/device_errors.h"
#include "keys/internal/dl_functions.h"
#include "keys/internal/sdf_api.h"

namespace gmseal::keys {

namespace internal {

// The library's one open device; sessions share it and the last one closes it.
struct SdfDeviceHandle {
  std::shared_ptr<SdfLibrary> library;
  void* raw = nullptr;
  ~SdfDeviceHandle() {
    if (raw != nullptr) library->api_->CloseDevice(raw);
  }
};

}  // namespace internal

namespace {

using internal::SdfFn;
constexpr std::uint32_t kSgdSm2_1 = 0x00020200;
constexpr std::uint32_t kSgdSm3 = 0x00000001;

const std::vector<SdfFn>& required() {
  static const std::vector<SdfFn> fns = {internal::kSdfOpenDevice,
                                         internal::kSdfCloseDevice,
                                         internal::kSdfOpenSession,
                                         internal::kSdfCloseSession,
                                         internal::kSdfGetPrivateKeyAccessRight,
                                         internal::kSdfExportSignPublicKey_ECC,
                                         internal::kSdfInternalSign_ECC};
  return fns;
}

struct PublicKeyLayout {
  std::size_t bits, x, y, size, field;
  explicit PublicKeyLayout(const AbiOptions& options) : field(options.ecc_field_bytes) {
    StructLayout layout(options);
    bits = layout.add_ulong();
    x = layout.add_bytes(field);
    y = layout.add_bytes(field);
    size = layout.size();
  }
};

Bytes public_key_struct(const crypto::Sm2PublicKey& key, const AbiOptions& options) {
  const PublicKeyLayout l(options);
  Bytes out(l.size, 0);
  StructLayout(options).put_ulong(out, l.bits, 256);
  const Bytes x = key.x(), y = key.y();  // 32 bytes, right-aligned in the field
  std::copy(x.begin(), x.end(), out.begin() + l.x + (l.field - 32));
  std::copy(y.begin(), y.end(), out.begin() + l.y + (l.field - 32));
  return out;
}

Result<crypto::Sm2PublicKey> parse_public_key_struct(ByteView data, const AbiOptions& options) {
  const PublicKeyLayout l(options);
  const std::uint64_t bits = StructLayout(options).get_ulong(data, l.bits);
  if (bits != 256) {
    return make_error("keys.sdf.bad_output", "SDF_ExportSignPublicKey_ECC returned a key of " +
                                                 std::to_string(bits) + " bits, not 256 (SM2)");
  }
  return crypto::Sm2PublicKey::from_xy(data.subspan(l.x, l.field), data.subspan(l.y, l.field));
}

Result<Bytes> signature_struct_to_der(ByteView data, std::size_t field) {
  for (std::size_t i = 0; i < field - 32; ++i) {
    if (data[i] != 0 || data[field + i] != 0) {
      return make_error("keys.sdf.bad_output", "the device returned r or s wider than 256 bits");
    }
  }
  Bytes raw(data.begin() + (field - 32), data.begin() + field);
  raw.insert(raw.end(), data.begin() + (2 * field - 32), data.begin() + 2 * field);
  return crypto::sm2_signature_raw_to_der(raw);
}

Result<Bytes> signature_der_to_struct(ByteView der, std::size_t field) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes raw, crypto::sm2_signature_der_to_raw(der));
  Bytes out(2 * field, 0);
  std::copy(raw.begin(), raw.begin() + 32, out.begin() + (field - 32));
  std::copy(raw.begin() + 32, raw.end(), out.begin() + (2 * field - 32));
  return out;
}

std::string fixed_string(ByteView bytes) {
  std::string s(bytes.begin(), bytes.end());
  const std::size_t nul = s.find('\0');
  if (nul != std::string::npos) s.resize(nul);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

}  // namespace

const std::vector<std::string>& SdfLibrary::required_functions() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const SdfFn fn : required()) out.emplace_back(internal::kSdfFunctionNames[fn]);
    return out;
  }();
  return names;
}

Result<std::shared_ptr<SdfLibrary>> SdfLibrary::load(const std::string& path,
                                                     const AbiOptions& options) {
  GMSEAL_RETURN_IF_ERROR(options.validate());
  GMSEAL_ASSIGN_OR_RETURN(
      auto resolved, internal::resolve_table(path, "sdf", internal::kSdfFunctionNames, required()));
  const auto& functions = resolved.functions;
  std::shared_ptr<SdfLibrary> library(new SdfLibrary());
  library->handle_ = resolved.handle;
  library->path_ = path;
  library->options_ = options;
  library->missing_ = std::move(resolved.missing_optional);
  if (options.ulong_bits == 64) {
    library->api_ = std::make_unique<internal::SdfApiT<std::uint64_t>>(functions);
  } else {
    library->api_ = std::make_unique<internal::SdfApiT<std::uint32_t>>(functions);
  }
  library->self_ = library;
  return library;
}

SdfLibrary::~SdfLibrary() {
  api_.reset();
  if (handle_ != nullptr) internal::close_library(handle_);
}

Result<SdfSession> SdfLibrary::open_session() {
  std::shared_ptr<internal::SdfDeviceHandle> device;
  {
    std::lock_guard<std::mutex> lock(device_mutex_);
    device = device_.lock();
    if (!device) {
      void* raw = nullptr;
      if (const auto rc = api_->OpenDevice(&raw); rc != 0) {
        return sdf_error(rc, "SDF_OpenDevice", "opening the device of '" + path_ + "'");
      }
      device = std::make_shared<internal::SdfDeviceHandle>();
      device->library = self_.lock();
      device->raw = raw;
      device_ = device;
    }
  }
  void* session = nullptr;
  if (const auto rc = api_->OpenSession(device->raw, &session); rc != 0) {
    return sdf_error(rc, "SDF_OpenSession");
  }
  return SdfSession(std::move(device), session);
}

SdfSession::SdfSession(std::shared_ptr<internal::SdfDeviceHandle> device, void* raw)
    : device_(std::move(device)), raw_(raw), mutex_(std::make_unique<std::mutex>()) {}

SdfSession::SdfSession(SdfSession&& other) noexcept
    : device_(std::move(other.device_)), raw_(other.raw_), mutex_(std::move(other.mutex_)) {
  other.raw_ = nullptr;
}

SdfSession& SdfSession::operator=(SdfSession&& other) noexcept {
  if (this != &other) {
    if (raw_ != nullptr) device_->library->api_->CloseSession(raw_);
    device_ = std::move(other.device_);
    raw_ = other.raw_;
    mutex_ = std::move(other.mutex_);
    other.raw_ = nullptr;
  }
  return *this;
}

SdfSession::~SdfSession() {
  if (raw_ != nullptr) device_->library->api_->CloseSession(raw_);
}

Status SdfSession::need(int fn) const {
  if (device_->library->api_->has(static_cast<SdfFn>(fn))) return {};
  return make_error("keys.sdf.function_missing", "the SDF library '" + device_->library->path() +
                                                     "' does not provide " +
                                                     std::string(internal::kSdfFunctionNames[fn]));
}

Result<SdfDeviceInfo> SdfSession::device_info() {
  GMSEAL_RETURN_IF_ERROR(need(internal::kSdfGetDeviceInfo));
  const AbiOptions& options = device_->library->options();
  StructLayout layout(options);
  const std::size_t issuer = layout.add_bytes(40), name = layout.add_bytes(16),
                    serial = layout.add_bytes(16), version = layout.add_ulong(),
                    standard = layout.add_ulong(), asym0 = layout.add_ulong(),
                    asym1 = layout.add_ulong(), sym = layout.add_ulong(), hash = layout.add_ulong(),
                    buffer = layout.add_ulong();
  Bytes data(layout.size() + 64, 0);
  std::lock_guard<std::mutex> lock(*mutex_);
  if (const auto rc = device_->library->api_->GetDeviceInfo(raw_, data.data()); rc != 0) {
    return sdf_error(rc, "SDF_GetDeviceInfo");
  }
  const ByteView b(data);
  SdfDeviceInfo info;
  info.issuer = fixed_string(b.subspan(issuer, 40));
  info.name = fixed_string(b.subspan(name, 16));
  info.serial = fixed_string(b.subspan(serial, 16));
  info.device_version = layout.get_ulong(b, version);
  info.standard_version = layout.get_ulong(b, standard);
  info.asym_alg_ability[0] = layout.get_ulong(b, asym0);
  info.asym_alg_ability[1] = layout.get_ulong(b, asym1);
  info.sym_alg_ability = layout.get_ulong(b, sym);
  info.hash_alg_ability = layout.get_ulong(b, hash);
  info.buffer_size = layout.get_ulong(b, buffer);
  return info;
}

Result<Bytes> SdfSession::random(std::size_t count) {
  GMSEAL_RETURN_IF_ERROR(need(internal::kSdfGenerateRandom));
  Bytes out(count, 0);
  std::lock_guard<std::mutex> lock(*mutex_);
  if (const auto rc = device_->library->api_->GenerateRandom(raw_, count, out.data()); rc != 0) {
    return sdf_error(rc, "SDF_GenerateRandom");
  }
  return out;
}

Status SdfSession::get_private_key_access(std::uint32_t index, const std::string& password) {
  Bytes pwd(password.begin(), password.end());
  pwd.push_back(0);
  std::lock_guard<std::mutex> lock(*mutex_);
  const auto rc =
      device_->library->api_->GetPrivateKeyAccessRight(raw_, index, pwd.data(), password.size());
  std::fill(pwd.begin(), pwd.end(), 0);
  if (rc != 0) {
    return sdf_error(rc, "SDF_GetPrivateKeyAccessRight", "key index " + std::to_string(index));
  }
  return {};
}

Status SdfSession::release_private_key_access(std::uint32_t index) {
  GMSEAL_RETURN_IF_ERROR(need(internal::kSdfReleasePrivateKeyAccessRight));
  std::lock_guard<std::mutex> lock(*mutex_);
  if (const auto rc = device_->library->api_->ReleasePrivateKeyAccessRight(raw_, index); rc != 0) {
    return sdf_error(rc, "SDF_ReleasePrivateKeyAccessRight");
  }
  return {};
}

Result<crypto::Sm2PublicKey> SdfSession::sign_public_key(std::uint32_t index) {
  const AbiOptions& options = device_->library->options();
  Bytes data(PublicKeyLayout(options).size, 0);
  {
    std::lock_guard<std::mutex> lock(*mutex_);
    if (const auto rc = device_->library->api_->ExportSignPublicKey_ECC(raw_, index, data.data());
        rc != 0) {
      return sdf_error(rc, "SDF_ExportSignPublicKey_ECC", "key index " + std::to_string(index));
    }
  }
  return parse_public_key_struct(data, options);
}

Result<Bytes> SdfSession::sign_digest(std::uint32_t index, ByteView digest) {
  if (digest.size() != crypto::kSm3DigestSize) {
    return make_error("crypto.sm2.bad_digest", "SDF_InternalSign_ECC signs a 32-byte digest, got " +
                                                   std::to_string(digest.size()) + " bytes");
  }
  const std::size_t field = device_->library->options().ecc_field_bytes;
  Bytes data(digest.begin(), digest.end());
  Bytes signature(2 * field, 0);
  {
    std::lock_guard<std::mutex> lock(*mutex_);
    if (const auto rc = device_->library->api_->InternalSign_ECC(raw_, index, data.data(),
                                                                 data.size(), signature.data());
        rc != 0) {
      return sdf_error(rc, "SDF_InternalSign_ECC", "key index " + std::to_string(index));
    }
  }
  return signature_struct_to_der(signature, field);
}

Status SdfSession::verify_digest(const crypto::Sm2PublicKey& key, ByteView digest,
                                 ByteView signature_der) {
  GMSEAL_RETURN_IF_ERROR(need(internal::kSdfExternalVerify_ECC));
  const AbiOptions& options = device_->library->options();
  Bytes pub = public_key_struct(key, options);
  Bytes data(digest.begin(), digest.end());
  GMSEAL_ASSIGN_OR_RETURN(Bytes signature,
                          signature_der_to_struct(signature_der, options.ecc_field_bytes));
  std::lock_guard<std::mutex> lock(*mutex_);
  if (const auto rc = device_->library->api_->ExternalVerify_ECC(
          raw_, kSgdSm2_1, pub.data(), data.data(), data.size(), signature.data());
      rc != 0) {
    return sdf_error(rc, "SDF_ExternalVerify_ECC");
  }
  return {};
}

Result<crypto::Sm3Digest> SdfSession::digest_with_id(const crypto::Sm2PublicKey& key,
                                                     std::string_view id, ByteView message) {
  for (const int fn : {internal::kSdfHashInit, internal::kSdfHashUpdate, internal::kSdfHashFinal}) {
    GMSEAL_RETURN_IF_ERROR(need(fn));
  }
  Bytes pub = public_key_struct(key, device_->library->options());
  Bytes id_bytes(id.begin(), id.end());
  Bytes data(message.begin(), message.end());
  std::lock_guard<std::mutex> lock(*mutex_);
  auto* api = device_->library->api_.get();
  if (const auto rc = api->HashInit(raw_, kSgdSm3, pub.data(), id_bytes.data(), id_bytes.size());
      rc != 0) {
    return sdf_error(rc, "SDF_HashInit");
  }
  if (const auto rc = api->HashUpdate(raw_, data.data(), data.size()); rc != 0) {
    return sdf_error(rc, "SDF_HashUpdate");
  }
  crypto::Sm3Digest out{};
  std::uint64_t len = out.size();
  if (const auto rc = api->HashFinal(raw_, out.data(), &len); rc != 0) {
    return sdf_error(rc, "SDF_HashFinal");
  }
  if (len != out.size()) {
    return make_error("keys.sdf.bad_output",
                      "SDF_HashFinal returned " + std::to_string(len) + " bytes, not 32");
  }
  return out;
}

Status SdfSession::create_file(const std::string& name, std::uint32_t size) {
  GMSEAL_RETURN_IF_ERROR(need(internal::kSdfCreateFile));
  Bytes n(name.begin(), name.end());
  std::lock_guard<std::mutex> lock(*mutex_);
  if (const auto rc = device_->library->api_->CreateFile(raw_, n.data(), n.size(), size); rc != 0) {
    return sdf_error(rc, "SDF_CreateFile", "device file '" + name + "'");
  }
  return {};
}

Result<Bytes> SdfSession::read_file(const std::string& name, std::uint32_t offset,
                                    std::uint32_t size) {
  GMSEAL_RETURN_IF_ERROR(need(internal::kSdfReadFile));
  Bytes n(name.begin(), name.end());
  Bytes out(size, 0);
  std::uint64_t len = size;
  std::lock_guard<std::mutex> lock(*mutex_);
  if (const auto rc =
          device_->library->api_->ReadFile(raw_, n.data(), n.size(), offset, &len, out.data());
      rc != 0) {
    return sdf_error(rc, "SDF_ReadFile", "device file '" + name + "'");
  }
  out.resize(std::min<std::size_t>(len, out.size()));
  return out;
}

Status SdfSession::write_file(const std::string& name, std::uint32_t offset, ByteView data) {
  GMSEAL_RETURN_IF_ERROR(need(internal::kSdfWriteFile));
  Bytes n(name.begin(), name.end());
  Bytes copy(data.begin(), data.end());
  std::lock_guard<std::mutex> lock(*mutex_);
  if (const auto rc = device_->library->api_->WriteFile(raw_, n.data(), n.size(), offset,
                                                        copy.size(), copy.data());
      rc != 0) {
    return sdf_error(rc, "SDF_WriteFile", "device file '" + name + "'");
  }
  return {};
}

Status SdfSession::delete_file(const std::string& name) {
  GMSEAL_RETURN_IF_ERROR(need(internal::kSdfDeleteFile));
  Bytes n(name.begin(), name.end());
  std::lock_guard<std::mutex> lock(*mutex_);
  if (const auto rc = device_->library->api_->DeleteFile(raw_, n.data(), n.size()); rc != 0) {
    return sdf_error(rc, "SDF_DeleteFile", "device file '" + name + "'");
  }
  return {};
}

}  // namespace gmseal::keys
