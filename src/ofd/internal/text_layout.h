// Internal to src/ofd: where the glyphs of one TextObject go (GB/T 33190-2016 §11.3 TextCode),
// shared by ofd/page_text (keyword search) and ofd/render_svg (page previews), so that a seal
// placed on a keyword lands where the preview shows the word.
//
// Glyph i of a TextCode sits at (X + sum of the first i DeltaX values, Y + same for DeltaY) in
// the object's space; "g N D" in a delta list repeats D N times. The object's CTM is applied,
// then its Boundary origin added, giving page millimetres (y grows downwards). See
// ofd/page_text.h for the rules on short and missing delta lists.
#pragma once

#include <pugixml.hpp>

#include <string_view>
#include <vector>

#include "ofd/page_text.h"

namespace gmseal::ofd::internal {

// An OFD CTM "a b c d e f": (x, y) -> (a x + c y + e, b x + d y + f), the SVG matrix convention.
struct Ctm {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
  bool is_identity() const { return a == 1 && b == 0 && c == 0 && d == 1 && e == 0 && f == 0; }
};
// The identity when `text` is empty or has fewer than six numbers.
Ctm parse_ctm(std::string_view text);

struct TextLayout {
  std::vector<Glyph> glyphs;  // in TextCode order; Glyph::size is scaled by the CTM
  double size = 0;            // TextObject@Size as written (3.5 when absent)
  Ctm ctm;                    // TextObject@CTM (identity when absent)
};

// Lays out `text_object` (a TextObject element). Malformed numbers fall back to defaults; never
// fails.
TextLayout layout_text_object(const pugi::xml_node& text_object);

}  // namespace gmseal::ofd::internal
