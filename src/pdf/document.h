// A PDF opened for reading with QPDF, plus the facts the incremental writer needs: the file's
// size, its last startxref and whether that cross-reference section is a table or a stream.
//
// QPDF reads lazily from the file (objects are cached as they are touched), so opening a large
// file costs little memory. QPDF exceptions never leave this module: they become pdf.* errors.
#pragma once

#include "pdf/qpdf_clang_compat.h"  // first: before any QPDF header

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::pdf {

// A page's visible area (CropBox, else MediaBox) in default user space, and its /Rotate.
struct PageGeometry {
  double llx = 0, lly = 0, urx = 612, ury = 792;
  int rotate = 0;  // 0, 90, 180 or 270 (clockwise when displayed)
};

class Document {
 public:
  // Errors: pdf.open_failed (unreadable / not a PDF, with QPDF's reason), pdf.encrypted.
  static Result<Document> open(const std::filesystem::path& path);
  // Same from bytes held in memory (`description` names them in messages).
  static Result<Document> open_memory(ByteView bytes, const std::string& description);

  QPDF& qpdf() { return *qpdf_; }
  // True when QPDF had to reconstruct the cross-reference table (the file is damaged).
  bool repaired() const { return repaired_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  std::uint64_t file_size() const { return file_size_; }
  std::uint64_t startxref() const { return startxref_; }
  bool uses_xref_stream() const { return xref_stream_; }

  std::vector<QPDFObjectHandle> pages();
  PageGeometry geometry(QPDFObjectHandle page);

 private:
  Document() = default;
  Status finish_open(ByteView tail, ByteView at_startxref);
  std::unique_ptr<QPDF> qpdf_;
  Bytes memory_;  // backing bytes for open_memory
  bool repaired_ = false;
  std::vector<std::string> warnings_;
  std::uint64_t file_size_ = 0;
  std::uint64_t startxref_ = 0;
  bool xref_stream_ = false;
};

// Runs `body`, turning QPDF / standard exceptions into a pdf.* error with `code`.
template <typename F>
auto guard_qpdf(const std::string& code, const std::string& what, F&& body) -> decltype(body());

}  // namespace gmseal::pdf

#include "pdf/document_inl.h"
