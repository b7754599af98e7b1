// What one revision of a PDF changed compared with an earlier one, each change judged against the
// rule of what may change after a signature (docs/pdf.md, "What a later revision may change").
//
// Every object the earlier revision holds is compared by value with the object of the same
// number that the later revision resolves to (not by comparing cross-reference entries: an
// object stream redefined under the same number, an xref section without /Prev or a file that
// QPDF had to reconstruct all keep or lose entries without saying what an object now is). The
// trailer's /Root is compared too: a new catalog is a new document. New objects are not changes
// by themselves; they matter only through the changed objects that reference them, with one
// exception: an object number the earlier revision references but does not define (a free
// entry, a number beyond /Size) reads as null there, so defining it later changes what the
// objects referencing it mean. Those numbers are compared as well.
//
// Allowed: new annotations (a page's /Annots only growing), new form fields (/Fields only
// growing), the AcroForm's /SigFlags, /DR and /DA, an unsigned signature field being signed by
// a signature this revision adds (its /V, /AP, /Lock, /SV, /Kids, /MK and its widgets' /AP,
// /MK; only when that /V is in `new_signatures`), the catalog's /AcroForm (judged by the same
// rules), /DSS and /Extensions, the DSS and what it reaches, the document information
// dictionary and the XMP metadata stream. The last three only for objects that nothing else in
// the document reaches (a page's content stream listed under /DSS /Certs is still a content
// stream) and only as the kind of object the role holds. Everything else that changes is
// disallowed.
#pragma once

#include <set>
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
  // Allowed, but it adds annotations to `pages`: they draw over what was signed (a stamp can
  // cover text), so the report names those pages.
  bool adds_annotations = false;

  // "page 1: object 4 0 /Contents: what" (parts left out when empty).
  std::string text() const;
};

// The changes from `before` to `after`, allowed and disallowed, in object-number order (the
// trailer first). `new_signatures` are the /V signature dictionaries of the signatures that
// `after` adds whose /ByteRange covers exactly the revision `after` ends with: only they may
// fill a signature field that was unsigned in `before`. May throw QPDF exceptions; callers wrap
// it in guard_qpdf.
std::vector<RevisionChange> diff_revisions(Document& before, Document& after,
                                           const std::set<QPDFObjGen>& new_signatures = {});

}  // namespace gmseal::pdf
