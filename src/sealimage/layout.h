// The geometry of a seal image (印模): shape, size, border, star, and where each text goes, in
// millimetres. Defaults come per provincial category (sealSpecificCategory 01..05) from one
// table, layout_table.cc, whose figures and sources docs/seal-images.md lists; every figure
// can be overridden (the CLI's flags do so) before drawing.
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace gmseal::sealimage {

enum class SealStyle { kRound, kOval, kSquare, kRect };

std::string_view to_string(SealStyle style);
// "round", "oval", "square", "rect". Errors: sealimage.style (field "--style").
Result<SealStyle> parse_seal_style(std::string_view text);

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
// "04" 合同专用章, "05" 名章). Errors: sealimage.category (field "--category").
Result<SealLayout> layout_for_category(std::string_view category);

// The layout used when only a style is given: round = 01, oval = 03, square = 05, rect = the
// table's rectangular default.
SealLayout layout_for_style(SealStyle style);

// Sets the outer size and scales border, star and text rules with it (the table row closest
// in size is used for round seals, so Ø38 gets the Ø38 row's border and star). Errors:
// sealimage.size when a dimension is outside 10..100 mm or a round seal is not circular.
Status resize_layout(SealLayout& layout, double width_mm, double height_mm);

}  // namespace gmseal::sealimage
