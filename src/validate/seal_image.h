// Seal images (印章图片, appendix 2 `sealImg`, `sealType` PNG) and the rules gmseal applies to
// them: a PNG of bit depth 8 or less ("PNG8") with exactly two colours (ink and background; all
// fully transparent pixels count as one colour), 600 DPI in both directions (pHYs, in pixels
// per metre: 23622 or 23623), and at most 25 KB (25 600 bytes) of PNG data before base64.
//
// Decoding uses libpng with size limits (at most 4096 x 4096 pixels); malformed input yields an
// error, never a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::validate {

inline constexpr std::size_t kMaxSealImageBytes = 25 * 1024;
inline constexpr unsigned kSealImageDpi = 600;

struct PngInfo {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  int bit_depth = 0;
  int colour_type = 0;  // PNG colour type (3 = palette)
  // Distinct RGBA colours in the decoded pixels, counted up to 3 (3 means "three or more").
  int colours = 0;
  std::optional<double> dpi_x;  // from pHYs when its unit is the metre
  std::optional<double> dpi_y;
  std::size_t bytes = 0;
};

// Decodes `png` fully. Errors: validate.image.not_png (no PNG signature),
// validate.image.decode_failed (libpng's reason in the message), validate.image.too_large
// (dimensions over the limit).
Result<PngInfo> inspect_png(ByteView png);

// Every rule `png` breaks (empty = acceptable seal image). Codes: validate.image.not_png,
// .decode_failed, .too_large (bytes or dimensions), .bit_depth, .colours, .dpi. Field "sealImg".
std::vector<Error> seal_image_violations(ByteView png);

// Base64 `sealImg` text to PNG bytes, then the rules above; returns the first violation.
// Errors: validate.image.base64 plus the codes above.
Result<Bytes> check_seal_image_base64(std::string_view base64_text);

// Writes a palette PNG (bit depth 8) with pHYs for `dpi`. `palette` holds RGBA quadruplets;
// `indexes` one palette index per pixel, row by row. For sample data, tests and the image
// maker. Errors: validate.image.encode_failed.
Result<Bytes> encode_palette_png(std::uint32_t width, std::uint32_t height,
                                 const std::vector<std::uint8_t>& palette_rgba,
                                 const std::vector<std::uint8_t>& indexes, unsigned dpi);

}  // namespace gmseal::validate
