// Draws a seal image (印模) from text and writes it as the provincial specification wants it:
// PNG colour type 3 with a two-entry palette (seal red, and white made fully transparent by
// tRNS), 600 DPI (pHYs 23622 px/m), maximum deflate, at most 25 KB, and passing
// validate::seal_image_violations. At 1:1 the image is the seal's real size: the border's outer
// edge touches the image's edges.
#pragma once

#include <string>

#include "sealimage/bitmap.h"
#include "sealimage/layout.h"
#include "sealimage/text_placement.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::sealimage {

// Seal red (the palette's ink entry) and the background entry.
inline constexpr std::uint8_t kInkRgb[3] = {0xE6, 0x00, 0x12};

struct SealImageRequest {
  SealLayout layout;
  std::string name;        // round / oval: along the upper arc; square: the grid; rect: line 1
  std::string purpose;     // below the centre (round, oval) or line 2 (rect); empty = the
                           // layout's default_purpose
  std::string code;        // round: along the lower arc; oval: the taxpayer ID across the middle
  std::string song_font;   // empty = default_song_font_path()
  std::string digit_font;  // empty = default_digit_font_path() (then the Song face)
  FieldNames fields = cli_field_names();  // what errors call the inputs
};

// What was drawn, for tests and messages.
struct DrawnSeal {
  Bitmap bitmap{1, 1};
  TextFit name_fit;
  double star_cx = 0, star_cy = 0, star_radius = 0;  // pixels; radius 0 when there is none
};

// Errors name the input at fault by request.fields: sealimage.font / .glyph_missing (fonts),
// .name_too_long / .text_too_long (text that cannot be set legibly, naming the most characters that
// fit), .text (bad UTF-8, empty name), .option (a text the style has no place for), .taxpayer_id
// (an oval invoice seal's code that is missing or not 15, 18 or 20 digits and capital letters),
// .size.
Result<DrawnSeal> draw_seal(const SealImageRequest& request);

// The PNG of a drawn seal. Errors: sealimage.too_large (over 25 KB), sealimage.invalid (the
// image breaks a rule of validate::seal_image_violations: a bug, never expected).
Result<Bytes> encode_seal_png(const Bitmap& bitmap, const FieldNames& names = cli_field_names());

// draw_seal + encode_seal_png.
Result<Bytes> make_seal_image(const SealImageRequest& request);

}  // namespace gmseal::sealimage
