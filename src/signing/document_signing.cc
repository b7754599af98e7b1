#include "signing/document_signing.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "ofd/package.h"
#include "ofd/seal_document.h"
#include "ofd/stamp_placement.h"
#include "pdf/seal_document.h"
#include "ses/sign.h"
#include "util/file_io.h"

namespace gmseal::signing {

namespace fs = std::filesystem;

namespace {

Error bad(const std::string& field, const std::string& message) {
  return make_error("invalid_field", message, field);
}

Result<double> number(const nlohmann::json& fields, const char* key) {
  const nlohmann::json& v = fields.at(key);
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    try {
      std::size_t used = 0;
      const double d = std::stod(v.get<std::string>(), &used);
      if (used == v.get<std::string>().size()) return d;
    } catch (...) {
    }
  }
  return bad(key, std::string(key) + " must be a number (mm or a page number)");
}

// A temporary folder for the PDF writer, which works on files; removed with the object.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "gmseal-sign-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

nlohmann::json Position::to_json() const {
  switch (kind) {
    case Kind::kPage:
      return {{"page", page}, {"x", x}, {"y", y}};
    case Kind::kKeyword:
      return {{"keyword", keyword}, {"occurrence", occurrence}};
    case Kind::kRiding:
      return {{"riding", true}, {"side", left ? "left" : "right"}};
  }
  return nlohmann::json::object();
}

Result<Position> parse_position(const nlohmann::json& f) {
  const bool page = f.contains("page"), keyword = f.contains("keyword"),
             riding = f.contains("riding") && f.at("riding") != false &&
                      f.at("riding") != "false" && f.at("riding") != "0";
  if ((page ? 1 : 0) + (keyword ? 1 : 0) + (riding ? 1 : 0) != 1) {
    return bad("position",
               "give exactly one position: page + x + y (mm), keyword [+ occurrence], or riding");
  }
  Position p;
  if (page) {
    if (!f.contains("x") || !f.contains("y")) return bad("x", "page needs x and y (mm)");
    GMSEAL_ASSIGN_OR_RETURN(const double n, number(f, "page"));
    if (n < 1 || n != static_cast<int>(n)) return bad("page", "page counts from 1");
    p.page = static_cast<int>(n);
    GMSEAL_ASSIGN_OR_RETURN(p.x, number(f, "x"));
    GMSEAL_ASSIGN_OR_RETURN(p.y, number(f, "y"));
    return p;
  }
  if (keyword) {
    p.kind = Position::Kind::kKeyword;
    if (!f.at("keyword").is_string() || f.at("keyword").get<std::string>().empty()) {
      return bad("keyword", "keyword must be a non-empty string");
    }
    p.keyword = f.at("keyword").get<std::string>();
    if (f.contains("occurrence")) {
      if (f.at("occurrence") == "all") {
        p.occurrence = 0;
      } else {
        GMSEAL_ASSIGN_OR_RETURN(const double n, number(f, "occurrence"));
        if (n < 1 || n != static_cast<int>(n)) {
          return bad("occurrence", "occurrence counts from 1, or is \"all\"");
        }
        p.occurrence = static_cast<int>(n);
      }
    }
    return p;
  }
  p.kind = Position::Kind::kRiding;
  if (f.contains("side")) {
    if (f.at("side") != "left" && f.at("side") != "right") {
      return bad("side", "side is left or right");
    }
    p.left = f.at("side") == "left";
  }
  return p;
}

Result<Bytes> seal_pdf_bytes(const UsableSeal& seal, crypto::Signer& signer, ByteView pdf,
                             const Position& position, const ses::TimestampFn& timestamper) {
  if (pdf.size() < 5 || std::string(pdf.begin(), pdf.begin() + 5) != "%PDF-") {
    return make_error("signing.document.not_pdf", "the document is not a PDF (no %PDF- header)",
                      "document");
  }
  pdf::SignOptions options;
  options.signer_name = seal.certificate.subject().get(crypto::kOidCommonName);
  pdf::Placement& p = options.placement;
  switch (position.kind) {
    case Position::Kind::kPage:
      p.page = position.page;
      p.x_mm = position.x;
      p.y_mm = position.y;
      break;
    case Position::Kind::kKeyword:
      p.kind = pdf::PlacementKind::kKeyword;
      p.keyword = position.keyword;
      p.occurrence = position.occurrence;
      break;
    case Position::Kind::kRiding:
      p.kind = pdf::PlacementKind::kRiding;
      p.side = position.left ? pdf::RidingSide::kLeft : pdf::RidingSide::kRight;
      break;
  }
  pdf::SealChoices choices;
  choices.timestamper = timestamper;
  ScratchDir scratch;
  if (scratch.path().empty()) return make_error("io.write_failed", "no temporary folder");
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(scratch.path() / "in.pdf", pdf, 0600));
  // The signer is borrowed for this call only; the container builder keeps a non-owning handle.
  std::shared_ptr<crypto::Signer> borrowed(&signer, [](crypto::Signer*) {});
  auto sealed = pdf::seal_pdf(scratch.path() / "in.pdf", scratch.path() / "out.pdf", seal.seal,
                              seal.certificate, borrowed, options, choices);
  if (!sealed.ok()) return sealed.error();
  return read_file(scratch.path() / "out.pdf");
}

Result<Bytes> seal_ofd_bytes(const UsableSeal& seal, crypto::Signer& signer, ByteView ofd,
                             const Position& position, const ses::TimestampFn& timestamper) {
  if (ofd.size() < 4 || ofd[0] != 'P' || ofd[1] != 'K') {
    return make_error("signing.document.not_ofd", "the document is not an OFD (not a ZIP)",
                      "document");
  }
  GMSEAL_ASSIGN_OR_RETURN(const ofd::Package package, ofd::Package::open(ofd));
  GMSEAL_ASSIGN_OR_RETURN(const ofd::DocumentInfo document, ofd::read_document(package));
  const ofd::SealSize size = ofd::seal_size(seal.seal);
  ofd::NewSignature spec;
  spec.signing_time = now();
  switch (position.kind) {
    case Position::Kind::kPage: {
      GMSEAL_ASSIGN_OR_RETURN(
          spec.stamps, ofd::place_at(document, static_cast<std::size_t>(position.page), position.x,
                                     position.y, size));
      break;
    }
    case Position::Kind::kKeyword: {
      GMSEAL_ASSIGN_OR_RETURN(
          spec.stamps, ofd::place_at_keyword(package, document, position.keyword,
                                             static_cast<std::size_t>(position.occurrence), size));
      break;
    }
    case Position::Kind::kRiding: {
      GMSEAL_ASSIGN_OR_RETURN(
          spec.stamps,
          ofd::place_riding(package, document,
                            position.left ? ofd::RidingSide::kLeft : ofd::RidingSide::kRight,
                            std::nullopt, size));
      break;
    }
  }
  GMSEAL_ASSIGN_OR_RETURN(const ofd::SignedPackage signed_package,
                          ofd::seal_document(package, seal.seal, seal.certificate, signer, spec,
                                             std::nullopt, timestamper));
  return signed_package.archive;
}

Result<std::vector<Bytes>> seal_digests(const UsableSeal& seal, crypto::Signer& signer,
                                        std::span<const Bytes> digests,
                                        std::span<const std::string> property_infos,
                                        const ses::TimestampFn& timestamper) {
  std::vector<ses::OriginalHash> originals;
  originals.reserve(digests.size());
  for (std::size_t i = 0; i < digests.size(); ++i) {
    if (digests[i].size() != 32) {
      return make_error("invalid_field", "digest must be 32 bytes (SM3), hex or base64",
                        digests.size() == 1 ? "digest" : "digests[" + std::to_string(i) + "]");
    }
    const std::string info = i < property_infos.size() ? property_infos[i] : "";
    originals.push_back({digests[i], info.empty() ? "digest" : info});
  }
  ses::SignRequest common;
  common.timestamper = timestamper;
  GMSEAL_ASSIGN_OR_RETURN(const std::vector<ses::Signature> signatures,
                          ses::sign_many(seal.seal, seal.certificate, signer, common, originals));
  std::vector<Bytes> out;
  out.reserve(signatures.size());
  for (const ses::Signature& signature : signatures) out.push_back(signature.der());
  return out;
}

Result<Bytes> seal_digest(const UsableSeal& seal, crypto::Signer& signer, ByteView digest,
                          const std::string& property_info, const ses::TimestampFn& timestamper) {
  const Bytes one(digest.begin(), digest.end());
  GMSEAL_ASSIGN_OR_RETURN(
      std::vector<Bytes> signatures,
      seal_digests(seal, signer, std::span<const Bytes>(&one, 1),
                   std::span<const std::string>(&property_info, 1), timestamper));
  return std::move(signatures.front());
}

}  // namespace gmseal::signing
