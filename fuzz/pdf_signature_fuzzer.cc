// The PDF signature-extraction path: split the revisions, open with QPDF, walk the signature
// fields, check every /ByteRange against the bytes and verify (which reads every revision and
// compares each with the one before it). Any input must give a result or an error, never a
// crash.
#include <cstddef>
#include <cstdint>

#include "pdf/byte_range.h"
#include "pdf/revision_history.h"
#include "pdf/verify.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const gmseal::ByteView input(data, size);
  const auto ends = gmseal::pdf::revision_ends(input);
  if (ends.empty() || ends.back() != size) __builtin_trap();  // the last revision is the file
  auto doc = gmseal::pdf::Document::open_memory(input, "fuzz input");
  if (!doc.ok()) return 0;
  if (auto fields = gmseal::pdf::find_signature_fields(*doc); fields.ok()) {
    for (const auto& field : *fields) (void)gmseal::pdf::check_byte_range(input, field, 0);
  }
  if (auto report = gmseal::pdf::verify_pdf(input); report.ok()) {
    (void)gmseal::pdf::report_to_json(*report);
  }
  return 0;
}
