// Adding one signature to an OFD package (GB/T 33190-2016 §18), the way signatures accumulate
// (../shared/design/ses-formats.md §4):
//
//   - the signature gets its own folder <doc>/Signs/Sign_N/ (N = first unused) with
//     Signature.xml, SignedValue.dat and, for seals, Seal.esl;
//   - Signatures.xml is rewritten with the new entry appended and MaxSignId raised; OFD.xml is
//     edited (one <Signatures> element inserted, the rest byte for byte) only when the document
//     had no signature list yet; every other entry is copied unchanged;
//   - References cover every file of the result except the new Signature.xml and
//     SignedValue.dat, and except Signatures.xml in continue mode (so others can sign later);
//     final mode covers Signatures.xml too, which closes the document: signing a document an
//     earlier signature closed fails with ofd.sign.document_closed.
//
// What goes into SignedValue.dat (an SES_Signature or a CMS SignedData) is the caller's
// business: `make_signed_value` receives the exact bytes of the new Signature.xml and its path.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ofd/package.h"
#include "ofd/stamp_placement.h"
#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::ofd {

enum class SignMode { kContinue, kFinal };

struct NewSignature {
  std::string type = "Seal";  // "Seal" (SES_Signature) or "Sign" (SignedData)
  std::string provider_name = "gmseal";
  std::string provider_version = "0.1.0";
  std::string provider_company = "gmseal";
  std::string signature_method = "1.2.156.10197.1.501";
  Time signing_time;
  std::vector<PlacedStamp> stamps;  // StampAnnots to draw (empty for an invisible signature)
  Bytes seal_esl;                   // written as Seal.esl and named by <Seal> when not empty
  SignMode mode = SignMode::kContinue;
};

using SignedValueMaker =
    std::function<Result<Bytes>(ByteView signature_xml, const std::string& signature_xml_path)>;

struct SignedPackage {
  Bytes archive;                   // the new package
  std::string signature_id;        // Signatures.xml ID of the new signature
  std::string signature_xml_path;  // "/Doc_0/Signs/Sign_1/Signature.xml"
};

// Errors: ofd.document.*, ofd.signatures.*, ofd.sign.document_closed, ofd.sign.bad_ofd_xml (no
// place to insert <Signatures>), errors of `make_signed_value`, ofd.package.write_failed.
Result<SignedPackage> add_signature(const Package& package, const NewSignature& signature,
                                    const SignedValueMaker& make_signed_value);

// OFD.xml with <Signatures>loc</Signatures> inserted after DocRoot (or Versions) of the first
// DocBody, all other bytes unchanged. Errors: ofd.sign.bad_ofd_xml.
Result<Bytes> insert_signatures_entry(ByteView ofd_xml, const std::string& loc);

}  // namespace gmseal::ofd
