// Glyph widths of the standard 14 PDF fonts (ISO 32000-1 §9.6.2.2), which a PDF may use without
// /Widths: the keyword locator needs them to measure text in such fonts.
#pragma once

#include <optional>
#include <string_view>

namespace gmseal::pdf {

// The advance width (1/1000 text space units) of `code` in the standard font `base_font`
// (a /BaseFont name without the slash; a subset prefix "ABCDEF+" is ignored). Known: codes
// 32..126 as WinAnsiEncoding (Symbol and ZapfDingbats: their built-in encodings); Courier*
// is 600 for every code. nullopt for other fonts and codes.
std::optional<double> standard_font_width(std::string_view base_font, unsigned code);

}  // namespace gmseal::pdf
