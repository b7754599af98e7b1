// POST /api/v1/verify (no authentication; at most SigningConfig::verify_per_minute requests per
// client address and minute, then 429 with Retry-After): a PDF or OFD as the body (or JSON
// {"document":"<base64>"}) -> the verdict JSON `gmseal verify --json` prints, with each seal's
// online status from the platform (--platform) among the checks. With ?preview=1 an OFD is kept
// for 10 minutes and the verdict carries "preview": {"id","kind","pages","expiresIn"}, whose
// pages anyone holding the id may fetch as SVG (document_routes.cc): the public verify page
// shows the signed pages without a login. ?preview=1 also gives each seal's picture (PNG, JPEG,
// GIF or BMP) as "seal.picture.dataUri", for the page to show beside the signature's checks.
#include <map>
#include <mutex>

#include "ofd/package.h"
#include "ofd/verify_document.h"
#include "pdf/verify.h"
#include "service/http/api_error.h"
#include "signing/api/routes.h"
#include "signing/signing_service.h"
#include "util/media_type.h"

namespace gmseal::signing::api {

namespace {

// A fixed one-minute window per client address.
class RateLimiter {
 public:
  explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}
  // Seconds until the caller may try again; 0 = allowed now.
  int admit(const std::string& source) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    if (windows_.size() > 10000) windows_.clear();  // bounded memory under address churn
    Window& w = windows_[source];
    if (now - w.start >= std::chrono::minutes(1)) w = Window{now, 0};
    if (w.count >= per_minute_) {
      return static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(
                                  w.start + std::chrono::minutes(1) - now)
                                  .count()) +
             1;
    }
    ++w.count;
    return 0;
  }

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    int count = 0;
  };
  int per_minute_;
  std::mutex mutex_;
  std::map<std::string, Window> windows_;
};

// Each signature's seal picture as a data: URI in the verdict's "seal.picture.dataUri", for a
// page that shows the seal beside its checks. `seals[i]` is the i-th signature's seal, if any.
void add_picture_uris(nlohmann::json& verdict, const std::vector<const ses::Seal*>& seals) {
  if (!verdict.contains("signatures") || !verdict.at("signatures").is_array()) return;
  nlohmann::json& signatures = verdict.at("signatures");
  for (std::size_t i = 0; i < signatures.size() && i < seals.size(); ++i) {
    if (seals[i] == nullptr) continue;
    nlohmann::json& entry = signatures[i];
    if (!entry.contains("seal") || !entry.at("seal").is_object() ||
        !entry.at("seal").contains("picture")) {
      continue;
    }
    const std::string uri = image_data_uri(seals[i]->info().picture.data);
    if (!uri.empty()) entry["seal"]["picture"]["dataUri"] = uri;
  }
}

Result<nlohmann::json> verdict(SigningService& s, ByteView document, bool pictures) {
  ses::SealStatusCheck status_check;
  if (s.platform_status().configured()) {
    status_check = [&s](const ses::Seal& seal, Time at) {
      return s.platform_status().judge(seal, at);
    };
  }
  const std::string kind = document_kind_of(document);
  std::vector<const ses::Seal*> seals;
  if (kind == "pdf") {
    pdf::PdfVerifyOptions options;
    options.status_check = status_check;
    GMSEAL_ASSIGN_OR_RETURN(const pdf::PdfVerifyReport report, pdf::verify_pdf(document, options));
    nlohmann::json out = nlohmann::json::parse(pdf::report_to_json(report));
    for (const pdf::SignatureReport& r : report.signatures)
      seals.push_back(r.ses_signature ? &r.ses_signature->seal() : nullptr);
    if (pictures) add_picture_uris(out, seals);
    return out;
  }
  if (kind == "ofd") {
    GMSEAL_ASSIGN_OR_RETURN(const ofd::Package package, ofd::Package::open(document));
    ofd::DocumentVerifyOptions options;
    options.status_check = status_check;
    GMSEAL_ASSIGN_OR_RETURN(const ofd::DocumentVerdict v, ofd::verify_document(package, options));
    nlohmann::json out = ofd::document_verdict_json(v);
    for (const ofd::SignatureVerdict& sv : v.signatures)
      seals.push_back(sv.ses_signature ? &sv.ses_signature->seal() : nullptr);
    if (pictures) add_picture_uris(out, seals);
    return out;
  }
  return make_error("signing.document.unknown_format",
                    "the document is neither a PDF (%PDF-) nor an OFD (ZIP)", "document");
}

}  // namespace

void add_verify_routes(service::ApiServer& api, SigningService& s) {
  auto limiter = std::make_shared<RateLimiter>(s.config().verify_per_minute);
  api.post_public("/api/v1/verify", [&s, limiter](const httplib::Request& req,
                                                  httplib::Response& res) {
    if (const int wait = limiter->admit(req.remote_addr); wait > 0) {
      res.set_header("Retry-After", std::to_string(wait));
      return send_error(
          res, make_error("rate_limited", "too many verifications from this address; retry in " +
                                              std::to_string(wait) + " s"));
    }
    if (req.body.size() > s.config().max_body_bytes) {
      return send_error(res, make_error("request.too_large",
                                        "the body is larger than a document may be", "document"));
    }
    auto document = document_body(req);
    if (!document.ok()) return send_error(res, document.error());
    const bool preview = req.get_param_value("preview") == "1";
    auto v = verdict(s, *document, preview);
    if (!v.ok()) return send_error(res, v.error());
    if (preview && document_kind_of(*document) == "ofd") {
      // No preview (too large to keep) is no reason to withhold the verdict.
      if (auto kept = s.public_previews().add("", *document); kept.ok()) {
        (*v)["preview"] = preview_json(**kept, s.config().public_preview_lifetime);
      }
    }
    service::send_json(res, *v);
  });
}

}  // namespace gmseal::signing::api
