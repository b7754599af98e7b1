#include "raw_update.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "pdf/document.h"

namespace gmseal::pdf::testing {

std::string stream_body(const std::string& dict_entries, const std::string& data) {
  return "<<" + dict_entries + " /Length " + std::to_string(data.size()) + ">>\nstream\n" + data +
         "\nendstream";
}

PdfFacts pdf_facts(const Bytes& pdf) {
  auto doc = Document::open_memory(pdf, "test PDF");
  if (!doc.ok()) throw std::runtime_error(doc.error().to_string());
  PdfFacts facts;
  QPDFObjectHandle trailer = doc->qpdf().getTrailer();
  facts.size = static_cast<int>(trailer.getKey("/Size").getIntValue());
  facts.root = trailer.getKey("/Root").unparse();
  if (trailer.getKey("/Info").isIndirect()) facts.info = trailer.getKey("/Info").unparse();
  facts.startxref = doc->startxref();
  for (QPDFObjectHandle page : doc->pages()) facts.pages.push_back(page.getObjectID());
  return facts;
}

std::string object_text(const Bytes& pdf, int number) {
  auto doc = Document::open_memory(pdf, "test PDF");
  if (!doc.ok()) throw std::runtime_error(doc.error().to_string());
  QPDFObjectHandle o = doc->qpdf().getObject(number, 0);
  return o.isStream() ? o.getDict().unparseResolved() : o.unparseResolved();
}

int page_ref(const Bytes& pdf, int page, const std::vector<std::string>& path) {
  auto doc = Document::open_memory(pdf, "test PDF");
  if (!doc.ok()) throw std::runtime_error(doc.error().to_string());
  QPDFObjectHandle o = doc->pages().at(static_cast<std::size_t>(page - 1));
  for (const std::string& key : path) o = o.getKey(key);
  return o.getObjectID();
}

Bytes append_update(const Bytes& pdf, const RawUpdate& update) {
  const PdfFacts facts = pdf_facts(pdf);
  std::string out = to_string(pdf);
  if (out.empty() || out.back() != '\n') out += '\n';
  struct Entry {
    char type;             // 'n', 'f' or 'c' (compressed)
    std::uint64_t offset;  // 'c': the object stream's number
    int generation;        // 'c': the slot in the object stream
  };
  std::map<int, Entry> entries;
  if (update.list_every_object) {
    auto doc = Document::open_memory(pdf, "test PDF");
    if (!doc.ok()) throw std::runtime_error(doc.error().to_string());
    for (const auto& [og, entry] : doc->qpdf().getXRefTable()) {
      if (entry.getType() != 1) continue;
      entries[og.getObj()] = {'n', static_cast<std::uint64_t>(entry.getOffset()), og.getGen()};
    }
  }
  int size = facts.size;
  for (const RawObject& o : update.objects) {
    entries[o.number] = {'n', out.size(), o.generation};
    out += std::to_string(o.number) + " " + std::to_string(o.generation) + " obj\n" + o.body +
           "\nendobj\n";
    size = std::max(size, o.number + 1);
  }
  for (int n : update.freed) entries[n] = {'f', 0, 1};
  std::string trailer = "/Root " + (update.root.empty() ? facts.root : update.root);
  const std::string info = update.info.empty() ? facts.info : update.info;
  if (!info.empty()) trailer += " /Info " + info;
  if (update.prev == PrevKind::kLast) trailer += " /Prev " + std::to_string(facts.startxref);
  if (update.prev == PrevKind::kGiven) trailer += " /Prev " + std::to_string(update.prev_offset);
  const std::uint64_t xref_at = out.size();
  if (update.xref == XrefKind::kTable || update.xref == XrefKind::kNone) {
    if (update.xref == XrefKind::kTable) {
      out += "xref\n";
      for (const auto& [n, e] : entries) {
        char line[40];
        std::snprintf(line, sizeof line, "%d 1\n%010llu %05d %c\r\n", n,
                      static_cast<unsigned long long>(e.offset), e.generation, e.type);
        out += line;
      }
    }
    out += "trailer\n<</Size " + std::to_string(size) + " " + trailer + ">>\nstartxref\n" +
           std::to_string(xref_at) + "\n%%EOF\n";
    return to_bytes(out);
  }
  // An uncompressed xref stream, /W [1 4 2], one /Index run per object.
  for (const RawUpdate::Compressed& c : update.compressed) {
    entries[c.number] = {'c', static_cast<std::uint64_t>(c.stream), c.index};
    size = std::max(size, std::max(c.number, c.stream) + 1);
  }
  const int self = size;
  entries[self] = {'n', xref_at, 0};
  std::string data, index;
  for (const auto& [n, e] : entries) {
    index += std::to_string(n) + " 1 ";
    data += static_cast<char>(e.type == 'n' ? 1 : e.type == 'c' ? 2 : 0);
    for (int shift = 24; shift >= 0; shift -= 8) {
      data += static_cast<char>((e.offset >> shift) & 0xff);
    }
    data += static_cast<char>((e.generation >> 8) & 0xff);
    data += static_cast<char>(e.generation & 0xff);
  }
  out += std::to_string(self) + " 0 obj\n" +
         stream_body("/Type /XRef /Size " + std::to_string(self + 1) + " /W [1 4 2] /Index [" +
                         index + "] " + trailer,
                     data) +
         "\nendobj\nstartxref\n" + std::to_string(xref_at) + "\n%%EOF\n";
  return to_bytes(out);
}

}  // namespace gmseal::pdf::testing
