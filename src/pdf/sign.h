// Sealing a PDF: one signature per call, written as one appended incremental update.
//
// The update holds only new and changed objects: the signature dictionary (/Type /Sig /Filter
// /Adobe.PPKLite, /SubFilter as configured, /ByteRange, /Contents), the signature field with its
// widget(s), the page(s) with the extended /Annots (or the indirect /Annots array), the AcroForm
// (/Fields extended, /SigFlags 3; the Catalog too when the AcroForm is new or direct), the
// appearance form XObject(s) and the seal image with its /SMask. The cross-reference section is a
// table or a stream like the file's last one, with /Prev. Output goes to a temporary file beside
// `out` that is renamed over it only when everything succeeded.
//
// /ByteRange = [0 a b c] excludes exactly the /Contents hex string (with its < >). The digest
// handed to the container builder is SM3(bytes[0:a] || bytes[b:b+c]); the container's DER goes
// into the hole, hex-encoded and zero-padded.
//
// Placement (see placement.h for the coordinate convention):
//   kPosition  seal centred at (x_mm, y_mm) from the top-left of the displayed page `page`
//   kKeyword   seal centred on the K-th (or every) occurrence of `keyword` (text_locator.h)
//   kRiding    cross-page seal: the picture is cut into N vertical slices, slice i shown at the
//              right (or left, `side`) edge of page i (centre y_mm from the top); the image stored
//              once, every slice a clipped form XObject. The first slice is the signature's widget,
//              the others locked Stamp annotations (/NM "<field>-partK") in the same revision, so
//              the one ByteRange covers them all (a field with N /Kids widgets makes pdfsig and
//              viewers show N-1 unsigned signature fields).
#pragma once

#include <array>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "crypto/sm3.h"
#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::pdf {

enum class PlacementKind { kPosition, kKeyword, kRiding };
// Which edge a cross-page seal straddles (as displayed).
enum class RidingSide { kRight, kLeft };

struct Placement {
  PlacementKind kind = PlacementKind::kPosition;
  int page = 1;  // 1-based (kPosition)
  double x_mm = 50, y_mm = 50;
  std::string keyword;  // kKeyword
  int occurrence = 1;   // 1-based; 0 = every occurrence (one widget each, same signature)
  int first_page = 1, last_page = 0;     // kRiding: pages first..last (0 = the last page)
  RidingSide side = RidingSide::kRight;  // kRiding
};

struct ContainerRequest {
  crypto::Sm3Digest digest;                 // SM3 over the two ByteRange segments
  std::array<std::uint64_t, 4> byte_range;  // [0 a b c]
  std::optional<Time> signing_time;         // SignOptions::signing_time (the /M time)
};
// Builds the DER for /Contents (CMS SignedData, SES_Signature, ...).
using ContainerBuilder = std::function<Result<Bytes>(const ContainerRequest&)>;

struct SignOptions {
  Placement placement;
  Bytes picture;                         // seal image bytes (png, jpg, bmp, gif)
  std::string picture_type;              // as the seal names it; empty = sniff
  double width_mm = 40, height_mm = 40;  // displayed size of the whole seal
  std::string sub_filter = "adbe.pkcs7.detached";
  std::size_t reserve_bytes = 16384;  // room for the container DER
  ContainerBuilder build_container;
  std::string field_name;  // default "Signature<n>"
  std::string reason, location, signer_name;
  std::optional<Time> signing_time;  // /M; now when absent
  bool allow_repair = false;  // sign a file QPDF had to repair (rewritten first; unsigned only)
  // A document timestamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161): an invisible field,
  // no picture; build_container returns the RFC 3161 token over the ByteRange.
  bool document_timestamp = false;
};

struct SignResult {
  std::array<std::uint64_t, 4> byte_range;
  std::size_t container_size = 0;
  int widgets = 0;
  std::string field_name;
  bool rewritten_after_repair = false;
};

// Errors: pdf.open_failed, pdf.encrypted, pdf.repaired (damaged file and !allow_repair, or
// signed), pdf.sign.bad_page, pdf.sign.keyword_not_found, pdf.image.*, the container builder's
// errors, pdf.sign.container_too_large, io.write_failed.
Result<SignResult> sign_pdf(const std::filesystem::path& in, const std::filesystem::path& out,
                            const SignOptions& options);

}  // namespace gmseal::pdf
