#include "pdf/revision_history.h"

#include <set>
#include <string_view>

namespace gmseal::pdf {

namespace {

bool is_pdf_space(std::uint8_t c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

std::string og_text(QPDFObjGen og) {
  return std::to_string(og.getObj()) + " " + std::to_string(og.getGen());
}

bool same_signature(const SignatureField& a, const SignatureField& b) {
  return a.value == b.value && a.byte_range == b.byte_range && a.contents == b.contents;
}

std::optional<std::uint64_t> dict_offset_of(Document& doc, QPDFObjGen og) {
  const auto xref = doc.qpdf().getXRefTable();
  if (auto it = xref.find(og); it != xref.end() && it->second.getType() == 1) {
    return static_cast<std::uint64_t>(it->second.getOffset());
  }
  return std::nullopt;
}

RevisionChange structural_change(std::string what) {
  RevisionChange c;
  c.object = "trailer";
  c.key = "startxref";
  c.what = std::move(what);
  return c;
}

}  // namespace

bool RevisionInfo::allowed() const {
  for (const RevisionChange& c : changes) {
    if (!c.allowed) return false;
  }
  return true;
}

std::vector<std::uint64_t> revision_ends(ByteView file, std::size_t limit) {
  const std::string_view text(reinterpret_cast<const char*>(file.data()), file.size());
  std::vector<std::uint64_t> ends;
  for (std::size_t at = text.find("%%EOF"); at != std::string_view::npos;
       at = text.find("%%EOF", at + 5)) {
    // Only a marker that closes a trailer: "startxref <offset>" shortly before it.
    const std::size_t window = at < 64 ? at : 64;
    if (text.substr(at - window, window).find("startxref") == std::string_view::npos) continue;
    std::size_t end = at + 5;
    while (end < text.size() && is_pdf_space(file[end])) ++end;
    if (ends.empty() || ends.back() < end) ends.push_back(end);
  }
  if (ends.empty() || ends.back() < file.size()) ends.push_back(file.size());
  if (ends.size() > limit)
    ends.erase(ends.begin(), ends.end() - static_cast<std::ptrdiff_t>(limit));
  return ends;
}

Result<History> read_history(ByteView file, Document* whole) {
  History history;
  const std::vector<std::uint64_t> ends = revision_ends(file);
  std::optional<Document> prev_holder;
  Document* prev = nullptr;
  bool signed_before = false;  // some earlier revision holds a signature
  std::vector<SignatureField> prev_fields;
  std::uint64_t start = 0;
  for (std::size_t i = 0; i < ends.size(); ++i) {
    RevisionInfo info;
    info.number = static_cast<int>(i) + 1;
    info.start = start;
    info.end = ends[i];
    start = ends[i];
    const bool last = i + 1 == ends.size() && whole != nullptr;
    std::optional<Document> holder;
    Document* cur = whole;
    if (!last) {
      auto opened = Document::open_memory(file.first(static_cast<std::size_t>(ends[i])),
                                          "revision " + std::to_string(info.number));
      if (!opened.ok()) {
        if (signed_before) {
          info.compared = true;
          info.changes.push_back(
              structural_change("the revision cannot be read: " + opened.error().message));
        }
        history.revisions.push_back(std::move(info));
        continue;
      }
      holder.emplace(std::move(*opened));
      cur = &*holder;
    }
    std::vector<SignatureField> fields;
    if (last) {
      GMSEAL_ASSIGN_OR_RETURN(fields, find_signature_fields(*cur));
    } else if (auto found = find_signature_fields(*cur); found.ok()) {
      fields = std::move(*found);
    }
    // The signatures this revision adds, and those of them whose /ByteRange covers exactly this
    // revision (up to the whitespace after its %%EOF): only those may fill a signature field
    // that was unsigned before.
    std::vector<bool> known(fields.size(), false);
    std::set<QPDFObjGen> covering;
    for (std::size_t k = 0; k < fields.size(); ++k) {
      for (const SignatureField& p : prev_fields)
        known[k] = known[k] || same_signature(p, fields[k]);
      if (known[k]) continue;
      const ByteRangeFacts facts =
          check_byte_range(file, fields[k], dict_offset_of(*cur, fields[k].value));
      std::uint64_t end = facts.end;
      while (end < info.end && is_pdf_space(file[static_cast<std::size_t>(end)])) ++end;
      if (facts.ok && facts.end > info.start && end == info.end) covering.insert(fields[k].value);
    }
    if (prev != nullptr && signed_before) {
      info.compared = true;
      if (cur->repaired() && !prev->repaired()) {
        info.changes.push_back(structural_change(
            "the revision's cross-reference data is missing or damaged and had to be "
            "reconstructed (" +
            (cur->warnings().empty() ? std::string("no detail") : cur->warnings().front()) +
            "): readers may show different documents"));
      }
      auto diff = guard_qpdf("pdf.verify.failed", "comparing revisions",
                             [&]() -> Result<std::vector<RevisionChange>> {
                               return diff_revisions(*prev, *cur, covering);
                             });
      if (diff.ok()) {
        info.changes.insert(info.changes.end(), diff->begin(), diff->end());
      } else {
        info.changes.push_back(structural_change(diff.error().message));
      }
    }
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const SignatureField& f = fields[k];
      if (!known[k]) info.new_signatures.push_back(f.name.empty() ? og_text(f.value) : f.name);
      SignatureSighting* seen = nullptr;
      for (SignatureSighting& s : history.signatures) {
        if (same_signature(s.field, f)) seen = &s;
      }
      if (seen == nullptr) {
        history.signatures.push_back({f, std::nullopt, 0});
        seen = &history.signatures.back();
      }
      seen->field = f;
      seen->dict_offset = dict_offset_of(*cur, f.value);
      seen->revision = info.number;
    }
    signed_before = signed_before || !fields.empty();
    prev_fields = std::move(fields);
    history.revisions.push_back(std::move(info));
    if (holder) {
      prev_holder = std::move(holder);
      prev = &*prev_holder;
    } else {
      prev = cur;
    }
  }
  return history;
}

}  // namespace gmseal::pdf
