// Electronic seals (DER SES_Seal, GB/T 38540) stored as files on a UKey, in the seal
// application beside the signing container.
//
// Convention (no public vendor convention exists; this one is gmseal's):
//   file name    "ESEAL." + seal id, the id being 1..26 characters [A-Za-z0-9_-] (the seal's
//                esID or any local name), so the whole name fits MAX_FILE_NAME_SIZE (32)
//   content      exactly the DER seal (one SEQUENCE), nothing before or after it
//   rights       read SECURE_ANYONE_ACCOUNT (seals are public: a verifier needs no PIN),
//                write SECURE_ADM_ACCOUNT (placing a seal on a key is an issuing act)
// Listing is SKF_EnumFiles filtered by the prefix, so there is no index file to fall out of
// step. Rewriting a seal deletes and recreates its file (its size is fixed at creation).
// Files are written in chunks of kSealWriteChunk bytes, under common vendors' buffer limits.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "keys/skf_library.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::keys {

inline constexpr std::string_view kSealFilePrefix = "ESEAL.";
inline constexpr std::size_t kSealWriteChunk = 1024;

// Errors: keys.seal.bad_id.
Status check_seal_id(std::string_view id);

// Writes `seal_der` (checked to be one DER SEQUENCE) as seal `id`; the admin PIN must have been
// verified on `app`. Errors: keys.seal.bad_id, keys.seal.not_der, keys.skf.*.
Status write_seal(SkfApplication& app, const std::string& id, ByteView seal_der);
// Reads seal `id`. Errors: keys.skf.file_not_found, keys.seal.not_der (the file holds no DER).
Result<Bytes> read_seal(SkfApplication& app, const std::string& id);
// Seal ids on the key, sorted.
Result<std::vector<std::string>> list_seals(SkfApplication& app);
Status delete_seal(SkfApplication& app, const std::string& id);

}  // namespace gmseal::keys
