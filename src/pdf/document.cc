#include "pdf/document.h"

#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

#include <cmath>
#include <fstream>
#include <string_view>

namespace gmseal::pdf {

namespace {

// The number after the last "startxref" in the file's tail.
Result<std::uint64_t> find_startxref(ByteView tail) {
  const std::string_view text(reinterpret_cast<const char*>(tail.data()), tail.size());
  const auto at = text.rfind("startxref");
  if (at == std::string_view::npos) {
    return make_error("pdf.no_startxref", "no startxref keyword in the last 1024 bytes");
  }
  std::size_t p = at + 9;
  while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
  std::uint64_t value = 0;
  bool digits = false;
  while (p < text.size() && std::isdigit(static_cast<unsigned char>(text[p]))) {
    value = value * 10 + static_cast<std::uint64_t>(text[p++] - '0');
    digits = true;
  }
  if (!digits) return make_error("pdf.no_startxref", "startxref is not followed by an offset");
  return value;
}

}  // namespace

Status Document::finish_open(ByteView tail, ByteView at_startxref) {
  GMSEAL_ASSIGN_OR_RETURN(startxref_, find_startxref(tail));
  std::string_view head(reinterpret_cast<const char*>(at_startxref.data()), at_startxref.size());
  xref_stream_ = head.substr(0, 4) != "xref";
  return guard_qpdf("pdf.open_failed", "reading the PDF", [&]() -> Status {
    if (qpdf_->isEncrypted()) {
      return make_error("pdf.encrypted", "encrypted PDFs cannot be sealed or verified by gmseal");
    }
    qpdf_->getRoot();
    (void)qpdf_->getAllPages();
    for (const QPDFExc& w : qpdf_->getWarnings()) {
      warnings_.push_back(w.what());
      repaired_ = true;  // any warning while reading the structure means QPDF repaired something
    }
    return {};
  });
}

Result<Document> Document::open(const std::filesystem::path& path) {
  Document doc;
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return make_error("pdf.open_failed", "cannot open " + path.string());
  doc.file_size_ = static_cast<std::uint64_t>(in.tellg());
  const std::uint64_t tail_size = std::min<std::uint64_t>(doc.file_size_, 1024);
  Bytes tail(tail_size);
  in.seekg(static_cast<std::streamoff>(doc.file_size_ - tail_size));
  in.read(reinterpret_cast<char*>(tail.data()), static_cast<std::streamsize>(tail_size));
  doc.qpdf_ = std::make_unique<QPDF>();
  doc.qpdf_->setSuppressWarnings(true);
  auto opened =
      guard_qpdf("pdf.open_failed", path.string() + " is not a readable PDF", [&]() -> Status {
        doc.qpdf_->processFile(path.string().c_str());
        return {};
      });
  if (!opened.ok()) return opened.error();
  auto startxref = find_startxref(tail);
  Bytes at(16, ' ');
  if (startxref.ok() && *startxref < doc.file_size_) {
    in.clear();
    in.seekg(static_cast<std::streamoff>(*startxref));
    in.read(reinterpret_cast<char*>(at.data()), static_cast<std::streamsize>(at.size()));
  }
  GMSEAL_RETURN_IF_ERROR(doc.finish_open(tail, at));
  return doc;
}

Result<Document> Document::open_memory(ByteView bytes, const std::string& description) {
  Document doc;
  doc.memory_.assign(bytes.begin(), bytes.end());
  doc.file_size_ = bytes.size();
  doc.qpdf_ = std::make_unique<QPDF>();
  doc.qpdf_->setSuppressWarnings(true);
  auto opened =
      guard_qpdf("pdf.open_failed", description + " is not a readable PDF", [&]() -> Status {
        doc.qpdf_->processMemoryFile(description.c_str(),
                                     reinterpret_cast<const char*>(doc.memory_.data()),
                                     doc.memory_.size());
        return {};
      });
  if (!opened.ok()) return opened.error();
  const ByteView all(doc.memory_);
  const ByteView tail = all.subspan(all.size() - std::min<std::size_t>(all.size(), 1024));
  auto startxref = find_startxref(tail);
  ByteView at;
  if (startxref.ok() && *startxref < all.size()) {
    at = all.subspan(*startxref, std::min<std::size_t>(16, all.size() - *startxref));
  }
  GMSEAL_RETURN_IF_ERROR(doc.finish_open(tail, at));
  return doc;
}

std::vector<QPDFObjectHandle> Document::pages() { return qpdf_->getAllPages(); }

PageGeometry Document::geometry(QPDFObjectHandle page) {
  PageGeometry g;
  QPDFPageObjectHelper helper(page);
  QPDFObjectHandle box = helper.getCropBox();
  if (!box.isRectangle()) box = helper.getMediaBox();
  if (box.isRectangle()) {
    const QPDFObjectHandle::Rectangle r = box.getArrayAsRectangle();
    g.llx = std::min(r.llx, r.urx);
    g.urx = std::max(r.llx, r.urx);
    g.lly = std::min(r.lly, r.ury);
    g.ury = std::max(r.lly, r.ury);
  }
  QPDFObjectHandle rotate = helper.getAttribute("/Rotate", false);
  if (rotate.isInteger()) {
    long long r = rotate.getIntValue() % 360;
    if (r < 0) r += 360;
    g.rotate = static_cast<int>(r / 90 * 90);
  }
  return g;
}

}  // namespace gmseal::pdf
