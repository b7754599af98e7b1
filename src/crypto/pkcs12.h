// PKCS#12 key stores (RFC 7292, .p12/.pfx) holding an SM2 key and its certificate, as Java
// tools (ofdrw, BouncyCastle keytool) make them.
//
// Such files often use the legacy PBEs (pbeWithSHA1And40BitRC2-CBC for the certificates,
// 3DES for the key: ../shared/testdata/keys/ofdrw-user.p12), which OpenSSL 3 keeps in its
// "legacy" provider; the first call loads that provider (next to "default") into the default
// library context, once per process.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "crypto/certificate.h"
#include "crypto/sm2_key.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::crypto {

struct Pkcs12Contents {
  Sm2PrivateKey key;
  std::optional<Certificate> certificate;  // the key's certificate, when the file has one
  std::vector<Certificate> ca_certificates;
};

// True when `data` looks like a DER PKCS#12 PFX (SEQUENCE { INTEGER 3, ContentInfo, ... }).
bool looks_like_pkcs12(ByteView data);

// Errors: crypto.pkcs12.bad_password (MAC check fails), crypto.pkcs12.parse_failed,
// crypto.key.not_sm2 (the key is of another type).
Result<Pkcs12Contents> parse_pkcs12(ByteView der, std::string_view password);

}  // namespace gmseal::crypto
