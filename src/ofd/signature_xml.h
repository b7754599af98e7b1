// Signature.xml: one signature's description (GB/T 33190-2016 §18.2).
//
//   <Signature>
//     <SignedInfo>
//       <Provider ProviderName="" Version=""? Company=""?/>
//       <SignatureMethod>1.2.156.10197.1.501</SignatureMethod>?
//       <SignatureDateTime>...</SignatureDateTime>?
//       <References CheckMethod="1.2.156.10197.1.401">
//         <Reference FileRef="/Doc_0/Document.xml"><CheckValue>base64</CheckValue></Reference>+
//       </References>
//       <StampAnnot ID="" PageRef="" Boundary="x y w h" Clip="x y w h"?/>*
//       <Seal><BaseLoc>/Doc_0/Signs/Sign_0/Seal.esl</BaseLoc></Seal>?
//     </SignedInfo>
//     <SignedValue>/Doc_0/Signs/Sign_0/SignedValue.dat</SignedValue>
//   </Signature>
//
// Read order-independently with attribute-or-child values (real files differ, see
// ../shared/design/ses-formats.md §4); written in exactly the schema order above. The verifier
// hashes the stored bytes of this file, never a re-serialisation.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ofd/document.h"
#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::ofd {

struct Reference {
  std::string file_ref;     // as written
  std::string check_value;  // base64 text as written
};

struct StampAnnot {
  std::string id;
  std::string page_ref;  // a Page@ID of Document.xml
  Box boundary;
  std::optional<Box> clip;  // inside the boundary; riding seals show one slice per page
};

struct SignatureXml {
  std::string provider_name;
  std::string provider_version;
  std::string provider_company;
  std::string signature_method;
  std::string signature_date_time;
  std::string check_method;  // References@CheckMethod as written; empty = schema default (MD5)
  std::vector<Reference> references;
  std::vector<StampAnnot> stamp_annots;
  std::string seal_loc;          // Seal/BaseLoc as written; empty when no Seal element
  std::string signed_value_loc;  // as written
};

// Errors: ofd.xml.*, ofd.signature_xml.no_signed_info, ofd.signature_xml.no_signed_value,
// ofd.xml.bad_box (a StampAnnot Boundary or Clip).
Result<SignatureXml> parse_signature_xml(ByteView xml, const std::string& what);

// SignatureDateTime is free text (§18.2.1); producers write "20200817111329Z" (UTC),
// "20201010151120" and "2021-05-19 20:53:44" (both Beijing time, UTC+8: gomain and ofdrw files
// whose SES timeInfo gives the UTC instant) or ISO 8601. nullopt when unrecognised.
std::optional<Time> parse_signature_date_time(std::string_view text);

// The file in schema order with the "ofd:" prefix (UTF-8, no pretty-printing).
std::string serialize_signature_xml(const SignatureXml& signature);

}  // namespace gmseal::ofd
