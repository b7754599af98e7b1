#include "tsa/imprint_hash.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

#include "crypto/sm2.h"
#include "crypto/sm3.h"

namespace gmseal::tsa {

std::optional<ImprintHash> imprint_hash_from_oid(std::string_view oid) {
  if (oid == crypto::kOidSm3) return ImprintHash::kSm3;
  if (oid == kOidSha256) return ImprintHash::kSha256;
  if (oid == kOidSha384) return ImprintHash::kSha384;
  return std::nullopt;
}

std::string_view oid_of(ImprintHash hash) {
  switch (hash) {
    case ImprintHash::kSm3:
      return crypto::kOidSm3;
    case ImprintHash::kSha256:
      return kOidSha256;
    case ImprintHash::kSha384:
      return kOidSha384;
  }
  return {};
}

std::string_view name_of(ImprintHash hash) {
  switch (hash) {
    case ImprintHash::kSm3:
      return "sm3";
    case ImprintHash::kSha256:
      return "sha256";
    case ImprintHash::kSha384:
      return "sha384";
  }
  return {};
}

std::size_t digest_size(ImprintHash hash) { return hash == ImprintHash::kSha384 ? 48 : 32; }

Bytes digest(ImprintHash hash, ByteView data) {
  Bytes out(digest_size(hash));
  switch (hash) {
    case ImprintHash::kSm3: {
      const crypto::Sm3Digest d = crypto::sm3(data);
      std::copy(d.begin(), d.end(), out.begin());
      break;
    }
    case ImprintHash::kSha256:
      SHA256(data.data(), data.size(), out.data());
      break;
    case ImprintHash::kSha384:
      SHA384(data.data(), data.size(), out.data());
      break;
  }
  return out;
}

Result<ImprintHash> parse_imprint_hash(std::string_view name) {
  std::string folded;
  for (const char c : name) {
    if (c != '-') folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (folded == "sm3") return ImprintHash::kSm3;
  if (folded == "sha256") return ImprintHash::kSha256;
  if (folded == "sha384") return ImprintHash::kSha384;
  return make_error("cli.usage", "hash '" + std::string(name) + "' is not sm3, sha256 or sha384",
                    "hash");
}

Result<Bytes> digest_by_oid(std::string_view oid, ByteView data) {
  if (auto known = imprint_hash_from_oid(oid)) return digest(*known, data);
  if (oid == kOidSha1) {
    Bytes out(SHA_DIGEST_LENGTH);
    SHA1(data.data(), data.size(), out.data());
    return out;
  }
  return make_error("tsa.unsupported_hash", "hash algorithm " + std::string(oid) + " is not known");
}

}  // namespace gmseal::tsa
