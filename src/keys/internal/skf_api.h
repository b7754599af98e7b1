// Internal to src/keys: the SKF function table of one loaded library, called with "wide"
// argument types (64-bit integers, byte buffers for structures) and narrowed to the vendor's
// ULONG/BOOL widths by SkfApiT<Ulong, Bool>, so that every call has the exact C type of the
// vendor's declaration.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace gmseal::keys::internal {

// clang-format off
#define GMSEAL_SKF_FUNCTIONS(X) \
  X(EnumDev) \
  X(ConnectDev) \
  X(DisConnectDev) \
  X(GetDevInfo) \
  X(SetLabel) \
  X(GenRandom) \
  X(DevAuth) \
  X(ChangeDevAuthKey) \
  X(EnumApplication) \
  X(CreateApplication) \
  X(DeleteApplication) \
  X(OpenApplication) \
  X(CloseApplication) \
  X(VerifyPIN) \
  X(ChangePIN) \
  X(UnblockPIN) \
  X(GetPINInfo) \
  X(ClearSecureState) \
  X(CreateFile) \
  X(DeleteFile) \
  X(EnumFiles) \
  X(GetFileInfo) \
  X(ReadFile) \
  X(WriteFile) \
  X(CreateContainer) \
  X(DeleteContainer) \
  X(EnumContainer) \
  X(OpenContainer) \
  X(CloseContainer) \
  X(GetContainerType) \
  X(GenECCKeyPair) \
  X(ImportCertificate) \
  X(ExportCertificate) \
  X(ExportPublicKey) \
  X(ECCSignData) \
  X(ExtECCVerify) \
  X(DigestInit) \
  X(DigestUpdate) \
  X(DigestFinal) \
  X(CloseHandle)
// clang-format on

enum SkfFn : int {
#define GMSEAL_SKF_ENUM(name) kSkf##name,
  GMSEAL_SKF_FUNCTIONS(GMSEAL_SKF_ENUM)
#undef GMSEAL_SKF_ENUM
      kSkfFunctionCount
};

inline constexpr std::array<std::string_view, kSkfFunctionCount> kSkfFunctionNames = {
#define GMSEAL_SKF_NAME(name) "SKF_" #name,
    GMSEAL_SKF_FUNCTIONS(GMSEAL_SKF_NAME)
#undef GMSEAL_SKF_NAME
};

using U64 = std::uint64_t;
using Rc = std::uint32_t;
using Ptr = void*;
using Str = char*;
using Buf = std::uint8_t*;

class SkfApi {
 public:
  explicit SkfApi(const std::array<void*, kSkfFunctionCount>& functions) : fns_(functions) {}
  virtual ~SkfApi() = default;
  bool has(SkfFn fn) const { return fns_[fn] != nullptr; }

  virtual Rc EnumDev(U64 present, Str list, U64* size) = 0;
  virtual Rc ConnectDev(Str name, Ptr* dev) = 0;
  virtual Rc DisConnectDev(Ptr dev) = 0;
  virtual Rc GetDevInfo(Ptr dev, Buf info) = 0;
  virtual Rc SetLabel(Ptr dev, Str label) = 0;
  virtual Rc GenRandom(Ptr dev, Buf out, U64 len) = 0;
  virtual Rc DevAuth(Ptr dev, Buf data, U64 len) = 0;
  virtual Rc ChangeDevAuthKey(Ptr dev, Buf key, U64 len) = 0;
  virtual Rc EnumApplication(Ptr dev, Str list, U64* size) = 0;
  virtual Rc CreateApplication(Ptr dev, Str name, Str admin_pin, U64 admin_retries, Str user_pin,
                               U64 user_retries, U64 rights, Ptr* app) = 0;
  virtual Rc DeleteApplication(Ptr dev, Str name) = 0;
  virtual Rc OpenApplication(Ptr dev, Str name, Ptr* app) = 0;
  virtual Rc CloseApplication(Ptr app) = 0;
  virtual Rc VerifyPIN(Ptr app, U64 type, Str pin, U64* retries) = 0;
  virtual Rc ChangePIN(Ptr app, U64 type, Str old_pin, Str new_pin, U64* retries) = 0;
  virtual Rc UnblockPIN(Ptr app, Str admin_pin, Str new_user_pin, U64* retries) = 0;
  virtual Rc GetPINInfo(Ptr app, U64 type, U64* max, U64* remaining, U64* is_default) = 0;
  virtual Rc ClearSecureState(Ptr app) = 0;
  virtual Rc CreateFile(Ptr app, Str name, U64 size, U64 read, U64 write) = 0;
  virtual Rc DeleteFile(Ptr app, Str name) = 0;
  virtual Rc EnumFiles(Ptr app, Str list, U64* size) = 0;
  virtual Rc GetFileInfo(Ptr app, Str name, Buf info) = 0;
  virtual Rc ReadFile(Ptr app, Str name, U64 offset, U64 size, Buf out, U64* out_len) = 0;
  virtual Rc WriteFile(Ptr app, Str name, U64 offset, Buf data, U64 size) = 0;
  virtual Rc CreateContainer(Ptr app, Str name, Ptr* con) = 0;
  virtual Rc DeleteContainer(Ptr app, Str name) = 0;
  virtual Rc EnumContainer(Ptr app, Str list, U64* size) = 0;
  virtual Rc OpenContainer(Ptr app, Str name, Ptr* con) = 0;
  virtual Rc CloseContainer(Ptr con) = 0;
  virtual Rc GetContainerType(Ptr con, U64* type) = 0;
  virtual Rc GenECCKeyPair(Ptr con, U64 alg, Buf blob) = 0;
  virtual Rc ImportCertificate(Ptr con, U64 sign, Buf cert, U64 len) = 0;
  virtual Rc ExportCertificate(Ptr con, U64 sign, Buf cert, U64* len) = 0;
  virtual Rc ExportPublicKey(Ptr con, U64 sign, Buf blob, U64* len) = 0;
  virtual Rc ECCSignData(Ptr con, Buf digest, U64 len, Buf signature) = 0;
  virtual Rc ExtECCVerify(Ptr dev, Buf blob, Buf data, U64 len, Buf signature) = 0;
  virtual Rc DigestInit(Ptr dev, U64 alg, Buf blob, Buf id, U64 id_len, Ptr* hash) = 0;
  virtual Rc DigestUpdate(Ptr hash, Buf data, U64 len) = 0;
  virtual Rc DigestFinal(Ptr hash, Buf out, U64* len) = 0;
  virtual Rc CloseHandle(Ptr handle) = 0;

 protected:
  std::array<void*, kSkfFunctionCount> fns_;
};

}  // namespace gmseal::keys::internal
