// What a service may do with gmseal's own software tokens (tokens/skf-soft, tokens/sdf-soft)
// where they stand in for hardware: put a blank UKey into the platform's issuing station, set up
// the signing service's crypto device and generate keys on it. The on-disk stores behind them
// (keys/soft/) are the tokens' and the token tool's (`gmseal token ... init`) business; services
// reach them only through these functions, and use the tokens themselves through the SKF / SDF
// libraries like any vendor's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "crypto/sm2_key.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::keys {

// A blank soft UKey: the device folder `<root>/<name>`, labelled `name`, that answers device
// authentication with `dev_auth_key` (16 bytes) and holds no application yet. Returns the device
// name the SKF library lists. Errors: keys.skf.device_exists, keys.skf.bad_name,
// keys.skf.bad_param (key size), io.*.
Result<std::string> create_blank_soft_ukey(const std::filesystem::path& root,
                                           const std::string& name, ByteView dev_auth_key);

// Key indexes of a soft crypto device: 1..kSoftSdfMaxKeyIndex.
inline constexpr std::uint32_t kSoftSdfMaxKeyIndex = 1024;

// Creates the soft crypto device in `root` (DEVICEINFO name `device_name`, at most 16 bytes)
// unless one is there already. Errors: io.*.
Status ensure_soft_sdf_device(const std::filesystem::path& root, const std::string& device_name);
// Indexes that hold a signing key, ascending. Errors: keys.sdf.device_not_found.
Result<std::vector<std::uint32_t>> soft_sdf_sign_key_indexes(const std::filesystem::path& root);
// Generates an SM2 signing key at `index` sealed under `password`, replacing any key there.
// Errors: keys.sdf.device_not_found, keys.sdf.bad_index, keys.sdf.bad_password.
Result<crypto::Sm2PublicKey> generate_soft_sdf_sign_key(const std::filesystem::path& root,
                                                        std::uint32_t index,
                                                        const std::string& password);

}  // namespace gmseal::keys
