// Finding text on PDF pages (for keyword-positioned seals), on QPDF's content-stream parser.
//
// Tracks the graphics and text state (cm q Q, BT ET, Tm Td TD T* TL, Tf Tc Tw Tz Ts, Tj TJ ' "),
// follows form XObjects (Do), decodes shown strings to Unicode through the font's /ToUnicode
// CMap (bfchar/bfrange, 1- or 2-byte codes from the codespace; Identity-H/V fonts use 2 bytes),
// falling back to Latin-1 for simple fonts without one, and advances by the glyph widths
// (/Widths, or /W and /DW of a Type0 font's descendant; a standard 14 font without /Widths uses
// the built-in metrics of standard_fonts.h). Text on a page is matched in
// content-stream order with whitespace ignored, so a keyword split over several Tj still matches.
#pragma once

#include <string_view>
#include <vector>

#include "pdf/document.h"

namespace gmseal::pdf {

struct TextHit {
  int page_index = 0;   // 0-based
  double x = 0, y = 0;  // centre of the matched text, user space
  double width = 0, height = 0;
};

// Every occurrence of `keyword` (UTF-8) on every page, page by page in content order.
// Errors: pdf.text.bad_keyword (empty or not UTF-8), pdf.open_failed (content cannot be parsed).
Result<std::vector<TextHit>> find_text(Document& doc, std::string_view keyword);

}  // namespace gmseal::pdf
