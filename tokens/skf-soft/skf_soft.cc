// libgmseal_skf.so: gmseal's software UKey, the GM/T 0016 C ABI (include/gmseal/skf.h) over the
// folder store of src/keys/soft/skf_store.h.
//
// Devices are folders under the root named by GMSEAL_SKF_ROOT, or by the `root=` line of the
// file GMSEAL_SKF_CONFIG names (default /etc/gmseal/skf.conf). Handles are objects kept in a
// registry, so a stale or foreign handle yields SAR_INVALIDHANDLEERR instead of a crash. Login
// state (which PIN was verified, and the application master key it opened) lives in the
// application handle, as on a card it lives in the card's session. Every entry point catches
// everything: no C++ exception crosses the C ABI.
#include <gmseal/skf.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <variant>

#include "../common/handle_registry.h"
#include "crypto/random.h"
#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "crypto/sm4.h"
#include "keys/device_errors.h"
#include "keys/soft/skf_store.h"

namespace {

namespace soft = gmseal::keys::soft;
using gmseal::Bytes;
using gmseal::ByteView;

static_assert(sizeof(ULONG) == 4 && sizeof(BOOL) == 4, "gmseal's SKF ABI has 32-bit ULONG/BOOL");
static_assert(sizeof(ECCPUBLICKEYBLOB) == 132 && sizeof(ECCSIGNATUREBLOB) == 128);
static_assert(sizeof(FILEATTRIBUTE) == 44 && sizeof(DEVINFO) == 296);

constexpr ULONG kMaxBuffer = 4096;

struct Device {
  std::mutex mutex;
  std::unique_ptr<soft::SkfDeviceStore> store;
  Bytes challenge;
  bool authenticated = false;
};

struct Application {
  std::mutex mutex;
  std::shared_ptr<Device> device;
  std::unique_ptr<soft::SkfAppStore> store;
  bool user = false;
  bool admin = false;
  Bytes master_key;

  void logout() {
    user = admin = false;
    std::fill(master_key.begin(), master_key.end(), 0);
    master_key.clear();
  }
};

struct Container {
  std::shared_ptr<Application> app;
  std::string name;
  // The last key unsealed for signing, valid while the stored sealed bytes are unchanged (a
  // regenerated key is sealed with a fresh nonce, so its bytes always differ).
  std::mutex mutex;
  Bytes cached_sealed;
  std::optional<gmseal::crypto::Sm2PrivateKey> cached_key;
};

struct Hash {
  std::mutex mutex;
  gmseal::crypto::Sm3 sm3;
};

// A static object, not a leaked pointer: the library may be dlclosed, and whatever is still
// registered then is released with it.
gmseal::tokens::HandleRegistry<Device, Application, Container, Hash>& registry() {
  static gmseal::tokens::HandleRegistry<Device, Application, Container, Hash> handles;
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

ULONG code_of(const gmseal::Error& error) { return gmseal::keys::skf_code_for(error.code); }

template <typename F>
ULONG guarded(F body) {
  try {
    return body();
  } catch (...) {
    return SAR_FAIL;
  }
}

std::string root() {
  if (const char* env = std::getenv("GMSEAL_SKF_ROOT"); env != nullptr && *env != '\0') {
    return env;
  }
  const char* config = std::getenv("GMSEAL_SKF_CONFIG");
  std::ifstream in(config != nullptr ? config : "/etc/gmseal/skf.conf");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("root=", 0) == 0) return line.substr(5);
  }
  return {};
}

// Copies a multi-string name list into the caller's buffer (two-call pattern).
ULONG put_name_list(const std::vector<std::string>& names, LPSTR out, ULONG* size) {
  if (size == nullptr) return SAR_INVALIDPARAMERR;
  std::string list;
  for (const auto& name : names) {
    list += name;
    list += '\0';
  }
  list += '\0';
  const auto needed = static_cast<ULONG>(list.size());
  if (out == nullptr) {
    *size = needed;
    return SAR_OK;
  }
  if (*size < needed) {
    *size = needed;
    return SAR_BUFFER_TOO_SMALL;
  }
  std::memcpy(out, list.data(), list.size());
  *size = needed;
  return SAR_OK;
}

ULONG put_bytes(const Bytes& data, BYTE* out, ULONG* size) {
  if (size == nullptr) return SAR_INVALIDPARAMERR;
  const auto needed = static_cast<ULONG>(data.size());
  if (out == nullptr) {
    *size = needed;
    return SAR_OK;
  }
  if (*size < needed) {
    *size = needed;
    return SAR_BUFFER_TOO_SMALL;
  }
  std::memcpy(out, data.data(), data.size());
  *size = needed;
  return SAR_OK;
}

bool allowed(const Application& app, ULONG rights) {
  if (rights == SECURE_ANYONE_ACCOUNT) return true;
  if ((rights & SECURE_USER_ACCOUNT) != 0 && app.user) return true;
  if ((rights & SECURE_ADM_ACCOUNT) != 0 && app.admin) return true;
  return false;
}

void fill_public_blob(const gmseal::crypto::Sm2PublicKey& key, ECCPUBLICKEYBLOB* blob) {
  std::memset(blob, 0, sizeof *blob);
  blob->BitLen = 256;
  const Bytes x = key.x_device(), y = key.y_device();
  std::memcpy(blob->XCoordinate, x.data(), x.size());
  std::memcpy(blob->YCoordinate, y.data(), y.size());
}

gmseal::Result<gmseal::crypto::Sm2PublicKey> read_public_blob(const ECCPUBLICKEYBLOB* blob) {
  if (blob->BitLen != 256) {
    return gmseal::make_error("keys.skf.bad_param", "BitLen must be 256");
  }
  return gmseal::crypto::Sm2PublicKey::from_xy(ByteView(blob->XCoordinate, 64),
                                               ByteView(blob->YCoordinate, 64));
}

void copy_fixed(CHAR* field, std::size_t size, const std::string& value) {
  std::memset(field, 0, size);
  std::memcpy(field, value.data(), std::min(size - 1, value.size()));
}

ULONG verify_signature(ECCPUBLICKEYBLOB* blob, BYTE* data, ULONG len, ECCSIGNATUREBLOB* signature) {
  if (blob == nullptr || data == nullptr || signature == nullptr) return SAR_INVALIDPARAMERR;
  if (len != 32) return SAR_INDATALENERR;
  auto key = read_public_blob(blob);
  if (!key.ok()) return SAR_INVALIDPARAMERR;
  for (int i = 0; i < 32; ++i) {
    if (signature->r[i] != 0 || signature->s[i] != 0) return SAR_HASHNOTEQUALERR;
  }
  Bytes raw(signature->r + 32, signature->r + 64);
  raw.insert(raw.end(), signature->s + 32, signature->s + 64);
  gmseal::crypto::Sm2VerifyOptions options;
  options.accept_raw_rs = true;
  const auto status = gmseal::crypto::sm2_verify_digest(*key, ByteView(data, len), raw, options);
  return status.ok() ? SAR_OK : SAR_HASHNOTEQUALERR;
}

}  // namespace

extern "C" {

// ---- devices ----

ULONG DEVAPI SKF_EnumDev(BOOL /*bPresent*/, LPSTR szNameList, ULONG* pulSize) {
  return guarded([&] {
    const std::string dir = root();
    std::vector<std::string> names;
    if (!dir.empty()) {
      auto listed = soft::SkfDeviceStore::list(dir);
      if (listed.ok()) names = *listed;
    }
    return put_name_list(names, szNameList, pulSize);
  });
}

ULONG DEVAPI SKF_ConnectDev(LPSTR szName, DEVHANDLE* phDev) {
  return guarded([&]() -> ULONG {
    if (szName == nullptr || phDev == nullptr) return SAR_INVALIDPARAMERR;
    auto store = soft::SkfDeviceStore::open(root(), szName);
    if (!store.ok()) return SAR_DEVICE_REMOVED;
    auto device = std::make_shared<Device>();
    device->store = std::make_unique<soft::SkfDeviceStore>(std::move(*store));
    *phDev = add(device);
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_DisConnectDev(DEVHANDLE hDev) {
  return guarded([&] { return remove<Device>(hDev) ? SAR_OK : SAR_INVALIDHANDLEERR; });
}

ULONG DEVAPI SKF_GetDevState(LPSTR szDevName, ULONG* pulDevState) {
  return guarded([&]() -> ULONG {
    if (szDevName == nullptr || pulDevState == nullptr) return SAR_INVALIDPARAMERR;
    *pulDevState =
        soft::SkfDeviceStore::open(root(), szDevName).ok() ? DEV_PRESENT_STATE : DEV_ABSENT_STATE;
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_SetLabel(DEVHANDLE hDev, LPSTR szLabel) {
  return guarded([&]() -> ULONG {
    auto device = find<Device>(hDev);
    if (!device) return SAR_INVALIDHANDLEERR;
    if (szLabel == nullptr) return SAR_INVALIDPARAMERR;
    const auto status = device->store->set_label(szLabel);
    return status.ok() ? SAR_OK : code_of(status.error());
  });
}

ULONG DEVAPI SKF_GetDevInfo(DEVHANDLE hDev, DEVINFO* pDevInfo) {
  return guarded([&]() -> ULONG {
    auto device = find<Device>(hDev);
    if (!device) return SAR_INVALIDHANDLEERR;
    if (pDevInfo == nullptr) return SAR_INVALIDPARAMERR;
    auto info = device->store->info();
    if (!info.ok()) return code_of(info.error());
    std::memset(pDevInfo, 0, sizeof *pDevInfo);
    pDevInfo->Version = {1, 0};
    copy_fixed(pDevInfo->Manufacturer, sizeof pDevInfo->Manufacturer, info->manufacturer);
    copy_fixed(pDevInfo->Issuer, sizeof pDevInfo->Issuer, "gmseal software UKey");
    copy_fixed(pDevInfo->Label, sizeof pDevInfo->Label, info->label);
    copy_fixed(pDevInfo->SerialNumber, sizeof pDevInfo->SerialNumber, info->serial);
    pDevInfo->HWVersion = {1, 0};
    pDevInfo->FirmwareVersion = {1, 0};
    pDevInfo->AlgSymCap = SGD_SM4_ECB | SGD_SM4_CBC;
    pDevInfo->AlgAsymCap = SGD_SM2_1;
    pDevInfo->AlgHashCap = SGD_SM3;
    pDevInfo->DevAuthAlgId = SGD_SM4_ECB;
    pDevInfo->TotalSpace = static_cast<ULONG>(info->total_space);
    pDevInfo->FreeSpace = static_cast<ULONG>(info->free_space);
    pDevInfo->MaxECCBufferSize = kMaxBuffer;
    pDevInfo->MaxBufferSize = kMaxBuffer;
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_LockDev(DEVHANDLE hDev, ULONG /*ulTimeOut*/) {
  // Every store operation already holds the device lock for its duration.
  return guarded([&] { return find<Device>(hDev) ? SAR_OK : SAR_INVALIDHANDLEERR; });
}

ULONG DEVAPI SKF_UnlockDev(DEVHANDLE hDev) {
  return guarded([&] { return find<Device>(hDev) ? SAR_OK : SAR_INVALIDHANDLEERR; });
}

// ---- device authentication ----

ULONG DEVAPI SKF_GenRandom(DEVHANDLE hDev, BYTE* pbRandom, ULONG ulRandomLen) {
  return guarded([&]() -> ULONG {
    auto device = find<Device>(hDev);
    if (!device) return SAR_INVALIDHANDLEERR;
    if (pbRandom == nullptr || ulRandomLen == 0 || ulRandomLen > kMaxBuffer) {
      return SAR_INVALIDPARAMERR;
    }
    const Bytes random = gmseal::crypto::random_bytes(ulRandomLen);
    std::memcpy(pbRandom, random.data(), random.size());
    std::lock_guard<std::mutex> lock(device->mutex);
    device->challenge = random;  // the last random is the device-authentication challenge
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_DevAuth(DEVHANDLE hDev, BYTE* pbAuthData, ULONG ulLen) {
  return guarded([&]() -> ULONG {
    auto device = find<Device>(hDev);
    if (!device) return SAR_INVALIDHANDLEERR;
    if (pbAuthData == nullptr || ulLen != 16) return SAR_INVALIDPARAMERR;
    auto key = device->store->dev_auth_key();
    if (!key.ok()) return code_of(key.error());
    std::lock_guard<std::mutex> lock(device->mutex);
    if (device->challenge.size() < 8) return SAR_FAIL;  // no challenge was drawn
    Bytes block(device->challenge.begin(), device->challenge.begin() + 8);
    block.resize(16, 0);
    device->challenge.clear();  // one attempt per challenge
    auto expected = gmseal::crypto::sm4_ecb_encrypt_block(*key, block);
    if (!expected.ok()) return SAR_FAIL;
    device->authenticated = gmseal::constant_time_equal(*expected, ByteView(pbAuthData, 16));
    return device->authenticated ? SAR_OK : SAR_FAIL;
  });
}

ULONG DEVAPI SKF_ChangeDevAuthKey(DEVHANDLE hDev, BYTE* pbKeyValue, ULONG ulKeyLen) {
  return guarded([&]() -> ULONG {
    auto device = find<Device>(hDev);
    if (!device) return SAR_INVALIDHANDLEERR;
    if (pbKeyValue == nullptr || ulKeyLen != 16) return SAR_INVALIDPARAMERR;
    if (!device->authenticated) return SAR_USER_NOT_LOGGED_IN;
    const auto status = device->store->set_dev_auth_key(ByteView(pbKeyValue, ulKeyLen));
    return status.ok() ? SAR_OK : code_of(status.error());
  });
}

// ---- PINs ----

ULONG DEVAPI SKF_VerifyPIN(HAPPLICATION hApplication, ULONG ulPINType, LPSTR szPIN,
                           ULONG* pulRetryCount) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    if (szPIN == nullptr || (ulPINType != ADMIN_TYPE && ulPINType != USER_TYPE)) {
      return ulPINType > USER_TYPE ? SAR_USER_TYPE_INVALID : SAR_INVALIDPARAMERR;
    }
    const auto type = ulPINType == ADMIN_TYPE ? soft::PinType::kAdmin : soft::PinType::kUser;
    auto outcome = app->store->verify_pin(type, szPIN);
    if (!outcome.ok()) return code_of(outcome.error());
    if (pulRetryCount != nullptr) *pulRetryCount = outcome->remaining;
    if (!outcome->status.ok()) return code_of(outcome->status.error());
    std::lock_guard<std::mutex> lock(app->mutex);
    (type == soft::PinType::kAdmin ? app->admin : app->user) = true;
    app->master_key = std::move(outcome->master_key);
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_ChangePIN(HAPPLICATION hApplication, ULONG ulPINType, LPSTR szOldPin,
                           LPSTR szNewPin, ULONG* pulRetryCount) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    if (szOldPin == nullptr || szNewPin == nullptr) return SAR_INVALIDPARAMERR;
    if (ulPINType != ADMIN_TYPE && ulPINType != USER_TYPE) return SAR_USER_TYPE_INVALID;
    const auto type = ulPINType == ADMIN_TYPE ? soft::PinType::kAdmin : soft::PinType::kUser;
    auto outcome = app->store->change_pin(type, szOldPin, szNewPin);
    if (!outcome.ok()) return code_of(outcome.error());
    if (pulRetryCount != nullptr) *pulRetryCount = outcome->remaining;
    return outcome->status.ok() ? SAR_OK : code_of(outcome->status.error());
  });
}

ULONG DEVAPI SKF_GetPINInfo(HAPPLICATION hApplication, ULONG ulPINType, ULONG* pulMaxRetryCount,
                            ULONG* pulRemainRetryCount, BOOL* pbDefaultPin) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    if (pulMaxRetryCount == nullptr || pulRemainRetryCount == nullptr || pbDefaultPin == nullptr) {
      return SAR_INVALIDPARAMERR;
    }
    if (ulPINType != ADMIN_TYPE && ulPINType != USER_TYPE) return SAR_USER_TYPE_INVALID;
    auto info = app->store->pin_info(ulPINType == ADMIN_TYPE ? soft::PinType::kAdmin
                                                             : soft::PinType::kUser);
    if (!info.ok()) return code_of(info.error());
    *pulMaxRetryCount = info->max_retries;
    *pulRemainRetryCount = info->remaining;
    *pbDefaultPin = info->is_default ? TRUE : FALSE;
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_UnblockPIN(HAPPLICATION hApplication, LPSTR szAdminPIN, LPSTR szNewUserPIN,
                            ULONG* pulRetryCount) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    if (szAdminPIN == nullptr || szNewUserPIN == nullptr) return SAR_INVALIDPARAMERR;
    auto outcome = app->store->unblock_pin(szAdminPIN, szNewUserPIN);
    if (!outcome.ok()) return code_of(outcome.error());
    if (pulRetryCount != nullptr) *pulRetryCount = outcome->remaining;
    return outcome->status.ok() ? SAR_OK : code_of(outcome->status.error());
  });
}

ULONG DEVAPI SKF_ClearSecureState(HAPPLICATION hApplication) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    std::lock_guard<std::mutex> lock(app->mutex);
    app->logout();
    return SAR_OK;
  });
}

// ---- applications ----

ULONG DEVAPI SKF_CreateApplication(DEVHANDLE hDev, LPSTR szAppName, LPSTR szAdminPin,
                                   DWORD dwAdminPinRetryCount, LPSTR szUserPin,
                                   DWORD dwUserPinRetryCount, DWORD dwCreateFileRights,
                                   HAPPLICATION* phApplication) {
  return guarded([&]() -> ULONG {
    auto device = find<Device>(hDev);
    if (!device) return SAR_INVALIDHANDLEERR;
    if (szAppName == nullptr || szAdminPin == nullptr || szUserPin == nullptr ||
        phApplication == nullptr) {
      return SAR_INVALIDPARAMERR;
    }
    if (!device->authenticated) return SAR_USER_NOT_LOGGED_IN;  // needs SKF_DevAuth first
    soft::SkfAppSpec spec;
    spec.admin_pin = szAdminPin;
    spec.admin_retries = dwAdminPinRetryCount;
    spec.user_pin = szUserPin;
    spec.user_retries = dwUserPinRetryCount;
    spec.create_file_rights = dwCreateFileRights;
    auto store = device->store->create_application(szAppName, spec);
    if (!store.ok()) return code_of(store.error());
    auto app = std::make_shared<Application>();
    app->device = device;
    app->store = std::make_unique<soft::SkfAppStore>(std::move(*store));
    *phApplication = add(app);
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_EnumApplication(DEVHANDLE hDev, LPSTR szAppName, ULONG* pulSize) {
  return guarded([&]() -> ULONG {
    auto device = find<Device>(hDev);
    if (!device) return SAR_INVALIDHANDLEERR;
    auto names = device->store->applications();
    if (!names.ok()) return code_of(names.error());
    return put_name_list(*names, szAppName, pulSize);
  });
}

ULONG DEVAPI SKF_DeleteApplication(DEVHANDLE hDev, LPSTR szAppName) {
  return guarded([&]() -> ULONG {
    auto device = find<Device>(hDev);
    if (!device) return SAR_INVALIDHANDLEERR;
    if (szAppName == nullptr) return SAR_INVALIDPARAMERR;
    if (!device->authenticated) return SAR_USER_NOT_LOGGED_IN;
    const auto status = device->store->delete_application(szAppName);
    return status.ok() ? SAR_OK : code_of(status.error());
  });
}

ULONG DEVAPI SKF_OpenApplication(DEVHANDLE hDev, LPSTR szAppName, HAPPLICATION* phApplication) {
  return guarded([&]() -> ULONG {
    auto device = find<Device>(hDev);
    if (!device) return SAR_INVALIDHANDLEERR;
    if (szAppName == nullptr || phApplication == nullptr) return SAR_INVALIDPARAMERR;
    auto store = device->store->application(szAppName);
    if (!store.ok()) return code_of(store.error());
    auto app = std::make_shared<Application>();
    app->device = device;
    app->store = std::make_unique<soft::SkfAppStore>(std::move(*store));
    *phApplication = add(app);
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_CloseApplication(HAPPLICATION hApplication) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    {
      std::lock_guard<std::mutex> lock(app->mutex);
      app->logout();
    }
    remove<Application>(hApplication);
    return SAR_OK;
  });
}

// ---- files ----

ULONG DEVAPI SKF_CreateFile(HAPPLICATION hApplication, LPSTR szFileName, ULONG ulFileSize,
                            ULONG ulReadRights, ULONG ulWriteRights) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    if (szFileName == nullptr) return SAR_INVALIDPARAMERR;
    {
      std::lock_guard<std::mutex> lock(app->mutex);
      if (!allowed(*app, app->store->create_file_rights())) return SAR_USER_NOT_LOGGED_IN;
    }
    const auto status =
        app->store->create_file(szFileName, ulFileSize, ulReadRights, ulWriteRights);
    return status.ok() ? SAR_OK : code_of(status.error());
  });
}

ULONG DEVAPI SKF_DeleteFile(HAPPLICATION hApplication, LPSTR szFileName) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    if (szFileName == nullptr) return SAR_INVALIDPARAMERR;
    auto info = app->store->file_info(szFileName);
    if (!info.ok()) return code_of(info.error());
    {
      std::lock_guard<std::mutex> lock(app->mutex);
      if (!allowed(*app, info->write_rights)) return SAR_USER_NOT_LOGGED_IN;
    }
    const auto status = app->store->delete_file(szFileName);
    return status.ok() ? SAR_OK : code_of(status.error());
  });
}

ULONG DEVAPI SKF_EnumFiles(HAPPLICATION hApplication, LPSTR szFileList, ULONG* pulSize) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    auto names = app->store->files();
    if (!names.ok()) return code_of(names.error());
    return put_name_list(*names, szFileList, pulSize);
  });
}

ULONG DEVAPI SKF_GetFileInfo(HAPPLICATION hApplication, LPSTR szFileName,
                             FILEATTRIBUTE* pFileInfo) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    if (szFileName == nullptr || pFileInfo == nullptr) return SAR_INVALIDPARAMERR;
    auto info = app->store->file_info(szFileName);
    if (!info.ok()) return code_of(info.error());
    std::memset(pFileInfo, 0, sizeof *pFileInfo);
    copy_fixed(pFileInfo->FileName, sizeof pFileInfo->FileName, info->name);
    pFileInfo->FileSize = info->size;
    pFileInfo->ReadRights = info->read_rights;
    pFileInfo->WriteRights = info->write_rights;
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_ReadFile(HAPPLICATION hApplication, LPSTR szFileName, ULONG ulOffset, ULONG ulSize,
                          BYTE* pbOutData, ULONG* pulOutLen) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    if (szFileName == nullptr || pulOutLen == nullptr) return SAR_INVALIDPARAMERR;
    auto info = app->store->file_info(szFileName);
    if (!info.ok()) return code_of(info.error());
    {
      std::lock_guard<std::mutex> lock(app->mutex);
      if (!allowed(*app, info->read_rights)) return SAR_USER_NOT_LOGGED_IN;
    }
    auto data = app->store->read_file(szFileName, ulOffset, ulSize);
    if (!data.ok()) return code_of(data.error());
    return put_bytes(*data, pbOutData, pulOutLen);
  });
}

ULONG DEVAPI SKF_WriteFile(HAPPLICATION hApplication, LPSTR szFileName, ULONG ulOffset,
                           BYTE* pbData, ULONG ulSize) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    if (szFileName == nullptr || (pbData == nullptr && ulSize != 0)) return SAR_INVALIDPARAMERR;
    auto info = app->store->file_info(szFileName);
    if (!info.ok()) return code_of(info.error());
    {
      std::lock_guard<std::mutex> lock(app->mutex);
      if (!allowed(*app, info->write_rights)) return SAR_USER_NOT_LOGGED_IN;
    }
    const auto status = app->store->write_file(szFileName, ulOffset, ByteView(pbData, ulSize));
    return status.ok() ? SAR_OK : code_of(status.error());
  });
}

// ---- containers ----

namespace {
ULONG open_container(HAPPLICATION hApplication, LPSTR name, HCONTAINER* out, bool create) {
  auto app = find<Application>(hApplication);
  if (!app) return SAR_INVALIDHANDLEERR;
  if (name == nullptr || out == nullptr) return SAR_INVALIDPARAMERR;
  if (create) {
    {
      std::lock_guard<std::mutex> lock(app->mutex);
      if (!app->user) return SAR_USER_NOT_LOGGED_IN;
    }
    const auto status = app->store->create_container(name);
    if (!status.ok()) return code_of(status.error());
  } else {
    auto exists = app->store->has_container(name);
    if (!exists.ok()) return code_of(exists.error());
    if (!*exists) return SAR_FILE_NOT_EXIST;
  }
  auto container = std::make_shared<Container>();
  container->app = app;
  container->name = name;
  *out = add(container);
  return SAR_OK;
}

// The container and its application's master key, when the user PIN was verified.
ULONG logged_in_container(HCONTAINER handle, std::shared_ptr<Container>& container,
                          Bytes& master_key) {
  container = find<Container>(handle);
  if (!container) return SAR_INVALIDHANDLEERR;
  std::lock_guard<std::mutex> lock(container->app->mutex);
  if (!container->app->user) return SAR_USER_NOT_LOGGED_IN;
  master_key = container->app->master_key;
  return SAR_OK;
}
}  // namespace

ULONG DEVAPI SKF_CreateContainer(HAPPLICATION hApplication, LPSTR szContainerName,
                                 HCONTAINER* phContainer) {
  return guarded([&] { return open_container(hApplication, szContainerName, phContainer, true); });
}

ULONG DEVAPI SKF_DeleteContainer(HAPPLICATION hApplication, LPSTR szContainerName) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    if (szContainerName == nullptr) return SAR_INVALIDPARAMERR;
    {
      std::lock_guard<std::mutex> lock(app->mutex);
      if (!app->user) return SAR_USER_NOT_LOGGED_IN;
    }
    const auto status = app->store->delete_container(szContainerName);
    return status.ok() ? SAR_OK : code_of(status.error());
  });
}

ULONG DEVAPI SKF_EnumContainer(HAPPLICATION hApplication, LPSTR szContainerName, ULONG* pulSize) {
  return guarded([&]() -> ULONG {
    auto app = find<Application>(hApplication);
    if (!app) return SAR_INVALIDHANDLEERR;
    auto names = app->store->containers();
    if (!names.ok()) return code_of(names.error());
    return put_name_list(*names, szContainerName, pulSize);
  });
}

ULONG DEVAPI SKF_OpenContainer(HAPPLICATION hApplication, LPSTR szContainerName,
                               HCONTAINER* phContainer) {
  return guarded([&] { return open_container(hApplication, szContainerName, phContainer, false); });
}

ULONG DEVAPI SKF_CloseContainer(HCONTAINER hContainer) {
  return guarded([&] { return remove<Container>(hContainer) ? SAR_OK : SAR_INVALIDHANDLEERR; });
}

ULONG DEVAPI SKF_GetContainerType(HCONTAINER hContainer, ULONG* pulContainerType) {
  return guarded([&]() -> ULONG {
    auto container = find<Container>(hContainer);
    if (!container) return SAR_INVALIDHANDLEERR;
    if (pulContainerType == nullptr) return SAR_INVALIDPARAMERR;
    auto type = container->app->store->container_type(container->name);
    if (!type.ok()) return code_of(type.error());
    *pulContainerType = *type;
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_ImportCertificate(HCONTAINER hContainer, BOOL bSignFlag, BYTE* pbCert,
                                   ULONG ulCertLen) {
  return guarded([&]() -> ULONG {
    std::shared_ptr<Container> container;
    Bytes master_key;
    if (const ULONG rc = logged_in_container(hContainer, container, master_key); rc != SAR_OK) {
      return rc;
    }
    if (pbCert == nullptr || ulCertLen == 0) return SAR_INVALIDPARAMERR;
    const auto status = container->app->store->import_certificate(
        container->name, bSignFlag != FALSE, ByteView(pbCert, ulCertLen));
    return status.ok() ? SAR_OK : code_of(status.error());
  });
}

ULONG DEVAPI SKF_ExportCertificate(HCONTAINER hContainer, BOOL bSignFlag, BYTE* pbCert,
                                   ULONG* pulCertLen) {
  return guarded([&]() -> ULONG {
    auto container = find<Container>(hContainer);
    if (!container) return SAR_INVALIDHANDLEERR;
    auto cert = container->app->store->export_certificate(container->name, bSignFlag != FALSE);
    if (!cert.ok()) return code_of(cert.error());
    return put_bytes(*cert, pbCert, pulCertLen);
  });
}

// ---- SM2 / SM3 ----

ULONG DEVAPI SKF_GenECCKeyPair(HCONTAINER hContainer, ULONG ulAlgId, ECCPUBLICKEYBLOB* pBlob) {
  return guarded([&]() -> ULONG {
    std::shared_ptr<Container> container;
    Bytes master_key;
    if (const ULONG rc = logged_in_container(hContainer, container, master_key); rc != SAR_OK) {
      return rc;
    }
    if (pBlob == nullptr) return SAR_INVALIDPARAMERR;
    if (ulAlgId != SGD_SM2_1) return SAR_NOTSUPPORTYETERR;  // signing keys only
    auto key = container->app->store->generate_sign_key(container->name, master_key);
    std::fill(master_key.begin(), master_key.end(), 0);
    if (!key.ok()) return code_of(key.error());
    fill_public_blob(*key, pBlob);
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_ExportPublicKey(HCONTAINER hContainer, BOOL bSignFlag, BYTE* pbBlob,
                                 ULONG* pulBlobLen) {
  return guarded([&]() -> ULONG {
    auto container = find<Container>(hContainer);
    if (!container) return SAR_INVALIDHANDLEERR;
    if (pulBlobLen == nullptr) return SAR_INVALIDPARAMERR;
    if (bSignFlag == FALSE) return SAR_KEYNOTFOUNTERR;  // no encryption key pairs here
    auto key = container->app->store->sign_public_key(container->name);
    if (!key.ok()) return code_of(key.error());
    ECCPUBLICKEYBLOB blob;
    fill_public_blob(*key, &blob);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(&blob);
    return put_bytes(Bytes(bytes, bytes + sizeof blob), pbBlob, pulBlobLen);
  });
}

ULONG DEVAPI SKF_ECCSignData(HCONTAINER hContainer, BYTE* pbDigest, ULONG ulDigestLen,
                             ECCSIGNATUREBLOB* pSignature) {
  return guarded([&]() -> ULONG {
    std::shared_ptr<Container> container;
    Bytes master_key;
    if (const ULONG rc = logged_in_container(hContainer, container, master_key); rc != SAR_OK) {
      return rc;
    }
    if (pbDigest == nullptr || pSignature == nullptr) return SAR_INVALIDPARAMERR;
    if (ulDigestLen != 32) return SAR_INDATALENERR;
    auto sealed = container->app->store->sealed_sign_key(container->name);
    if (!sealed.ok()) return code_of(sealed.error());
    std::optional<gmseal::crypto::Sm2PrivateKey> key;
    {
      std::lock_guard<std::mutex> lock(container->mutex);
      if (container->cached_key && container->cached_sealed == *sealed) {
        key = container->cached_key;
      } else {
        auto unsealed =
            container->app->store->unseal_sign_key(container->name, *sealed, master_key);
        if (!unsealed.ok()) return code_of(unsealed.error());
        container->cached_sealed = *sealed;
        container->cached_key = *unsealed;
        key = std::move(*unsealed);
      }
    }
    std::fill(master_key.begin(), master_key.end(), 0);
    auto der = gmseal::crypto::sm2_sign_digest(*key, ByteView(pbDigest, ulDigestLen));
    if (!der.ok()) return SAR_FAIL;
    auto raw = gmseal::crypto::sm2_signature_der_to_raw(*der);
    if (!raw.ok()) return SAR_FAIL;
    std::memset(pSignature, 0, sizeof *pSignature);
    std::memcpy(pSignature->r + 32, raw->data(), 32);
    std::memcpy(pSignature->s + 32, raw->data() + 32, 32);
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_ECCVerify(DEVHANDLE hDev, ECCPUBLICKEYBLOB* pECCPubKeyBlob, BYTE* pbData,
                           ULONG ulDataLen, ECCSIGNATUREBLOB* pSignature) {
  return guarded([&]() -> ULONG {
    if (!find<Device>(hDev)) return SAR_INVALIDHANDLEERR;
    return verify_signature(pECCPubKeyBlob, pbData, ulDataLen, pSignature);
  });
}

ULONG DEVAPI SKF_ExtECCVerify(DEVHANDLE hDev, ECCPUBLICKEYBLOB* pECCPubKeyBlob, BYTE* pbData,
                              ULONG ulDataLen, ECCSIGNATUREBLOB* pSignature) {
  return guarded([&]() -> ULONG {
    if (!find<Device>(hDev)) return SAR_INVALIDHANDLEERR;
    return verify_signature(pECCPubKeyBlob, pbData, ulDataLen, pSignature);
  });
}

ULONG DEVAPI SKF_DigestInit(DEVHANDLE hDev, ULONG ulAlgID, ECCPUBLICKEYBLOB* pPubKey, BYTE* pbID,
                            ULONG ulIDLen, HANDLE* phHash) {
  return guarded([&]() -> ULONG {
    if (!find<Device>(hDev)) return SAR_INVALIDHANDLEERR;
    if (phHash == nullptr) return SAR_INVALIDPARAMERR;
    if (ulAlgID != SGD_SM3) return SAR_NOTSUPPORTYETERR;
    auto hash = std::make_shared<Hash>();
    if (pPubKey != nullptr && pbID != nullptr && ulIDLen > 0) {
      // GM/T 0016: with a public key and ID, the digest is SM3(Z || message).
      auto key = read_public_blob(pPubKey);
      if (!key.ok()) return SAR_INVALIDPARAMERR;
      const std::string id(reinterpret_cast<const char*>(pbID), ulIDLen);
      auto z = gmseal::crypto::sm2_z(*key, id);
      if (!z.ok()) return SAR_INVALIDPARAMERR;
      hash->sm3.update(*z);
    }
    *phHash = add(hash);
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_DigestUpdate(HANDLE hHash, BYTE* pbData, ULONG ulDataLen) {
  return guarded([&]() -> ULONG {
    auto hash = find<Hash>(hHash);
    if (!hash) return SAR_INVALIDHANDLEERR;
    if (pbData == nullptr && ulDataLen != 0) return SAR_INVALIDPARAMERR;
    std::lock_guard<std::mutex> lock(hash->mutex);
    hash->sm3.update(ByteView(pbData, ulDataLen));
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_DigestFinal(HANDLE hHash, BYTE* pHashData, ULONG* pulHashLen) {
  return guarded([&]() -> ULONG {
    auto hash = find<Hash>(hHash);
    if (!hash) return SAR_INVALIDHANDLEERR;
    if (pulHashLen == nullptr) return SAR_INVALIDPARAMERR;
    if (pHashData == nullptr) {
      *pulHashLen = 32;
      return SAR_OK;
    }
    if (*pulHashLen < 32) {
      *pulHashLen = 32;
      return SAR_BUFFER_TOO_SMALL;
    }
    std::lock_guard<std::mutex> lock(hash->mutex);
    const auto digest = hash->sm3.final();
    std::memcpy(pHashData, digest.data(), digest.size());
    *pulHashLen = 32;
    return SAR_OK;
  });
}

ULONG DEVAPI SKF_Digest(HANDLE hHash, BYTE* pbData, ULONG ulDataLen, BYTE* pbHashData,
                        ULONG* pulHashLen) {
  return guarded([&]() -> ULONG {
    if (pulHashLen == nullptr) return SAR_INVALIDPARAMERR;
    if (pbHashData == nullptr) {
      *pulHashLen = 32;
      return SAR_OK;
    }
    const ULONG rc = SKF_DigestUpdate(hHash, pbData, ulDataLen);
    if (rc != SAR_OK) return rc;
    return SKF_DigestFinal(hHash, pbHashData, pulHashLen);
  });
}

ULONG DEVAPI SKF_CloseHandle(HANDLE hHandle) {
  return guarded([&] { return remove<Hash>(hHandle) ? SAR_OK : SAR_INVALIDHANDLEERR; });
}

}  // extern "C"
