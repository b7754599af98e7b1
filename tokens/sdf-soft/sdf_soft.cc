// libgmseal_sdf.so: gmseal's software crypto device, the GM/T 0018 C ABI subset a seal platform
// uses (include/gmseal/sdf.h), over the store of src/keys/soft/sdf_store.h.
//
// SDF_OpenDevice opens the device in the folder GMSEAL_SDF_ROOT names (the standard's
// OpenDevice takes no name; real devices read a vendor configuration file). Sessions hold the
// hash state and the private keys whose access right was granted (by index, decrypted with the
// key's password) until ReleasePrivateKeyAccessRight or CloseSession. Handles live in a
// registry, so stale handles give SDR_INARGERR rather than a crash, and every entry point catches
// everything: no C++ exception crosses the C ABI.
#include <gmseal/sdf.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <variant>

#include "../common/handle_registry.h"
#include "crypto/random.h"
#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "keys/device_errors.h"
#include "keys/soft/sdf_store.h"

namespace {

namespace soft = gmseal::keys::soft;
using gmseal::Bytes;
using gmseal::ByteView;

static_assert(sizeof(ECCrefPublicKey) == 132 && sizeof(ECCSignature) == 128);
static_assert(sizeof(DEVICEINFO) == 100);

struct Device {
  std::unique_ptr<soft::SdfDeviceStore> store;
};

struct Session {
  std::mutex mutex;
  std::shared_ptr<Device> device;
  std::map<unsigned int, gmseal::crypto::Sm2PrivateKey> keys;  // granted access rights
  std::optional<gmseal::crypto::Sm3> hash;
};

// A static object, not a leaked pointer: the library may be dlclosed, and whatever is still
// registered then is released with it.
gmseal::tokens::HandleRegistry<Device, Session>& registry() {
  static gmseal::tokens::HandleRegistry<Device, Session> handles;
  return handles;
}

template <typename T>
void* add(std::shared_ptr<T> object) {
  return registry().add(std::move(object));
}
template <typename T>
std::shared_ptr<T> find(void* handle) {
  return registry().template find<T>(handle);
}
template <typename T>
bool remove(void* handle) {
  return registry().template remove<T>(handle);
}

int code_of(const gmseal::Error& error) {
  return static_cast<int>(gmseal::keys::sdf_code_for(error.code));
}

template <typename F>
int guarded(F body) {
  try {
    return body();
  } catch (...) {
    return SDR_UNKNOWERR;
  }
}

void fill_public_key(const gmseal::crypto::Sm2PublicKey& key, ECCrefPublicKey* out) {
  std::memset(out, 0, sizeof *out);
  out->bits = 256;
  const Bytes x = key.x_device(), y = key.y_device();
  std::memcpy(out->x, x.data(), x.size());
  std::memcpy(out->y, y.data(), y.size());
}

gmseal::Result<gmseal::crypto::Sm2PublicKey> read_public_key(const ECCrefPublicKey* key) {
  if (key->bits != 256) return gmseal::make_error("keys.sdf.bad_input", "bits must be 256");
  return gmseal::crypto::Sm2PublicKey::from_xy(ByteView(key->x, ECCref_MAX_LEN),
                                               ByteView(key->y, ECCref_MAX_LEN));
}

std::string file_name(unsigned char* name, unsigned int length) {
  return std::string(reinterpret_cast<const char*>(name), length);
}

}  // namespace

extern "C" {

int SDF_OpenDevice(void** phDeviceHandle) {
  return guarded([&]() -> int {
    if (phDeviceHandle == nullptr) return SDR_OUTARGERR;
    const char* root = std::getenv("GMSEAL_SDF_ROOT");
    auto store = soft::SdfDeviceStore::open(root != nullptr ? root : "");
    if (!store.ok()) return SDR_OPENDEVICE;
    auto device = std::make_shared<Device>();
    device->store = std::make_unique<soft::SdfDeviceStore>(std::move(*store));
    *phDeviceHandle = add(device);
    return SDR_OK;
  });
}

int SDF_CloseDevice(void* hDeviceHandle) {
  return guarded([&] { return remove<Device>(hDeviceHandle) ? SDR_OK : SDR_INARGERR; });
}

int SDF_OpenSession(void* hDeviceHandle, void** phSessionHandle) {
  return guarded([&]() -> int {
    auto device = find<Device>(hDeviceHandle);
    if (!device) return SDR_INARGERR;
    if (phSessionHandle == nullptr) return SDR_OUTARGERR;
    auto session = std::make_shared<Session>();
    session->device = device;
    *phSessionHandle = add(session);
    return SDR_OK;
  });
}

int SDF_CloseSession(void* hSessionHandle) {
  return guarded([&] { return remove<Session>(hSessionHandle) ? SDR_OK : SDR_INARGERR; });
}

int SDF_GetDeviceInfo(void* hSessionHandle, DEVICEINFO* pstDeviceInfo) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (pstDeviceInfo == nullptr) return SDR_OUTARGERR;
    auto info = session->device->store->info();
    if (!info.ok()) return code_of(info.error());
    std::memset(pstDeviceInfo, 0, sizeof *pstDeviceInfo);
    std::memcpy(pstDeviceInfo->IssuerName, info->issuer.data(),
                std::min<std::size_t>(info->issuer.size(), 40));
    std::memcpy(pstDeviceInfo->DeviceName, info->name.data(),
                std::min<std::size_t>(info->name.size(), 16));
    std::memcpy(pstDeviceInfo->DeviceSerial, info->serial.data(),
                std::min<std::size_t>(info->serial.size(), 16));
    pstDeviceInfo->DeviceVersion = 0x00010000;
    pstDeviceInfo->StandardVersion = 1;
    pstDeviceInfo->AsymAlgAbility[0] = SGD_SM2_1 | SGD_SM2_3;
    pstDeviceInfo->AsymAlgAbility[1] = 256;
    pstDeviceInfo->SymAlgAbility = SGD_SM4_ECB | SGD_SM4_CBC;
    pstDeviceInfo->HashAlgAbility = SGD_SM3;
    pstDeviceInfo->BufferSize = 1u << 16;
    return SDR_OK;
  });
}

int SDF_GenerateRandom(void* hSessionHandle, unsigned int uiLength, unsigned char* pucRandom) {
  return guarded([&]() -> int {
    if (!find<Session>(hSessionHandle)) return SDR_INARGERR;
    if (pucRandom == nullptr || uiLength == 0 || uiLength > (1u << 16)) return SDR_INARGERR;
    const Bytes random = gmseal::crypto::random_bytes(uiLength);
    std::memcpy(pucRandom, random.data(), random.size());
    return SDR_OK;
  });
}

int SDF_GetPrivateKeyAccessRight(void* hSessionHandle, unsigned int uiKeyIndex,
                                 unsigned char* pucPassword, unsigned int uiPwdLength) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (pucPassword == nullptr) return SDR_INARGERR;
    const std::string password(reinterpret_cast<const char*>(pucPassword), uiPwdLength);
    auto key = session->device->store->unlock_sign_key(uiKeyIndex, password);
    if (!key.ok()) return code_of(key.error());
    std::lock_guard<std::mutex> lock(session->mutex);
    session->keys.insert_or_assign(uiKeyIndex, std::move(*key));
    return SDR_OK;
  });
}

int SDF_ReleasePrivateKeyAccessRight(void* hSessionHandle, unsigned int uiKeyIndex) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    std::lock_guard<std::mutex> lock(session->mutex);
    session->keys.erase(uiKeyIndex);
    return SDR_OK;
  });
}

int SDF_ExportSignPublicKey_ECC(void* hSessionHandle, unsigned int uiKeyIndex,
                                ECCrefPublicKey* pucPublicKey) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (pucPublicKey == nullptr) return SDR_OUTARGERR;
    auto key = session->device->store->sign_public_key(uiKeyIndex);
    if (!key.ok()) return code_of(key.error());
    fill_public_key(*key, pucPublicKey);
    return SDR_OK;
  });
}

int SDF_ExportEncPublicKey_ECC(void* hSessionHandle, unsigned int /*uiKeyIndex*/,
                               ECCrefPublicKey* /*pucPublicKey*/) {
  return guarded([&]() -> int {
    if (!find<Session>(hSessionHandle)) return SDR_INARGERR;
    return SDR_KEYNOTEXIST;  // the soft device holds signing keys only
  });
}

int SDF_GenerateKeyPair_ECC(void* hSessionHandle, unsigned int uiAlgID, unsigned int uiKeyBits,
                            ECCrefPublicKey* pucPublicKey, ECCrefPrivateKey* pucPrivateKey) {
  return guarded([&]() -> int {
    if (!find<Session>(hSessionHandle)) return SDR_INARGERR;
    if (pucPublicKey == nullptr || pucPrivateKey == nullptr) return SDR_OUTARGERR;
    if ((uiAlgID != SGD_SM2 && uiAlgID != SGD_SM2_1 && uiAlgID != SGD_SM2_3) || uiKeyBits != 256) {
      return SDR_ALGNOTSUPPORT;
    }
    auto key = gmseal::crypto::Sm2PrivateKey::generate();
    if (!key.ok()) return SDR_UNKNOWERR;
    fill_public_key(key->public_key(), pucPublicKey);
    std::memset(pucPrivateKey, 0, sizeof *pucPrivateKey);
    pucPrivateKey->bits = 256;
    Bytes raw = key->raw();
    std::memcpy(pucPrivateKey->K + ECCref_MAX_LEN - 32, raw.data(), 32);
    std::fill(raw.begin(), raw.end(), 0);
    return SDR_OK;
  });
}

int SDF_InternalSign_ECC(void* hSessionHandle, unsigned int uiISKIndex, unsigned char* pucData,
                         unsigned int uiDataLength, ECCSignature* pucSignature) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (pucData == nullptr || pucSignature == nullptr) return SDR_INARGERR;
    if (uiDataLength != 32) return SDR_INARGERR;
    std::optional<gmseal::crypto::Sm2PrivateKey> key;
    {
      std::lock_guard<std::mutex> lock(session->mutex);
      const auto it = session->keys.find(uiISKIndex);
      if (it == session->keys.end()) {
        // No access right in this session: a key that does not exist says so first.
        return session->device->store->sign_public_key(uiISKIndex).ok() ? SDR_PARDENY
                                                                        : SDR_KEYNOTEXIST;
      }
      key = it->second;
    }
    auto der = gmseal::crypto::sm2_sign_digest(*key, ByteView(pucData, uiDataLength));
    if (!der.ok()) return SDR_SIGNERR;
    auto raw = gmseal::crypto::sm2_signature_der_to_raw(*der);
    if (!raw.ok()) return SDR_SIGNERR;
    std::memset(pucSignature, 0, sizeof *pucSignature);
    std::memcpy(pucSignature->r + ECCref_MAX_LEN - 32, raw->data(), 32);
    std::memcpy(pucSignature->s + ECCref_MAX_LEN - 32, raw->data() + 32, 32);
    return SDR_OK;
  });
}

namespace {
int verify(const gmseal::crypto::Sm2PublicKey& key, unsigned char* data, unsigned int length,
           ECCSignature* signature) {
  if (length != 32) return SDR_INARGERR;
  for (int i = 0; i < ECCref_MAX_LEN - 32; ++i) {
    if (signature->r[i] != 0 || signature->s[i] != 0) return SDR_VERIFYERR;
  }
  Bytes raw(signature->r + ECCref_MAX_LEN - 32, signature->r + ECCref_MAX_LEN);
  raw.insert(raw.end(), signature->s + ECCref_MAX_LEN - 32, signature->s + ECCref_MAX_LEN);
  gmseal::crypto::Sm2VerifyOptions options;
  options.accept_raw_rs = true;
  return gmseal::crypto::sm2_verify_digest(key, ByteView(data, length), raw, options).ok()
             ? SDR_OK
             : SDR_VERIFYERR;
}
}  // namespace

int SDF_InternalVerify_ECC(void* hSessionHandle, unsigned int uiIPKIndex, unsigned char* pucData,
                           unsigned int uiDataLength, ECCSignature* pucSignature) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (pucData == nullptr || pucSignature == nullptr) return SDR_INARGERR;
    auto key = session->device->store->sign_public_key(uiIPKIndex);
    if (!key.ok()) return code_of(key.error());
    return verify(*key, pucData, uiDataLength, pucSignature);
  });
}

int SDF_ExternalVerify_ECC(void* hSessionHandle, unsigned int uiAlgID,
                           ECCrefPublicKey* pucPublicKey, unsigned char* pucDataInput,
                           unsigned int uiInputLength, ECCSignature* pucSignature) {
  return guarded([&]() -> int {
    if (!find<Session>(hSessionHandle)) return SDR_INARGERR;
    if (pucPublicKey == nullptr || pucDataInput == nullptr || pucSignature == nullptr) {
      return SDR_INARGERR;
    }
    if (uiAlgID != SGD_SM2_1 && uiAlgID != SGD_SM2) return SDR_ALGNOTSUPPORT;
    auto key = read_public_key(pucPublicKey);
    if (!key.ok()) return SDR_INARGERR;
    return verify(*key, pucDataInput, uiInputLength, pucSignature);
  });
}

int SDF_HashInit(void* hSessionHandle, unsigned int uiAlgID, ECCrefPublicKey* pucPublicKey,
                 unsigned char* pucID, unsigned int uiIDLength) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (uiAlgID != SGD_SM3) return SDR_ALGNOTSUPPORT;
    gmseal::crypto::Sm3 hash;
    if (pucPublicKey != nullptr && pucID != nullptr && uiIDLength > 0) {
      // GM/T 0018 §6.6: with a public key and signer ID, hashing starts with Z.
      auto key = read_public_key(pucPublicKey);
      if (!key.ok()) return SDR_INARGERR;
      auto z = gmseal::crypto::sm2_z(*key,
                                     std::string(reinterpret_cast<const char*>(pucID), uiIDLength));
      if (!z.ok()) return SDR_INARGERR;
      hash.update(*z);
    }
    std::lock_guard<std::mutex> lock(session->mutex);
    session->hash = std::move(hash);
    return SDR_OK;
  });
}

int SDF_HashUpdate(void* hSessionHandle, unsigned char* pucData, unsigned int uiDataLength) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (pucData == nullptr && uiDataLength != 0) return SDR_INARGERR;
    std::lock_guard<std::mutex> lock(session->mutex);
    if (!session->hash) return SDR_STEPERR;
    session->hash->update(ByteView(pucData, uiDataLength));
    return SDR_OK;
  });
}

int SDF_HashFinal(void* hSessionHandle, unsigned char* pucHash, unsigned int* puiHashLength) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (pucHash == nullptr || puiHashLength == nullptr) return SDR_OUTARGERR;
    std::lock_guard<std::mutex> lock(session->mutex);
    if (!session->hash) return SDR_STEPERR;
    const auto digest = session->hash->final();
    session->hash.reset();
    std::memcpy(pucHash, digest.data(), digest.size());
    *puiHashLength = 32;
    return SDR_OK;
  });
}

int SDF_CreateFile(void* hSessionHandle, unsigned char* pucFileName, unsigned int uiNameLen,
                   unsigned int uiFileSize) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (pucFileName == nullptr) return SDR_INARGERR;
    const auto status =
        session->device->store->create_file(file_name(pucFileName, uiNameLen), uiFileSize);
    return status.ok() ? SDR_OK : code_of(status.error());
  });
}

int SDF_ReadFile(void* hSessionHandle, unsigned char* pucFileName, unsigned int uiNameLen,
                 unsigned int uiOffset, unsigned int* puiReadLength, unsigned char* pucBuffer) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (pucFileName == nullptr || puiReadLength == nullptr || pucBuffer == nullptr) {
      return SDR_INARGERR;
    }
    auto data = session->device->store->read_file(file_name(pucFileName, uiNameLen), uiOffset,
                                                  *puiReadLength);
    if (!data.ok()) return code_of(data.error());
    std::memcpy(pucBuffer, data->data(), data->size());
    *puiReadLength = static_cast<unsigned int>(data->size());
    return SDR_OK;
  });
}

int SDF_WriteFile(void* hSessionHandle, unsigned char* pucFileName, unsigned int uiNameLen,
                  unsigned int uiOffset, unsigned int uiWriteLength, unsigned char* pucBuffer) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (pucFileName == nullptr || (pucBuffer == nullptr && uiWriteLength != 0)) {
      return SDR_INARGERR;
    }
    const auto status = session->device->store->write_file(
        file_name(pucFileName, uiNameLen), uiOffset, ByteView(pucBuffer, uiWriteLength));
    return status.ok() ? SDR_OK : code_of(status.error());
  });
}

int SDF_DeleteFile(void* hSessionHandle, unsigned char* pucFileName, unsigned int uiNameLen) {
  return guarded([&]() -> int {
    auto session = find<Session>(hSessionHandle);
    if (!session) return SDR_INARGERR;
    if (pucFileName == nullptr) return SDR_INARGERR;
    const auto status = session->device->store->delete_file(file_name(pucFileName, uiNameLen));
    return status.ok() ? SDR_OK : code_of(status.error());
  });
}

}  // extern "C"
