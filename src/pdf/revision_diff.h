// What one revision of a PDF changed compared with an earlier one, each change judged against the
// rule of what may change after a signature (docs/pdf.md, "What a later revision may change").
//
// Every object the earlier revision holds is compared by value with the object of the same
// number that the later revision resolves to (not by comparing cross-reference entries: an
// object stream redefined under the same number, an xref section without /Prev or a file that
// QPDF had to reconstruct all keep or lose entries without saying what an object now is). The
// trailer's /Root is compared too: a new catalog is a new document. New objects are not changes
// by themselves; they matter only through the changed objects that reference them.
//
// Allowed: new annotations (a page's /Annots only growing), new form fields (/Fields only
// growing), the AcroForm's /SigFlags, /DR and /DA, an unsigned signature field being signed (its
// /V, /AP, /Lock, /SV, /Kids, /MK and its widgets' /AP, /MK), the catalog's /AcroForm (judged by
// the same rules), /DSS and /Extensions, the DSS and everything under it, the document
// information dictionary and the XMP metadata. Everything else that changes is disallowed.
#pragma once

#include <string>
#include <vector>

#include "pdf/document.h"

namespace gmseal::pdf {

struct RevisionChange {
  std::string object;      // "4 0", or "trailer"
  std::vector<int> pages;  // 1-based pages (numbered in the earlier revision) that show it
  std::string key;         // the dictionary key that changed, empty for the whole object
  std::string what;        // what happened, in words
  bool allowed = false;    // allowed after a signature

  // "page 1: object 4 0 /Contents: what" (parts left out when empty).
  std::string text() const;
};

// The changes from `before` to `after`, allowed and disallowed, in object-number order (the
// trailer first). May throw QPDF exceptions; callers wrap it in guard_qpdf.
std::vector<RevisionChange> diff_revisions(Document& before, Document& after);

}  // namespace gmseal::pdf
