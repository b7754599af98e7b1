#include "keys/soft_tokens.h"

#include "keys/soft/sdf_store.h"
#include "keys/soft/skf_store.h"

namespace gmseal::keys {

static_assert(kSoftSdfMaxKeyIndex == soft::kSdfMaxKeyIndex);

Result<std::string> create_blank_soft_ukey(const std::filesystem::path& root,
                                           const std::string& name, ByteView dev_auth_key) {
  soft::SkfDeviceSpec spec;
  spec.label = name;
  spec.dev_auth_key.assign(dev_auth_key.begin(), dev_auth_key.end());
  GMSEAL_ASSIGN_OR_RETURN(const soft::SkfDeviceStore device,
                          soft::SkfDeviceStore::create(root, name, spec));
  return device.name();
}

Status ensure_soft_sdf_device(const std::filesystem::path& root, const std::string& device_name) {
  if (soft::SdfDeviceStore::open(root).ok()) return {};
  soft::SdfDeviceSpec spec;
  spec.name = device_name;
  if (auto created = soft::SdfDeviceStore::create(root, spec); !created.ok()) {
    return created.error();
  }
  return {};
}

Result<std::vector<std::uint32_t>> soft_sdf_sign_key_indexes(const std::filesystem::path& root) {
  GMSEAL_ASSIGN_OR_RETURN(const soft::SdfDeviceStore store, soft::SdfDeviceStore::open(root));
  return store.sign_key_indexes();
}

Result<crypto::Sm2PublicKey> generate_soft_sdf_sign_key(const std::filesystem::path& root,
                                                        std::uint32_t index,
                                                        const std::string& password) {
  GMSEAL_ASSIGN_OR_RETURN(soft::SdfDeviceStore store, soft::SdfDeviceStore::open(root));
  return store.generate_sign_key(index, password);
}

}  // namespace gmseal::keys
