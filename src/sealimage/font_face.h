// One outline font opened with FreeType, drawing single glyphs into a Bitmap at any height,
// narrowing and rotation, with FreeType's monochrome rasteriser (a pixel is ink when its centre
// lies inside the outline: two colours, no anti-aliasing).
//
// A FontFace owns its own FT_Library, so separate FontFaces may be used from separate threads;
// one FontFace is not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "sealimage/bitmap.h"
#include "util/error.h"

namespace gmseal::sealimage {

// The Song (宋体) face gmseal looks for when no font is named: AR PL SungtiL GB
// (fonts-arphic-gbsn00lp), then Noto Serif CJK SC (fonts-noto-cjk). Empty when neither exists.
std::string default_song_font_path();
// The digit face (Liberation Sans, fonts-liberation, metric-compatible with Arial, which the
// invoice-seal rule names). Empty when absent.
std::string default_digit_font_path();

class FontFace {
 public:
  // Opens `path` (a .ttf/.otf, or a .ttc whose Simplified Chinese face is taken when there is
  // one). `reference` is the glyph whose ink box defines "height" and "natural width" (国 for
  // Chinese faces, 0 for digits). Errors: sealimage.font (unreadable / not a font / no
  // reference glyph), field "--font".
  static Result<FontFace> open(const std::string& path, char32_t reference);

  FontFace(FontFace&&) noexcept;
  FontFace& operator=(FontFace&&) noexcept;
  ~FontFace();

  const std::string& path() const;
  bool has_glyph(char32_t codepoint) const;
  // Ink width / ink height of the reference glyph.
  double natural_width_ratio() const;
  // Ink width of `codepoint` / ink height of the reference glyph (0 when it has no glyph).
  double ink_width_ratio(char32_t codepoint) const;

  // Draws `codepoint` so that the reference glyph would be `height_px` tall and
  // `width_scale` x its natural width, with the glyph's em centre (half its advance, the
  // reference glyph's vertical middle) at (cx, cy) and its "up" turned `clockwise_rad` from
  // the image's up. Errors: sealimage.glyph_missing (the font lacks the character),
  // sealimage.font (FreeType failed).
  Status draw(Bitmap& bitmap, char32_t codepoint, double cx, double cy, double height_px,
              double width_scale, double clockwise_rad) const;

 private:
  struct Impl;
  explicit FontFace(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace gmseal::sealimage
