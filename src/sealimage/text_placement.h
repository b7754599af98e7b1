// Setting text on a seal: along an elliptical arc (a circle is the equal-axes case), on a
// straight line, or in a grid of columns read right to left. Long text is narrowed, then
// lowered, as seal engravers do; text that would still not fit legibly is refused with
// sealimage.name_too_long (or .text_too_long for other lines), saying how much would fit.
#pragma once

#include <string>
#include <vector>

#include "sealimage/bitmap.h"
#include "sealimage/font_face.h"
#include "sealimage/layout.h"

namespace gmseal::sealimage {

// UTF-8 to code points. Errors: sealimage.text (invalid UTF-8), with `field`.
Result<std::u32string> decode_utf8(const std::string& text, const std::string& field);

// How a line was set, for callers and tests: glyph height in pixels, width as a fraction of
// the glyph's natural width, and (arcs) the centre angles covered, in degrees from the top,
// clockwise.
struct TextFit {
  double height_px = 0;
  double width_scale = 1;
  double first_deg = 0;
  double last_deg = 0;
  double extent_deg = 0;  // arcs: from the arc's middle to the far edge of its end glyphs
  double width_px = 0;    // lines: from the first glyph's left edge to the last's right edge
};

// A font for each character: `digits` for ASCII, `song` for the rest. `font_hint` ends a
// missing-glyph message (FieldNames::font_hint).
struct Fonts {
  const FontFace* song = nullptr;
  const FontFace* digits = nullptr;
  std::string font_hint = "name another font with --font";
  const FontFace& for_char(char32_t c) const { return (c < 0x80 && digits) ? *digits : *song; }
};

struct ArcText {
  std::u32string text;
  std::string field;      // "--name", "--code" (FieldNames): named in errors
  double cx = 0, cy = 0;  // ellipse centre (px)
  double outer_a = 0;     // the border's inner edge: semi-axes (px)
  double outer_b = 0;
  TextRule rule;        // height, width, gap and span, in mm
  bool bottom = false;  // false: upper arc, glyph tops outward; true: lower arc, upright
  double min_width_ratio = 0.45;
  double min_height_ratio = 0.6;
  double legible_width_ratio = 0.33;
  std::string shape;                  // e.g. "Ø42 mm round seal", for error messages
  bool is_name = false;               // too long: sealimage.name_too_long, else .text_too_long
  std::string size_field = "--size";  // named when a larger seal would help
};
Result<TextFit> draw_arc_text(Bitmap& bitmap, const Fonts& fonts, const ArcText& arc);

struct LineText {
  std::u32string text;
  std::string field;
  double cx = 0;        // centre of the line (px)
  double top = 0;       // top of the glyphs (px)
  TextRule rule;        // height, width (per glyph, 0 = natural), max_width_mm
  double pitch_mm = 0;  // fixed distance between glyph centres (0 = from the glyph width)
  double legible_width_ratio = 0.33;
  std::string shape;
  bool is_name = false;
};
Result<TextFit> draw_line_text(Bitmap& bitmap, const Fonts& fonts, const LineText& line);

struct GridText {
  std::u32string text;
  std::string field;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // the box the grid fills (px)
  double spacing_mm = 0;                  // between cells
  double min_height_mm = 2.5;             // smallest legible glyph in a cell
  double legible_width_ratio = 0.33;
  std::string shape;
  bool is_name = false;
  std::string size_field = "--size";
};
Result<TextFit> draw_grid_text(Bitmap& bitmap, const Fonts& fonts, const GridText& grid);

}  // namespace gmseal::sealimage
