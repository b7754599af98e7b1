// Internal to src/keys: SkfApi narrowed to one vendor's ULONG (U) and BOOL (B) widths.
#pragma once

#include "keys/internal/out_slot.h"
#include "keys/internal/skf_api.h"

namespace gmseal::keys::internal {

template <typename U, typename B>
class SkfApiT final : public SkfApi {
 public:
  using SkfApi::SkfApi;

  Rc EnumDev(U64 present, Str list, U64* size) override {
    Slot<U> n(*size);
    const Rc rc = rc_of(fn<U (*)(B, Str, U*)>(kSkfEnumDev)(static_cast<B>(present), list, n.ptr()));
    *size = n.value();
    return rc;
  }
  Rc ConnectDev(Str name, Ptr* dev) override {
    return rc_of(fn<U (*)(Str, Ptr*)>(kSkfConnectDev)(name, dev));
  }
  Rc DisConnectDev(Ptr dev) override { return rc_of(fn<U (*)(Ptr)>(kSkfDisConnectDev)(dev)); }
  Rc GetDevInfo(Ptr dev, Buf info) override {
    return rc_of(fn<U (*)(Ptr, Buf)>(kSkfGetDevInfo)(dev, info));
  }
  Rc SetLabel(Ptr dev, Str label) override {
    return rc_of(fn<U (*)(Ptr, Str)>(kSkfSetLabel)(dev, label));
  }
  Rc GenRandom(Ptr dev, Buf out, U64 len) override {
    return rc_of(fn<U (*)(Ptr, Buf, U)>(kSkfGenRandom)(dev, out, static_cast<U>(len)));
  }
  Rc DevAuth(Ptr dev, Buf data, U64 len) override {
    return rc_of(fn<U (*)(Ptr, Buf, U)>(kSkfDevAuth)(dev, data, static_cast<U>(len)));
  }
  Rc ChangeDevAuthKey(Ptr dev, Buf key, U64 len) override {
    return rc_of(fn<U (*)(Ptr, Buf, U)>(kSkfChangeDevAuthKey)(dev, key, static_cast<U>(len)));
  }
  Rc EnumApplication(Ptr dev, Str list, U64* size) override {
    Slot<U> n(*size);
    const Rc rc = rc_of(fn<U (*)(Ptr, Str, U*)>(kSkfEnumApplication)(dev, list, n.ptr()));
    *size = n.value();
    return rc;
  }
  Rc CreateApplication(Ptr dev, Str name, Str admin_pin, U64 admin_retries, Str user_pin,
                       U64 user_retries, U64 rights, Ptr* app) override {
    return rc_of(fn<U (*)(Ptr, Str, Str, U, Str, U, U, Ptr*)>(kSkfCreateApplication)(
        dev, name, admin_pin, static_cast<U>(admin_retries), user_pin, static_cast<U>(user_retries),
        static_cast<U>(rights), app));
  }
  Rc DeleteApplication(Ptr dev, Str name) override {
    return rc_of(fn<U (*)(Ptr, Str)>(kSkfDeleteApplication)(dev, name));
  }
  Rc OpenApplication(Ptr dev, Str name, Ptr* app) override {
    return rc_of(fn<U (*)(Ptr, Str, Ptr*)>(kSkfOpenApplication)(dev, name, app));
  }
  Rc CloseApplication(Ptr app) override { return rc_of(fn<U (*)(Ptr)>(kSkfCloseApplication)(app)); }
  Rc VerifyPIN(Ptr app, U64 type, Str pin, U64* retries) override {
    Slot<U> n(0);
    const Rc rc =
        rc_of(fn<U (*)(Ptr, U, Str, U*)>(kSkfVerifyPIN)(app, static_cast<U>(type), pin, n.ptr()));
    *retries = n.value();
    return rc;
  }
  Rc ChangePIN(Ptr app, U64 type, Str old_pin, Str new_pin, U64* retries) override {
    Slot<U> n(0);
    const Rc rc = rc_of(fn<U (*)(Ptr, U, Str, Str, U*)>(kSkfChangePIN)(app, static_cast<U>(type),
                                                                       old_pin, new_pin, n.ptr()));
    *retries = n.value();
    return rc;
  }
  Rc UnblockPIN(Ptr app, Str admin_pin, Str new_user_pin, U64* retries) override {
    Slot<U> n(0);
    const Rc rc =
        rc_of(fn<U (*)(Ptr, Str, Str, U*)>(kSkfUnblockPIN)(app, admin_pin, new_user_pin, n.ptr()));
    *retries = n.value();
    return rc;
  }
  Rc GetPINInfo(Ptr app, U64 type, U64* max, U64* remaining, U64* is_default) override {
    Slot<U> m(0), r(0);
    Slot<B> d(0);
    const Rc rc = rc_of(fn<U (*)(Ptr, U, U*, U*, B*)>(kSkfGetPINInfo)(app, static_cast<U>(type),
                                                                      m.ptr(), r.ptr(), d.ptr()));
    *max = m.value();
    *remaining = r.value();
    *is_default = d.value() != 0 ? 1 : 0;
    return rc;
  }
  Rc ClearSecureState(Ptr app) override { return rc_of(fn<U (*)(Ptr)>(kSkfClearSecureState)(app)); }
  Rc CreateFile(Ptr app, Str name, U64 size, U64 read, U64 write) override {
    return rc_of(fn<U (*)(Ptr, Str, U, U, U)>(kSkfCreateFile)(
        app, name, static_cast<U>(size), static_cast<U>(read), static_cast<U>(write)));
  }
  Rc DeleteFile(Ptr app, Str name) override {
    return rc_of(fn<U (*)(Ptr, Str)>(kSkfDeleteFile)(app, name));
  }
  Rc EnumFiles(Ptr app, Str list, U64* size) override {
    Slot<U> n(*size);
    const Rc rc = rc_of(fn<U (*)(Ptr, Str, U*)>(kSkfEnumFiles)(app, list, n.ptr()));
    *size = n.value();
    return rc;
  }
  Rc GetFileInfo(Ptr app, Str name, Buf info) override {
    return rc_of(fn<U (*)(Ptr, Str, Buf)>(kSkfGetFileInfo)(app, name, info));
  }
  Rc ReadFile(Ptr app, Str name, U64 offset, U64 size, Buf out, U64* out_len) override {
    Slot<U> n(*out_len);
    const Rc rc = rc_of(fn<U (*)(Ptr, Str, U, U, Buf, U*)>(kSkfReadFile)(
        app, name, static_cast<U>(offset), static_cast<U>(size), out, n.ptr()));
    *out_len = n.value();
    return rc;
  }
  Rc WriteFile(Ptr app, Str name, U64 offset, Buf data, U64 size) override {
    return rc_of(fn<U (*)(Ptr, Str, U, Buf, U)>(kSkfWriteFile)(app, name, static_cast<U>(offset),
                                                               data, static_cast<U>(size)));
  }
  Rc CreateContainer(Ptr app, Str name, Ptr* con) override {
    return rc_of(fn<U (*)(Ptr, Str, Ptr*)>(kSkfCreateContainer)(app, name, con));
  }
  Rc DeleteContainer(Ptr app, Str name) override {
    return rc_of(fn<U (*)(Ptr, Str)>(kSkfDeleteContainer)(app, name));
  }
  Rc EnumContainer(Ptr app, Str list, U64* size) override {
    Slot<U> n(*size);
    const Rc rc = rc_of(fn<U (*)(Ptr, Str, U*)>(kSkfEnumContainer)(app, list, n.ptr()));
    *size = n.value();
    return rc;
  }
  Rc OpenContainer(Ptr app, Str name, Ptr* con) override {
    return rc_of(fn<U (*)(Ptr, Str, Ptr*)>(kSkfOpenContainer)(app, name, con));
  }
  Rc CloseContainer(Ptr con) override { return rc_of(fn<U (*)(Ptr)>(kSkfCloseContainer)(con)); }
  Rc GetContainerType(Ptr con, U64* type) override {
    Slot<U> n(0);
    const Rc rc = rc_of(fn<U (*)(Ptr, U*)>(kSkfGetContainerType)(con, n.ptr()));
    *type = n.value();
    return rc;
  }
  Rc GenECCKeyPair(Ptr con, U64 alg, Buf blob) override {
    return rc_of(fn<U (*)(Ptr, U, Buf)>(kSkfGenECCKeyPair)(con, static_cast<U>(alg), blob));
  }
  Rc ImportCertificate(Ptr con, U64 sign, Buf cert, U64 len) override {
    return rc_of(fn<U (*)(Ptr, B, Buf, U)>(kSkfImportCertificate)(con, static_cast<B>(sign), cert,
                                                                  static_cast<U>(len)));
  }
  Rc ExportCertificate(Ptr con, U64 sign, Buf cert, U64* len) override {
    Slot<U> n(*len);
    const Rc rc = rc_of(fn<U (*)(Ptr, B, Buf, U*)>(kSkfExportCertificate)(con, static_cast<B>(sign),
                                                                          cert, n.ptr()));
    *len = n.value();
    return rc;
  }
  Rc ExportPublicKey(Ptr con, U64 sign, Buf blob, U64* len) override {
    Slot<U> n(*len);
    const Rc rc = rc_of(
        fn<U (*)(Ptr, B, Buf, U*)>(kSkfExportPublicKey)(con, static_cast<B>(sign), blob, n.ptr()));
    *len = n.value();
    return rc;
  }
  Rc ECCSignData(Ptr con, Buf digest, U64 len, Buf signature) override {
    return rc_of(
        fn<U (*)(Ptr, Buf, U, Buf)>(kSkfECCSignData)(con, digest, static_cast<U>(len), signature));
  }
  Rc ExtECCVerify(Ptr dev, Buf blob, Buf data, U64 len, Buf signature) override {
    return rc_of(fn<U (*)(Ptr, Buf, Buf, U, Buf)>(kSkfExtECCVerify)(
        dev, blob, data, static_cast<U>(len), signature));
  }
  Rc DigestInit(Ptr dev, U64 alg, Buf blob, Buf id, U64 id_len, Ptr* hash) override {
    return rc_of(fn<U (*)(Ptr, U, Buf, Buf, U, Ptr*)>(kSkfDigestInit)(
        dev, static_cast<U>(alg), blob, id, static_cast<U>(id_len), hash));
  }
  Rc DigestUpdate(Ptr hash, Buf data, U64 len) override {
    return rc_of(fn<U (*)(Ptr, Buf, U)>(kSkfDigestUpdate)(hash, data, static_cast<U>(len)));
  }
  Rc DigestFinal(Ptr hash, Buf out, U64* len) override {
    Slot<U> n(*len);
    const Rc rc = rc_of(fn<U (*)(Ptr, Buf, U*)>(kSkfDigestFinal)(hash, out, n.ptr()));
    *len = n.value();
    return rc;
  }
  Rc CloseHandle(Ptr handle) override { return rc_of(fn<U (*)(Ptr)>(kSkfCloseHandle)(handle)); }

 private:
  template <typename F>
  F fn(SkfFn id) const {
    return reinterpret_cast<F>(fns_[id]);
  }
  // Return codes are 32-bit values even where ULONG is wider.
  static Rc rc_of(U value) { return static_cast<Rc>(value); }
};

}  // namespace gmseal::keys::internal
