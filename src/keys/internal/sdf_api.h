// Internal to src/keys: the SDF function table of one loaded library, called with wide argument
// types and narrowed to the vendor's `unsigned int` width by SdfApiT<U>. Return values are read
// as 32-bit ints (the standard's `int`; LP64 vendors returning `long` fit in the low half).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "keys/internal/out_slot.h"

namespace gmseal::keys::internal {

// clang-format off
#define GMSEAL_SDF_FUNCTIONS(X) \
  X(OpenDevice) \
  X(CloseDevice) \
  X(OpenSession) \
  X(CloseSession) \
  X(GetDeviceInfo) \
  X(GenerateRandom) \
  X(GetPrivateKeyAccessRight) \
  X(ReleasePrivateKeyAccessRight) \
  X(ExportSignPublicKey_ECC) \
  X(InternalSign_ECC) \
  X(ExternalVerify_ECC) \
  X(HashInit) \
  X(HashUpdate) \
  X(HashFinal) \
  X(CreateFile) \
  X(ReadFile) \
  X(WriteFile) \
  X(DeleteFile)
// clang-format on

enum SdfFn : int {
#define GMSEAL_SDF_ENUM(name) kSdf##name,
  GMSEAL_SDF_FUNCTIONS(GMSEAL_SDF_ENUM)
#undef GMSEAL_SDF_ENUM
      kSdfFunctionCount
};

inline constexpr std::array<std::string_view, kSdfFunctionCount> kSdfFunctionNames = {
#define GMSEAL_SDF_NAME(name) "SDF_" #name,
    GMSEAL_SDF_FUNCTIONS(GMSEAL_SDF_NAME)
#undef GMSEAL_SDF_NAME
};

class SdfApi {
 public:
  using U64 = std::uint64_t;
  using Rc = std::uint32_t;
  using Ptr = void*;
  using Buf = std::uint8_t*;

  explicit SdfApi(const std::array<void*, kSdfFunctionCount>& functions) : fns_(functions) {}
  virtual ~SdfApi() = default;
  bool has(SdfFn fn) const { return fns_[fn] != nullptr; }

  Rc OpenDevice(Ptr* dev) { return rc(fn<int (*)(Ptr*)>(kSdfOpenDevice)(dev)); }
  Rc CloseDevice(Ptr dev) { return rc(fn<int (*)(Ptr)>(kSdfCloseDevice)(dev)); }
  Rc OpenSession(Ptr dev, Ptr* session) {
    return rc(fn<int (*)(Ptr, Ptr*)>(kSdfOpenSession)(dev, session));
  }
  Rc CloseSession(Ptr session) { return rc(fn<int (*)(Ptr)>(kSdfCloseSession)(session)); }
  Rc GetDeviceInfo(Ptr session, Buf info) {
    return rc(fn<int (*)(Ptr, Buf)>(kSdfGetDeviceInfo)(session, info));
  }
  virtual Rc GenerateRandom(Ptr session, U64 len, Buf out) = 0;
  virtual Rc GetPrivateKeyAccessRight(Ptr session, U64 index, Buf password, U64 len) = 0;
  virtual Rc ReleasePrivateKeyAccessRight(Ptr session, U64 index) = 0;
  virtual Rc ExportSignPublicKey_ECC(Ptr session, U64 index, Buf key) = 0;
  virtual Rc InternalSign_ECC(Ptr session, U64 index, Buf data, U64 len, Buf signature) = 0;
  virtual Rc ExternalVerify_ECC(Ptr session, U64 alg, Buf key, Buf data, U64 len,
                                Buf signature) = 0;
  virtual Rc HashInit(Ptr session, U64 alg, Buf key, Buf id, U64 id_len) = 0;
  virtual Rc HashUpdate(Ptr session, Buf data, U64 len) = 0;
  virtual Rc HashFinal(Ptr session, Buf out, U64* len) = 0;
  virtual Rc CreateFile(Ptr session, Buf name, U64 name_len, U64 size) = 0;
  virtual Rc ReadFile(Ptr session, Buf name, U64 name_len, U64 offset, U64* len, Buf out) = 0;
  virtual Rc WriteFile(Ptr session, Buf name, U64 name_len, U64 offset, U64 len, Buf data) = 0;
  virtual Rc DeleteFile(Ptr session, Buf name, U64 name_len) = 0;

 protected:
  template <typename F>
  F fn(SdfFn id) const {
    return reinterpret_cast<F>(fns_[id]);
  }
  static Rc rc(int value) { return static_cast<Rc>(value); }
  std::array<void*, kSdfFunctionCount> fns_;
};

template <typename U>
class SdfApiT final : public SdfApi {
 public:
  using SdfApi::SdfApi;

  Rc GenerateRandom(Ptr session, U64 len, Buf out) override {
    return rc(fn<int (*)(Ptr, U, Buf)>(kSdfGenerateRandom)(session, static_cast<U>(len), out));
  }
  Rc GetPrivateKeyAccessRight(Ptr session, U64 index, Buf password, U64 len) override {
    return rc(fn<int (*)(Ptr, U, Buf, U)>(kSdfGetPrivateKeyAccessRight)(
        session, static_cast<U>(index), password, static_cast<U>(len)));
  }
  Rc ReleasePrivateKeyAccessRight(Ptr session, U64 index) override {
    return rc(
        fn<int (*)(Ptr, U)>(kSdfReleasePrivateKeyAccessRight)(session, static_cast<U>(index)));
  }
  Rc ExportSignPublicKey_ECC(Ptr session, U64 index, Buf key) override {
    return rc(
        fn<int (*)(Ptr, U, Buf)>(kSdfExportSignPublicKey_ECC)(session, static_cast<U>(index), key));
  }
  Rc InternalSign_ECC(Ptr session, U64 index, Buf data, U64 len, Buf signature) override {
    return rc(fn<int (*)(Ptr, U, Buf, U, Buf)>(kSdfInternalSign_ECC)(
        session, static_cast<U>(index), data, static_cast<U>(len), signature));
  }
  Rc ExternalVerify_ECC(Ptr session, U64 alg, Buf key, Buf data, U64 len, Buf signature) override {
    return rc(fn<int (*)(Ptr, U, Buf, Buf, U, Buf)>(kSdfExternalVerify_ECC)(
        session, static_cast<U>(alg), key, data, static_cast<U>(len), signature));
  }
  Rc HashInit(Ptr session, U64 alg, Buf key, Buf id, U64 id_len) override {
    return rc(fn<int (*)(Ptr, U, Buf, Buf, U)>(kSdfHashInit)(session, static_cast<U>(alg), key, id,
                                                             static_cast<U>(id_len)));
  }
  Rc HashUpdate(Ptr session, Buf data, U64 len) override {
    return rc(fn<int (*)(Ptr, Buf, U)>(kSdfHashUpdate)(session, data, static_cast<U>(len)));
  }
  Rc HashFinal(Ptr session, Buf out, U64* len) override {
    Slot<U> n(*len);
    const Rc result = rc(fn<int (*)(Ptr, Buf, U*)>(kSdfHashFinal)(session, out, n.ptr()));
    *len = n.value();
    return result;
  }
  Rc CreateFile(Ptr session, Buf name, U64 name_len, U64 size) override {
    return rc(fn<int (*)(Ptr, Buf, U, U)>(kSdfCreateFile)(session, name, static_cast<U>(name_len),
                                                          static_cast<U>(size)));
  }
  Rc ReadFile(Ptr session, Buf name, U64 name_len, U64 offset, U64* len, Buf out) override {
    Slot<U> n(*len);
    const Rc result = rc(fn<int (*)(Ptr, Buf, U, U, U*, Buf)>(kSdfReadFile)(
        session, name, static_cast<U>(name_len), static_cast<U>(offset), n.ptr(), out));
    *len = n.value();
    return result;
  }
  Rc WriteFile(Ptr session, Buf name, U64 name_len, U64 offset, U64 len, Buf data) override {
    return rc(fn<int (*)(Ptr, Buf, U, U, U, Buf)>(kSdfWriteFile)(
        session, name, static_cast<U>(name_len), static_cast<U>(offset), static_cast<U>(len),
        data));
  }
  Rc DeleteFile(Ptr session, Buf name, U64 name_len) override {
    return rc(fn<int (*)(Ptr, Buf, U)>(kSdfDeleteFile)(session, name, static_cast<U>(name_len)));
  }
};

}  // namespace gmseal::keys::internal
