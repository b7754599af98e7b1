#include "ses/cert_list.h"

#include <algorithm>

#include "crypto/certificate.h"
#include "crypto/sm3.h"

namespace gmseal::ses {

Bytes cert_list_digest(std::string_view /*type*/, ByteView cert_der) {
  const crypto::Sm3Digest digest = crypto::sm3(cert_der);
  return Bytes(digest.begin(), digest.end());
}

namespace {

// Decimal text of a lower-case hex serial (serials are short enough for repeated division).
std::string hex_to_decimal(std::string_view hex) {
  std::vector<int> digits;  // base-10 digits, most significant first
  for (const char c : hex) {
    int value = c >= 'a' ? c - 'a' + 10 : c - '0';
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
      const int v = *it * 16 + value;
      *it = v % 10;
      value = v / 10;
    }
    while (value > 0) {
      digits.insert(digits.begin(), value % 10);
      value /= 10;
    }
  }
  std::string text;
  for (const int d : digits) text += static_cast<char>('0' + d);
  return text.empty() ? "0" : text;
}

bool matches_serial(const std::string& id, const crypto::Certificate& cert) {
  const std::string hex = cert.serial_hex();
  std::string lower = id;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  lower.erase(0, std::min(lower.find_first_not_of('0'), lower.size() > 0 ? lower.size() - 1 : 0));
  return lower == hex || id == hex_to_decimal(hex);
}

}  // namespace

Result<CertListMatch> match_cert_list(const SealProperty& property, ByteView cert_der) {
  if (property.cert_list_type == CertListType::kDigests) {
    if (property.cert_digests.empty()) {
      return make_error("ses.cert_list.empty", "the seal lists no signer certificate digests",
                        "property.certList");
    }
    for (const CertDigest& digest : property.cert_digests) {
      if (cert_list_digest(digest.type, cert_der) == digest.value) return CertListMatch::kDigest;
    }
    return make_error("ses.cert_list.no_match",
                      "the SM3 digest of the signer certificate matches none of the seal's " +
                          std::to_string(property.cert_digests.size()) + " certificate digests",
                      "property.certList");
  }
  if (property.certs.empty() && property.cert_ids.empty()) {
    return make_error("ses.cert_list.empty", "the seal lists no signer certificates",
                      "property.certList");
  }
  for (const Bytes& listed : property.certs) {
    if (std::equal(listed.begin(), listed.end(), cert_der.begin(), cert_der.end())) {
      return CertListMatch::kCertificate;
    }
  }
  if (!property.cert_ids.empty()) {
    if (auto cert = crypto::Certificate::from_der(cert_der); cert.ok()) {
      for (const std::string& id : property.cert_ids) {
        if (matches_serial(id, *cert)) return CertListMatch::kCertId;
      }
    }
  }
  return make_error("ses.cert_list.no_match",
                    "the signer certificate is none of the seal's " +
                        std::to_string(property.certs.size() + property.cert_ids.size()) +
                        " listed certificates",
                    "property.certList");
}

}  // namespace gmseal::ses
