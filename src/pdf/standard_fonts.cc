#include "pdf/standard_fonts.h"

#include <array>

namespace gmseal::pdf {

namespace {

// Widths of codes 32..126. Source: the AFM files of the URW base 35 fonts (Debian package
// fonts-urw-base35, /usr/share/fonts/type1/urw-base35/*.afm), which are metric-compatible with
// Adobe's core 14 AFMs: NimbusSans-Regular/-Bold (Helvetica, Helvetica-Bold; the obliques have
// the same widths), NimbusRoman-Regular/-Bold/-Italic/-BoldItalic (Times-*), StandardSymbolsPS
// (Symbol) and D050000L (ZapfDingbats). Text fonts are read by glyph name in WinAnsiEncoding
// order (39 = quotesingle, 96 = grave); Symbol and ZapfDingbats by their own codes. Extracted
// once at development time; gmseal does not read the AFMs at run time.
constexpr unsigned kFirst = 32;
using Widths = std::array<short, 95>;

constexpr Widths kHelvetica = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333,  278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,  611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278,  556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,  500, 334, 260, 334, 584,
};
constexpr Widths kHelveticaBold = {
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
};
constexpr Widths kTimesRoman = {
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
    556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
    722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
    278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
};
constexpr Widths kTimesBold = {
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500,  500,
    500, 500, 500, 500, 500, 500,  500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722,  667,
    611, 778, 778, 389, 500, 778,  667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722,
    722, 667, 333, 278, 333, 581,  500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333,  556,
    278, 833, 556, 500, 556, 556,  444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394,  520,
};
constexpr Widths kTimesItalic = {
    250, 333, 420, 500, 500, 833, 778, 214, 333, 333, 500, 675, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500, 920, 611, 611, 667, 722, 611,
    611, 722, 722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611, 500, 556, 722, 611, 833, 611,
    556, 556, 389, 278, 389, 422, 500, 333, 500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444,
    278, 722, 500, 500, 500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389, 400, 275, 400, 541,
};
constexpr Widths kTimesBoldItalic = {
    250, 389, 555, 500, 500, 833, 778, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 832, 667, 667, 667, 722, 667,
    667, 722, 778, 389, 500, 667, 611, 889, 722, 722, 611, 722, 667, 556, 611, 722, 667, 889, 667,
    611, 611, 333, 278, 333, 570, 500, 333, 500, 500, 444, 500, 444, 333, 500, 556, 278, 278, 500,
    278, 778, 556, 500, 500, 500, 389, 389, 278, 556, 444, 667, 500, 444, 389, 348, 220, 348, 570,
};
constexpr Widths kSymbol = {
    250, 333, 713, 500, 549, 833, 778, 439, 333, 333, 500, 549, 250, 549, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 278, 278, 549, 549, 549, 444, 549, 722, 667, 722, 612, 611,
    763, 603, 722, 333, 631, 722, 686, 889, 722, 722, 768, 741, 556, 592, 611, 690, 439, 768, 645,
    795, 611, 333, 863, 333, 658, 500, 500, 631, 549, 549, 494, 439, 521, 411, 603, 329, 603, 549,
    549, 576, 521, 549, 549, 521, 549, 603, 439, 576, 713, 686, 493, 686, 494, 480, 200, 480, 549,
};
constexpr Widths kZapfDingbats = {
    278, 974, 961, 974, 980, 719, 789, 790, 791, 690, 960, 939, 549, 855, 911, 933, 911, 945, 974,
    755, 846, 762, 761, 571, 677, 763, 760, 759, 754, 494, 552, 537, 577, 692, 786, 788, 788, 790,
    793, 794, 816, 823, 789, 841, 823, 833, 816, 831, 923, 744, 723, 749, 790, 792, 695, 776, 768,
    792, 759, 707, 708, 682, 701, 826, 815, 789, 789, 707, 687, 696, 689, 786, 787, 713, 791, 785,
    791, 873, 761, 762, 762, 759, 759, 892, 892, 788, 784, 438, 138, 277, 415, 392, 392, 668, 668,
};

struct StandardFont {
  std::string_view name;
  const Widths* widths;  // nullptr: fixed pitch 600 (Courier)
};

constexpr std::array<StandardFont, 14> kFonts = {{
    {"Helvetica", &kHelvetica},
    {"Helvetica-Oblique", &kHelvetica},
    {"Helvetica-Bold", &kHelveticaBold},
    {"Helvetica-BoldOblique", &kHelveticaBold},
    {"Times-Roman", &kTimesRoman},
    {"Times-Bold", &kTimesBold},
    {"Times-Italic", &kTimesItalic},
    {"Times-BoldItalic", &kTimesBoldItalic},
    {"Courier", nullptr},
    {"Courier-Bold", nullptr},
    {"Courier-Oblique", nullptr},
    {"Courier-BoldOblique", nullptr},
    {"Symbol", &kSymbol},
    {"ZapfDingbats", &kZapfDingbats},
}};

}  // namespace

std::optional<double> standard_font_width(std::string_view base_font, unsigned code) {
  // A subset tag: six capitals and '+'.
  if (base_font.size() > 7 && base_font[6] == '+') base_font.remove_prefix(7);
  for (const StandardFont& font : kFonts) {
    if (font.name != base_font) continue;
    if (font.widths == nullptr) return 600.0;
    if (code < kFirst || code >= kFirst + font.widths->size()) return std::nullopt;
    return static_cast<double>((*font.widths)[code - kFirst]);
  }
  return std::nullopt;
}

}  // namespace gmseal::pdf
