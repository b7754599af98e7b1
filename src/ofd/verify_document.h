// Verifying every signature of an OFD document (GB/T 33190-2016 §18 with GB/T 38540-2020 §7.3
// seals and GB/T 35275 SignedData), signature by signature, as named checks.
//
// Checks of one signature (names are stable; see also ses/verify_report.h):
//   signature_xml        Signature.xml is present and readable
//   references           every Reference digest matches the file (a failure names the files
//                        changed or missing after signing)
//   check_method         warn: the digest is MD5/SHA-1/SHA-256, not SM3
//   unreferenced_files   files no Reference covers (other signatures' own files and, in
//                        continue mode, Signatures.xml excepted): warn, as vendors choose what to
//                        cover; fail for gmseal's own signatures, which cover every file, so an
//                        uncovered file was added after signing
//   signed_value         SignedValue.dat is present
//   Type="Seal": the SES verification of ses/verify_signature.h (format, signature_value,
//                signer_certificate_match, seal.*, signer_certificate, timestamp, data_hash =
//                SM3 of the stored Signature.xml bytes; seal.online_status when asked), then
//     property_info      propertyInfo names this Signature.xml (warn otherwise)
//     seal_file          Seal.esl, when named, equals the seal inside SignedValue.dat
//   Type="Sign": SignedValue.dat is CMS SignedData (GB/T 35275 or PKCS#7 OIDs) over Signature.xml
//                (detached, or attached SM3(Signature.xml) as oesplugin writes), or a bare SM2
//                signature over Signature.xml whose certificate comes from outside (ofdrw):
//     signed_data        the structure parsed (or: bare signature)
//     data_hash          what was signed is this Signature.xml
//     signature_value    the signer's SM2 signature verifies
//     signer_certificate validity at the signing time; chain and CRLs with a trust store
//   stamp_annotations    each StampAnnot names a page of the document and lies on it
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/cert_verify.h"
#include "crypto/certificate.h"
#include "ofd/package.h"
#include "ofd/reference_check.h"
#include "ofd/signature_xml.h"
#include "ses/cms_signature_check.h"
#include "ses/signature.h"
#include "ses/verify_report.h"
#include "ses/verify_seal.h"

namespace gmseal::ofd {

inline constexpr std::string_view kCheckSignatureXml = "signature_xml";
inline constexpr std::string_view kCheckReferences = "references";
inline constexpr std::string_view kCheckCheckMethod = "check_method";
inline constexpr std::string_view kCheckUnreferencedFiles = "unreferenced_files";
inline constexpr std::string_view kCheckSignedValue = "signed_value";
inline constexpr std::string_view kCheckPropertyInfo = "property_info";
inline constexpr std::string_view kCheckSealFile = "seal_file";
inline constexpr std::string_view kCheckSignedData = ses::kCheckSignedData;
inline constexpr std::string_view kCheckStampAnnotations = "stamp_annotations";

// The Provider gmseal writes; its signatures cover every file.
inline constexpr std::string_view kGmsealProvider = "gmseal";

struct DocumentVerifyOptions {
  std::optional<crypto::TrustStore> trust;
  // Signer certificates for signatures that carry none (bare SM2 Type="Sign" signatures).
  std::vector<crypto::Certificate> certificates;
  bool require_crl = false;
  // Type="Seal": the seal's online status ("seal.online_status"); Type="Sign" has no seal.
  ses::SealStatusCheck status_check;
};

// Where a stamp shows: its page (1-based) and its visible box (Boundary, cut to its Clip) in mm
// from the page's top-left corner.
struct StampBox {
  std::size_t page = 0;
  Box box;
};

struct SignatureVerdict {
  std::string id;
  std::string type;  // "Seal" or "Sign"
  std::string signature_xml_path;
  ses::VerifyReport report;
  std::optional<SignatureXml> xml;
  ReferenceReport references;
  std::optional<ses::Signature> ses_signature;  // Type="Seal" when SignedValue.dat parsed
  std::optional<crypto::Certificate> signer;    // Type="Sign" when found
  std::optional<Time> signed_at;                // Type="Sign"
  bool signed_at_from_tsa = false;              // signed_at is a verified timestamp's genTime
  std::vector<StampBox> boxes;                  // the stamps that name a page of the document
};

struct DocumentVerdict {
  std::vector<SignatureVerdict> signatures;
  std::vector<std::string> notes;  // repairs and problems outside any one signature
  bool valid() const;              // at least one signature, and every one valid
  bool trusted() const;            // at least one signature, and every one trusted
};

// Errors only when the package cannot be read as an OFD document at all (OFD.xml unreadable).
// A missing or broken signature list gives a verdict without signatures and a note.
Result<DocumentVerdict> verify_document(const Package& package,
                                        const DocumentVerifyOptions& options = {});

// The shared JSON shape (ses/verdict_json.h) with OFD keys per signature: "id", "type",
// "signatureXml", "references" [{"fileRef", "path", "result"}], "stamps" [...], "boxes"
// [{"page", "x", "y", "width", "height"}] (mm from the page's top-left, as in PDF verdicts); and
// "notes".
nlohmann::json document_verdict_json(const DocumentVerdict& verdict);

}  // namespace gmseal::ofd
