// Matching a signer certificate against a seal's certList (GB/T 38540 §7.3 step 3).
//   certListType 1: the DER certificate equals (byte compare) one listed certificate.
//   certListType 2: a digest of the DER certificate equals one CertDigestObj.value. The
//   algorithm is only named by the free-text CertDigestObj.type; gmseal writes "SM3" and reads
//   every type as SM3 (the only digest seen with SM2 seals; ses-formats.md §1.3).
//   v1 certID entries (IA5String): compared with the certificate's serial number, in hex or
//   decimal - a convention seen in one producer (dms360), not in the standard's text.
#pragma once

#include <string_view>

#include "ses/seal_info.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::ses {

// The certList digest of `cert_der` for a CertDigestObj of `type`.
Bytes cert_list_digest(std::string_view type, ByteView cert_der);

enum class CertListMatch {
  kCertificate,  // byte-equal certificate (certListType 1)
  kDigest,       // SM3 digest (certListType 2)
  kCertId,       // v1 certID equal to the serial number (weaker: a serial is not unique)
};

// How `cert_der` is listed. Errors: ses.cert_list.no_match (message says which list type and
// how many entries were compared), ses.cert_list.empty.
Result<CertListMatch> match_cert_list(const SealProperty& property, ByteView cert_der);

}  // namespace gmseal::ses
