// The geometry of a seal image (印模): shape, size, border, star, and where each text goes, in
// millimetres. Defaults come per provincial category (sealSpecificCategory 01..05) from one
// table, layout_table.cc, whose figures and sources docs/seal-images.md lists; every figure
// can be overridden (the CLI's flags do so) before drawing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace gmseal::sealimage {

enum class SealStyle { kRound, kOval, kSquare, kRect };

// What errors call each input, in their messages and in Error::field: the CLI's flags
// (cli_field_names(), the default everywhere) or the platform API's JSON fields
// (api_field_names()), so that each caller's user reads the names they typed. `font_hint`
// closes a missing-glyph message: where another font is chosen.
struct FieldNames {
  std::string name, purpose, code, size, width, height, category, style, font, digit_font,
      font_hint;
};
// "--name", "--purpose", "--code", "--size", "--width", "--height", "--category", "--style",
// "--font", "--digit-font".
const FieldNames& cli_field_names();
// "name", "purpose", "code", "sizeMm", "widthMm", "heightMm", "category", "style"; the fonts
// are the server's configuration (gmseal server --seal-font), so their field is empty and no
// message names a flag.
const FieldNames& api_field_names();

std::string_view to_string(SealStyle style);
// "round", "oval", "square", "rect". Errors: sealimage.style (field names.style).
Result<SealStyle> parse_seal_style(std::string_view text,
                                   const FieldNames& names = cli_field_names());

// A line of text set along an arc or straight, in millimetres. Heights are ink heights of a
// reference glyph (国 for Chinese, 0 for digits), not em sizes, so that a figure here can be
// checked with a ruler on the print.
struct TextRule {
  double height_mm = 0;     // nominal glyph height
  double width_mm = 0;      // nominal glyph width (0 = the font's own proportion)
  double gap_mm = 0;        // arc text: distance from the border's inner edge to the glyphs
  double span_deg = 0;      // arc text: the widest arc the line may cover (centre angle)
  double top_mm = 0;        // horizontal text: top of the glyphs below the seal's centre
  double max_width_mm = 0;  // horizontal text: widest the whole line may be
};

struct SealLayout {
  SealStyle style = SealStyle::kRound;
  std::string category;  // "01".."05", or empty when the layout came from a style alone
  double width_mm = 0;   // outer size of the border (the diameter for round seals)
  double height_mm = 0;
  double border_mm = 0;
  double star_diameter_mm = 0;  // 0 = no star
  TextRule name;                // round / oval: upper arc; square: grid; rect: first line
  TextRule purpose;  // horizontal, below the centre (合同专用章, 发票专用章 ...)
  TextRule code;     // round: lower arc; oval: digits across the middle
  std::string default_purpose;  // the category's purpose text, e.g. 合同专用章
  // Fitting long names: glyphs are first narrowed down to `min_width_ratio` of their nominal
  // width, then also lowered to `min_height_ratio` of their height; a name that still does not
  // fit is refused (sealimage.name_too_long) rather than drawn illegibly.
  double min_width_ratio = 0.45;
  double min_height_ratio = 0.6;
  double legible_width_ratio = 0.33;  // narrowest glyph (width / height) ever drawn
};

// The table's layout for a category ("01" 法定名称章, "02" 财务专用章, "03" 发票专用章,
// "04" 合同专用章, "05" 名章). Errors: sealimage.category (field names.category).
Result<SealLayout> layout_for_category(std::string_view category,
                                       const FieldNames& names = cli_field_names());

// The layout used when only a style is given: round = 01, oval = 03, square = 05, rect = the
// table's rectangular default.
SealLayout layout_for_style(SealStyle style);

// Sets the outer size and scales border, star and text rules with it (the table row closest
// in size is used for round seals, so Ø38 gets the Ø38 row's border and star). Errors:
// sealimage.size when a dimension is outside 10..100 mm or a round or square seal is given two
// different sides (field names.size, or names.width / names.height for the one out of range).
Status resize_layout(SealLayout& layout, double width_mm, double height_mm,
                     const FieldNames& names = cli_field_names());

// Single figures of the table, overridden (the CLI's --border, --star, ...); unset ones keep the
// layout's own.
struct LayoutOverrides {
  std::optional<double> border_mm, star_diameter_mm, name_height_mm, name_gap_mm, name_span_deg,
      purpose_height_mm, code_height_mm;
};

// Sets the given figures on `layout` (after resize_layout, so ranges are the final size's).
// Only the figures given are checked, each against the style that draws it: round seals use
// all seven; oval seals all but the star; rectangular ones the border, the name's height and
// gap and the purpose's height; square name seals the border and the name's gap (their grid
// sizes its own glyphs). Errors, naming the figure's flag (--border, --star, --name-height,
// --name-gap, --name-span, --purpose-height, --code-height): sealimage.option for a figure the
// style does not draw, sealimage.figure for one out of range (border above 0 and up to a
// quarter of the smaller side, star 0 to half of it, text heights above 0 and up to a third,
// the name's gap 0 to a quarter, its span above 0 and up to 330 degrees). On error `layout` is
// unchanged.
Status apply_overrides(SealLayout& layout, const LayoutOverrides& overrides);

}  // namespace gmseal::sealimage
