#include "keys/ukey_seals.h"

#include <algorithm>

#include "util/der.h"

namespace gmseal::keys {

namespace {

constexpr std::uint32_t kReadAnyone = 0xff;
constexpr std::uint32_t kWriteAdmin = 0x01;

std::string file_name(const std::string& id) { return std::string(kSealFilePrefix) + id; }

Status check_der(ByteView data, const std::string& what) {
  auto element = der::parse_single(data);
  if (!element.ok() || element->tag != der::kSequence) {
    return make_error("keys.seal.not_der",
                      what + " is not one DER SEQUENCE (a GB/T 38540 seal is SES_Seal)");
  }
  return {};
}

}  // namespace

Status check_seal_id(std::string_view id) {
  if (id.empty() || id.size() > 32 - kSealFilePrefix.size()) {
    return make_error("keys.seal.bad_id", "a seal id must be 1..26 characters", "id");
  }
  for (const char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) {
      return make_error("keys.seal.bad_id", "a seal id may hold only A-Z a-z 0-9 _ -", "id");
    }
  }
  return {};
}

Status write_seal(SkfApplication& app, const std::string& id, ByteView seal_der) {
  GMSEAL_RETURN_IF_ERROR(check_seal_id(id));
  GMSEAL_RETURN_IF_ERROR(check_der(seal_der, "the seal"));
  GMSEAL_ASSIGN_OR_RETURN(const std::vector<std::string> existing, app.files());
  if (std::find(existing.begin(), existing.end(), file_name(id)) != existing.end()) {
    GMSEAL_RETURN_IF_ERROR(app.delete_file(file_name(id)));
  }
  GMSEAL_RETURN_IF_ERROR(app.create_file(file_name(id), static_cast<std::uint32_t>(seal_der.size()),
                                         kReadAnyone, kWriteAdmin));
  for (std::size_t offset = 0; offset < seal_der.size(); offset += kSealWriteChunk) {
    const std::size_t count = std::min(kSealWriteChunk, seal_der.size() - offset);
    GMSEAL_RETURN_IF_ERROR(app.write_file(file_name(id), static_cast<std::uint32_t>(offset),
                                          seal_der.subspan(offset, count)));
  }
  return {};
}

Result<Bytes> read_seal(SkfApplication& app, const std::string& id) {
  GMSEAL_RETURN_IF_ERROR(check_seal_id(id));
  GMSEAL_ASSIGN_OR_RETURN(Bytes data, app.read_file(file_name(id)));
  GMSEAL_RETURN_IF_ERROR(check_der(data, "seal file '" + file_name(id) + "'"));
  return data;
}

Result<std::vector<std::string>> list_seals(SkfApplication& app) {
  GMSEAL_ASSIGN_OR_RETURN(const std::vector<std::string> files, app.files());
  std::vector<std::string> ids;
  for (const std::string& name : files) {
    if (name.size() > kSealFilePrefix.size() && name.starts_with(kSealFilePrefix)) {
      ids.push_back(name.substr(kSealFilePrefix.size()));
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Status delete_seal(SkfApplication& app, const std::string& id) {
  GMSEAL_RETURN_IF_ERROR(check_seal_id(id));
  return app.delete_file(file_name(id));
}

}  // namespace gmseal::keys
