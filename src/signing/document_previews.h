// Documents uploaded for a page preview (POST /api/v1/documents, and the OFD of a public
// verification): their pages' sizes, and for an OFD the parsed package, so that its pages can be
// drawn as SVG (ofd/render_svg.h) while someone places a seal or reads a verdict. A PDF keeps
// only its page sizes: the browser draws PDF pages itself (pdf.js).
//
// Kept in memory, not in the data folder: a preview is worth no more than the upload it saves
// (a restart costs a re-upload), and copies of a unit's contracts are not left on disk to be
// cleaned up after a crash. Memory is bounded three ways: a lifetime (then the document is
// gone), a count per owner (an owner's oldest goes first) and a byte budget over all owners (the
// oldest anywhere goes first).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ofd/document.h"
#include "ofd/package.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::signing {

struct PreviewLimits {
  std::chrono::seconds lifetime{3600};
  std::size_t per_owner = 4;
  std::size_t budget_bytes = 256u << 20;  // archive plus inflated files, over all owners
};

struct PreviewPage {
  double width_mm = 0;  // as displayed (PDF: after /Rotate, CropBox else MediaBox)
  double height_mm = 0;
};

struct PreviewDocument {
  std::string id;     // 128 random bits, hex
  std::string owner;  // the uploader's user name; "" for public verification previews
  std::string kind;   // "pdf" | "ofd"
  std::vector<PreviewPage> pages;
  std::shared_ptr<const ofd::Package> package;  // OFD only
  std::shared_ptr<const ofd::DocumentInfo> info;
  std::size_t bytes = 0;  // what it costs in memory
  std::chrono::steady_clock::time_point added;
};

class DocumentPreviews {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  explicit DocumentPreviews(PreviewLimits limits, Clock clock = std::chrono::steady_clock::now)
      : limits_(limits), clock_(std::move(clock)) {}

  // Reads `document` (a PDF: %PDF-; an OFD: a ZIP) and keeps it for `owner`. Errors:
  // signing.document.unknown_format, the core's pdf.* / ofd.* for a document that does not
  // read, request.too_large when it alone is larger than the budget.
  Result<std::shared_ptr<const PreviewDocument>> add(const std::string& owner, ByteView document);

  // Page `page` (1-based) of document `id` of `owner` as SVG text. Errors:
  // signing.document.not_found (unknown, expired, or another owner's: the same answer, so ids
  // cannot be probed), signing.document.no_page, signing.document.no_svg (a PDF).
  Result<std::string> page_svg(const std::string& id, const std::string& owner, int page);

  // Documents held now (expired ones are dropped first).
  std::size_t size();

 private:
  void drop_expired(std::chrono::steady_clock::time_point now);  // with mutex_ held
  void erase(std::map<std::string, std::shared_ptr<const PreviewDocument>>::iterator it);

  const PreviewLimits limits_;
  const Clock clock_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const PreviewDocument>> documents_;
  std::size_t bytes_ = 0;
};

// What `document` is by its first bytes: "pdf" (%PDF-), "ofd" (a ZIP: PK) or "".
std::string document_kind_of(ByteView document);

}  // namespace gmseal::signing
