// Signature fields of a PDF and the byte-level checks of their /ByteRange (the signature
// extraction path; fuzzed by fuzz/pdf_signature_fuzzer.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pdf/document.h"
#include "pdf/placement.h"

namespace gmseal::pdf {

struct SignatureField {
  std::string name;  // fully qualified field name (parent.child)
  QPDFObjGen value;  // the /V signature dictionary
  std::vector<std::int64_t> byte_range;
  Bytes contents;  // /Contents, decoded (with its zero padding)
  std::string filter, sub_filter, signing_time, reason, signer_name;
  std::vector<int> pages;  // 1-based pages that show its widgets
  // Its widgets of non-zero size: page (1-based) and /Rect as displayed there (after /Rotate,
  // from the CropBox's top-left), in points.
  struct WidgetBox {
    int page = 0;
    DisplayedRect rect;
  };
  std::vector<WidgetBox> boxes;
};

// Every signature field with a value: /AcroForm /Fields walked recursively through /Kids, /FT
// inherited. Fields whose /V is not a dictionary are skipped. Errors: pdf.open_failed (QPDF).
Result<std::vector<SignatureField>> find_signature_fields(Document& doc);

struct ByteRangeFacts {
  bool ok = false;
  std::string problem;      // why not ok
  std::uint64_t end = 0;    // b2 + b3: the end of the signed revision
  bool whole_file = false;  // end == file size
};

// The checks of ISO 32000 §12.8.1 and against signature wrapping: four non-negative numbers
// starting at 0, segments in order and inside the file, the hole is exactly a hex string
// (<...>) that is this signature dictionary's own /Contents value (the dictionary at
// `dict_offset` holds it, "/Contents" precedes it), and the signed revision ends with %%EOF.
ByteRangeFacts check_byte_range(ByteView file, const SignatureField& field,
                                std::optional<std::uint64_t> dict_offset);

}  // namespace gmseal::pdf
