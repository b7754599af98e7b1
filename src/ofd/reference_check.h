// Checking a signature's References against the package (GB/T 33190-2016 §18.2.2): each file's
// digest, files removed since signing, and files the signature does not cover.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "ofd/check_method.h"
#include "ofd/package.h"
#include "ofd/signature_xml.h"

namespace gmseal::ofd {

enum class ReferenceStatus {
  kMatch,          // digest equals CheckValue
  kMismatch,       // the file changed after signing
  kMissing,        // the file was removed (or never existed)
  kBadCheckValue,  // CheckValue is not base64 / FileRef is not a path
};

struct ReferenceResult {
  std::string file_ref;  // as written
  std::string path;      // canonical (empty when FileRef does not resolve)
  ReferenceStatus status = ReferenceStatus::kMatch;
};

struct ReferenceReport {
  CheckMethod method;
  bool method_known = true;  // false: CheckMethod unknown, every reference unchecked
  std::vector<ReferenceResult> results;
  // Files of the package that no Reference names, minus `exempt` (the signature's own files,
  // later signatures' files, Signatures.xml when this signature leaves it out).
  std::vector<std::string> unreferenced;

  bool all_match() const;
  // "mismatch: /Doc_0/Pages/Page_0/Content.xml; missing: /x" or empty.
  std::string failures() const;
};

ReferenceReport check_references(const Package& package, const SignatureXml& signature,
                                 const std::set<std::string>& exempt);

}  // namespace gmseal::ofd
