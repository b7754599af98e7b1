#include "ofd/check_method.h"

#include <openssl/evp.h>

#include <algorithm>

#include "crypto/sm3.h"

namespace gmseal::ofd {

namespace {
std::string upper(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  return out;
}
}  // namespace

Result<CheckMethod> parse_check_method(std::string_view text) {
  const std::string name = upper(text);
  if (name == "SM3" || name == "1.2.156.10197.1.401" ||
      name.rfind("1.2.156.10197.1.401.", 0) == 0) {
    return CheckMethod{DigestAlgorithm::kSm3, "SM3", false};
  }
  if (name.empty() || name == "MD5" || name == "1.2.840.113549.2.5") {
    return CheckMethod{DigestAlgorithm::kMd5, "MD5", true};
  }
  if (name == "SHA1" || name == "SHA-1" || name == "1.3.14.3.2.26") {
    return CheckMethod{DigestAlgorithm::kSha1, "SHA-1", true};
  }
  if (name == "SHA256" || name == "SHA-256" || name == "2.16.840.1.101.3.4.2.1") {
    return CheckMethod{DigestAlgorithm::kSha256, "SHA-256", true};
  }
  return make_error("ofd.references.unknown_check_method",
                    "References CheckMethod '" + std::string(text) + "' is not a known digest",
                    std::string(text));
}

Bytes compute_digest(DigestAlgorithm algorithm, ByteView data) {
  if (algorithm == DigestAlgorithm::kSm3) {
    const crypto::Sm3Digest digest = crypto::sm3(data);
    return Bytes(digest.begin(), digest.end());
  }
  const EVP_MD* md = algorithm == DigestAlgorithm::kMd5    ? EVP_md5()
                     : algorithm == DigestAlgorithm::kSha1 ? EVP_sha1()
                                                           : EVP_sha256();
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) != 1) return {};
  return Bytes(out, out + length);
}

}  // namespace gmseal::ofd
