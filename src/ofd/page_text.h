// Text on OFD pages with positions (GB/T 33190-2016 §11 TextObject / TextCode), enough to find
// a keyword and put a seal on it.
//
//   <TextObject Boundary="x y w h" Size="3" CTM="a b c d e f"?>
//     <TextCode X="0" Y="3" DeltaX="3 g 4 1.5">你好 OFD</TextCode></TextObject>
//
// Glyph i of a TextCode sits at (X + sum of the first i DeltaX values, Y + same for DeltaY) in
// the object's space; "g N D" in a delta list repeats D N times (§11.3). The object's CTM is
// applied, then its Boundary origin added, giving page millimetres (y grows downwards). Glyph
// advance widths come only from DeltaX/DeltaY. A list with fewer values than the text needs
// repeats its last value for the remaining glyphs (DeltaX="3.175" DeltaY="0" lays out a whole
// line of 3.175 mm CJK glyphs). Without DeltaX a glyph advances by the font size when DeltaY is
// absent too (right for CJK text, an over-estimate for Latin) and not at all when DeltaY is
// given (vertical text).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ofd/document.h"
#include "ofd/package.h"

namespace gmseal::ofd {

struct Glyph {
  char32_t code = 0;
  double x = 0;         // page mm, left of the glyph
  double y = 0;         // page mm, baseline
  double size = 0;      // font size in mm (scaled by the CTM)
  std::string font_id;  // TextObject@Font (a Font ID of the page's or document's resources)
  std::string fill;     // TextObject/FillColor@Value ("r g b", 0-255) as written; empty = black
};

// Every glyph of the page in document order. Errors: ofd.xml.* for an unreadable page.
Result<std::vector<Glyph>> read_page_glyphs(const Package& package, const Page& page);

struct KeywordMatch {
  std::size_t page_index = 0;
  std::string page_id;
  Box box;  // around the matched glyphs, page mm
};

// Every occurrence of `keyword` (UTF-8) in page order, then reading order within a page. Text is
// matched across TextObjects (producers often write one object per character); whitespace in
// the page text is not skipped. Each page's own text comes first, then the text of the template
// pages it is drawn with, each searched on its own (e-invoices keep labels such as 销售方 in a
// template); an unreadable template or Document.xml only leaves its text out.
Result<std::vector<KeywordMatch>> find_keyword(const Package& package, const DocumentInfo& document,
                                               std::string_view keyword);

// UTF-8 -> code points; invalid bytes become U+FFFD.
std::u32string decode_utf8(std::string_view text);

}  // namespace gmseal::ofd
