// The revisions of a PDF (the original and each appended incremental update), what each later
// revision changed (revision_diff.h) and every signature seen in any revision.
//
// A revision ends at an "%%EOF" marker that follows a "startxref" (its end-of-line included);
// the last one ends at the end of the file, marker or not (an update with a bare trailer or no
// cross-reference section is still a revision). Each revision is read on its own, as a reader
// that stops there would see it, and compared with the one before it. A later revision whose
// cross-reference data QPDF has to reconstruct, or that cannot be read at all, is a disallowed
// change: readers may disagree about what it shows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pdf/byte_range.h"
#include "pdf/document.h"
#include "pdf/revision_diff.h"

namespace gmseal::pdf {

struct RevisionInfo {
  int number = 0;           // 1 = the original document
  std::uint64_t start = 0;  // the bytes [start, end) this revision appended
  std::uint64_t end = 0;
  bool compared = false;  // changes computed (only after a revision holding a signature)
  std::vector<RevisionChange> changes;
  std::vector<std::string> new_signatures;  // fields whose signature value this revision added
  bool allowed() const;                     // no disallowed change
};

// A signature value dictionary as the last revision that still references it shows it.
struct SignatureSighting {
  SignatureField field;
  std::optional<std::uint64_t> dict_offset;  // where that revision's xref puts the dictionary
  int revision = 0;                          // the last revision that references it
};

struct History {
  std::vector<RevisionInfo> revisions;        // in file order; the last ends at the file's end
  std::vector<SignatureSighting> signatures;  // in order of appearance
  int last_revision() const { return revisions.empty() ? 0 : revisions.back().number; }
};

// End offsets of the revisions, ascending; the last is file.size(). At most `limit` ends are
// kept (the last ones): a file with more updates has its first ones read as one revision.
std::vector<std::uint64_t> revision_ends(ByteView file, std::size_t limit = 256);

// Reads every revision of `file`; `whole` is the file already opened (its last revision), or
// null when QPDF cannot read it (then the last revision is recorded as unreadable, and the
// signatures of the earlier ones are still found). Errors only from find_signature_fields on
// `whole`; a damaged earlier revision is recorded.
Result<History> read_history(ByteView file, Document* whole);

}  // namespace gmseal::pdf
