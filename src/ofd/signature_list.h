// Signatures.xml: the list of a document's signatures (GB/T 33190-2016 §18.1).
//
//   <Signatures><MaxSignId>2</MaxSignId>?
//     <Signature ID="1" Type="Seal|Sign" BaseLoc="/Doc_0/Signs/Sign_0/Signature.xml"
//                Relative="..."?/>*</Signatures>
//
// Read in any element order (ofdrw writes MaxSignId last); BaseLoc may be relative to the folder
// of Signatures.xml (KingGrid: "Sign_0/Signature.xml"). Written in schema order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ofd/package.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::ofd {

struct SignatureEntry {
  std::string id;
  std::string type = "Seal";   // Type attribute; the schema default is Seal
  std::string base_loc;        // as written
  std::string relative;        // OFD 2.0 Relative attribute, as written
  std::string signature_path;  // canonical path of the Signature.xml it names
};

struct SignatureList {
  std::string max_sign_id;  // as written; empty when absent
  std::vector<SignatureEntry> entries;
};

// Parses Signatures.xml stored at `list_path` and resolves each BaseLoc within `package`.
// Errors: ofd.xml.*, ofd.signatures.bad_entry (no BaseLoc), ofd.signatures.cyclic_path (an entry
// naming Signatures.xml, OFD.xml or another entry's file).
Result<SignatureList> parse_signature_list(ByteView xml, std::string_view list_path,
                                           const Package& package);

// Signatures.xml in schema order with the "ofd:" prefix.
std::string serialize_signature_list(const SignatureList& list);

// Resolves `loc` against `base_dir`; when that names no file of `package` but the resolution
// against `fallback_dir` does, returns that one (producers disagree on what relative locations
// are relative to). Errors: those of resolve_loc.
Result<std::string> resolve_in_package(const Package& package, std::string_view loc,
                                       std::string_view base_dir, std::string_view fallback_dir);

}  // namespace gmseal::ofd
