#include "signing/document_previews.h"

#include "crypto/random.h"
#include "ofd/render_svg.h"
#include "pdf/document.h"
#include "pdf/placement.h"

namespace gmseal::signing {

namespace {

constexpr double kMmPerPoint = 25.4 / 72.0;

Status read_pdf(ByteView bytes, PreviewDocument& doc) {
  GMSEAL_ASSIGN_OR_RETURN(pdf::Document pdf, pdf::Document::open_memory(bytes, "the document"));
  return pdf::guard_qpdf("pdf.open_failed", "reading the pages", [&]() -> Status {
    for (QPDFObjectHandle page : pdf.pages()) {
      const pdf::PageGeometry g = pdf.geometry(page);
      doc.pages.push_back(
          {pdf::displayed_width(g) * kMmPerPoint, pdf::displayed_height(g) * kMmPerPoint});
    }
    return {};
  });
}

Status read_ofd(ByteView bytes, std::size_t budget, PreviewDocument& doc) {
  ofd::PackageLimits limits;
  limits.max_total_size = budget;  // what does not fit the budget is not inflated at all
  GMSEAL_ASSIGN_OR_RETURN(ofd::Package package, ofd::Package::open(bytes, limits));
  GMSEAL_ASSIGN_OR_RETURN(ofd::DocumentInfo info, ofd::read_document(package));
  for (const ofd::Page& page : info.pages) {
    const ofd::Box box = ofd::page_box(package, info, page);
    doc.pages.push_back({box.w, box.h});
  }
  doc.bytes = package.archive().size();
  for (const ofd::PackageEntry& e : package.entries()) doc.bytes += e.data.size();
  doc.package = std::make_shared<const ofd::Package>(std::move(package));
  doc.info = std::make_shared<const ofd::DocumentInfo>(std::move(info));
  return {};
}

}  // namespace

std::string document_kind_of(ByteView document) {
  if (document.size() >= 5 && std::string(document.begin(), document.begin() + 5) == "%PDF-") {
    return "pdf";
  }
  if (document.size() >= 4 && document[0] == 'P' && document[1] == 'K') return "ofd";
  return "";
}

Result<std::shared_ptr<const PreviewDocument>> DocumentPreviews::add(const std::string& owner,
                                                                     ByteView document) {
  auto doc = std::make_shared<PreviewDocument>();
  doc->owner = owner;
  doc->kind = document_kind_of(document);
  // Read outside the lock: parsing a large document must not hold up other owners' pages.
  if (doc->kind == "pdf") {
    GMSEAL_RETURN_IF_ERROR(read_pdf(document, *doc));
    doc->bytes = 64 * (doc->pages.size() + 1);  // the page sizes only
  } else if (doc->kind == "ofd") {
    if (auto read = read_ofd(document, limits_.budget_bytes, *doc); !read.ok()) {
      if (read.error().code != "ofd.package.too_large") return read.error();
      return make_error("request.too_large",
                        "the OFD inflates to more than the " +
                            std::to_string(limits_.budget_bytes) + " bytes kept for previews",
                        "document");
    }
  } else {
    return make_error("signing.document.unknown_format",
                      "the document is neither a PDF (%PDF-) nor an OFD (ZIP)", "document");
  }
  if (doc->bytes > limits_.budget_bytes) {
    return make_error("request.too_large",
                      "the document needs more than the " + std::to_string(limits_.budget_bytes) +
                          " bytes kept for previews",
                      "document");
  }
  doc->id = hex_encode(crypto::random_bytes(16));
  const auto now = clock_();
  doc->added = now;
  std::lock_guard<std::mutex> lock(mutex_);
  drop_expired(now);
  // Oldest first: this owner's beyond the count, then anyone's beyond the byte budget.
  const auto oldest = [this](const std::string* of) {
    auto pick = documents_.end();
    for (auto it = documents_.begin(); it != documents_.end(); ++it) {
      if (of != nullptr && it->second->owner != *of) continue;
      if (pick == documents_.end() || it->second->added < pick->second->added) pick = it;
    }
    return pick;
  };
  std::size_t mine = 0;
  for (const auto& [id, d] : documents_) mine += d->owner == owner ? 1 : 0;
  for (; mine >= limits_.per_owner && mine > 0; --mine) erase(oldest(&owner));
  while (!documents_.empty() && bytes_ + doc->bytes > limits_.budget_bytes) {
    erase(oldest(nullptr));
  }
  bytes_ += doc->bytes;
  documents_.emplace(doc->id, doc);
  return std::shared_ptr<const PreviewDocument>(doc);
}

Result<std::string> DocumentPreviews::page_svg(const std::string& id, const std::string& owner,
                                               int page) {
  std::shared_ptr<const PreviewDocument> doc;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    drop_expired(clock_());
    auto it = documents_.find(id);
    if (it != documents_.end() && it->second->owner == owner) doc = it->second;
  }
  if (!doc) {
    return make_error("signing.document.not_found",
                      "no document " + id + " (unknown, expired, or uploaded by someone else)",
                      "id");
  }
  if (page < 1 || static_cast<std::size_t>(page) > doc->pages.size()) {
    return make_error("signing.document.no_page",
                      "the document has " + std::to_string(doc->pages.size()) + " pages, not " +
                          std::to_string(page),
                      "page");
  }
  if (!doc->package) {
    return make_error("signing.document.no_svg",
                      "PDF pages are drawn by the browser (pdf.js); only OFD pages are SVG here",
                      "id");
  }
  // The package is immutable and shared: drawing needs no lock.
  return ofd::render_page_svg(*doc->package, *doc->info, static_cast<std::size_t>(page - 1));
}

std::size_t DocumentPreviews::size() {
  std::lock_guard<std::mutex> lock(mutex_);
  drop_expired(clock_());
  return documents_.size();
}

void DocumentPreviews::drop_expired(std::chrono::steady_clock::time_point now) {
  for (auto it = documents_.begin(); it != documents_.end();) {
    auto next = std::next(it);
    if (now - it->second->added >= limits_.lifetime) erase(it);
    it = next;
  }
}

void DocumentPreviews::erase(
    std::map<std::string, std::shared_ptr<const PreviewDocument>>::iterator it) {
  if (it == documents_.end()) return;
  bytes_ -= it->second->bytes;
  documents_.erase(it);
}

}  // namespace gmseal::signing
