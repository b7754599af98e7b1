// The one table of seal-image sizes. Sources (docs/seal-images.md says more):
//  - round unit seals: 国发〔1999〕25号 (round, star in the centre, name along the edge, at most
//    Ø45 for enterprises); border, star, text heights, gaps and spans from a provincial police
//    reference table (secondary copy) for Ø30 / 38 / 40 / 42 / 45;
//  - oval invoice seals: 国家税务总局公告2011年第7号 (40x30 mm, border 1 mm, name 4.2 mm high on a
//    210-260 degree arc 0.5 mm inside the border, 18-digit taxpayer ID 3.7x1.3 mm per digit and
//    26 mm in all, 发票专用章 4.6x3 mm with its top 4.2 mm below the centre);
//  - square personal seals 18-25 mm and rectangular seals: common practice (no rule found).
#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

#include "sealimage/layout.h"

namespace gmseal::sealimage {

namespace {

struct RoundRow {
  double diameter, border, star, name_height, name_gap, purpose_height, purpose_width, purpose_top,
      code_height;
};
// Diameter, border, star Ø, name height, name gap, purpose height / widest line / top below
// the centre, code digit height (mm). Every name arc may span up to 270 degrees.
constexpr std::array<RoundRow, 5> kRoundRows{{
    {30, 1.0, 10, 4.2, 0.6, 4.8, 14, 3.6, 1.8},
    {38, 1.0, 12, 6.0, 0.8, 6.0, 24, 4.4, 2.2},
    {40, 1.2, 13, 6.5, 0.8, 6.0, 26, 4.6, 2.2},
    {42, 1.2, 14, 7.0, 1.0, 6.0, 28, 5.0, 2.4},
    {45, 1.5, 15, 7.5, 1.2, 6.5, 30, 5.5, 2.6},
}};
constexpr double kRoundNameSpanDeg = 270;
constexpr double kRoundCodeSpanDeg = 100;
constexpr double kRoundCodeGapMm = 0.6;

SealLayout round_layout(const RoundRow& row, double scale) {
  SealLayout l;
  l.style = SealStyle::kRound;
  l.width_mm = l.height_mm = row.diameter * scale;
  l.border_mm = row.border * scale;
  l.star_diameter_mm = row.star * scale;
  l.name = {.height_mm = row.name_height * scale,
            .gap_mm = row.name_gap * scale,
            .span_deg = kRoundNameSpanDeg};
  l.purpose = {.height_mm = row.purpose_height * scale,
               .top_mm = row.purpose_top * scale,
               .max_width_mm = row.purpose_width * scale};
  l.code = {.height_mm = row.code_height * scale,
            .gap_mm = kRoundCodeGapMm * scale,
            .span_deg = kRoundCodeSpanDeg};
  return l;
}

const RoundRow& closest_round_row(double diameter) {
  return *std::min_element(
      kRoundRows.begin(), kRoundRows.end(), [diameter](const RoundRow& a, const RoundRow& b) {
        return std::fabs(a.diameter - diameter) < std::fabs(b.diameter - diameter);
      });
}

SealLayout oval_layout(double scale) {
  SealLayout l;
  l.style = SealStyle::kOval;
  l.width_mm = 40 * scale;
  l.height_mm = 30 * scale;
  l.border_mm = 1.0 * scale;
  l.name = {.height_mm = 4.2 * scale, .gap_mm = 0.5 * scale, .span_deg = 260};
  l.purpose = {.height_mm = 4.6 * scale,
               .width_mm = 3.0 * scale,
               .top_mm = 4.2 * scale,
               .max_width_mm = 30 * scale};
  // The taxpayer ID: 18 digits of 3.7 x 1.3 mm over 26 mm, centred on the seal.
  l.code = {.height_mm = 3.7 * scale, .width_mm = 1.3 * scale, .max_width_mm = 26 * scale};
  l.default_purpose = "发票专用章";
  return l;
}

SealLayout square_layout(double side) {
  SealLayout l;
  l.style = SealStyle::kSquare;
  l.width_mm = l.height_mm = side;
  l.border_mm = side * 0.05;
  l.name = {.height_mm = side * 0.36, .gap_mm = side * 0.04};  // a 2x2 grid's glyph height
  l.min_height_ratio = 0.5;
  return l;
}

SealLayout rect_layout(double width, double height) {
  SealLayout l;
  l.style = SealStyle::kRect;
  l.width_mm = width;
  l.height_mm = height;
  l.border_mm = std::min(1.0, height * 0.06);
  l.name = {.height_mm = height * 0.3, .gap_mm = height * 0.06};
  l.purpose = {.height_mm = height * 0.22};
  return l;
}

}  // namespace

const FieldNames& cli_field_names() {
  static const FieldNames names{"--name",
                                "--purpose",
                                "--code",
                                "--size",
                                "--width",
                                "--height",
                                "--category",
                                "--style",
                                "--font",
                                "--digit-font",
                                "name another font with --font"};
  return names;
}

const FieldNames& api_field_names() {
  static const FieldNames names{
      "name",
      "purpose",
      "code",
      "sizeMm",
      "widthMm",
      "heightMm",
      "category",
      "style",
      "",
      "",
      "use other characters, or ask the platform's administrator for a seal font that has them"};
  return names;
}

std::string_view to_string(SealStyle style) {
  switch (style) {
    case SealStyle::kRound:
      return "round";
    case SealStyle::kOval:
      return "oval";
    case SealStyle::kSquare:
      return "square";
    case SealStyle::kRect:
      return "rect";
  }
  return "round";
}

Result<SealStyle> parse_seal_style(std::string_view text, const FieldNames& names) {
  for (SealStyle s : {SealStyle::kRound, SealStyle::kOval, SealStyle::kSquare, SealStyle::kRect}) {
    if (text == to_string(s)) return s;
  }
  return make_error("sealimage.style",
                    names.style + " '" + std::string(text) + "' is not round, oval, square or rect",
                    names.style);
}

Result<SealLayout> layout_for_category(std::string_view category, const FieldNames& names) {
  SealLayout l;
  if (category == "01") {
    l = round_layout(closest_round_row(42), 1.0);
  } else if (category == "02") {
    l = round_layout(closest_round_row(38), 1.0);
    l.default_purpose = "财务专用章";
  } else if (category == "03") {
    l = oval_layout(1.0);
  } else if (category == "04") {
    l = round_layout(closest_round_row(42), 1.0);
    l.default_purpose = "合同专用章";
  } else if (category == "05") {
    l = square_layout(20);
  } else {
    return make_error("sealimage.category",
                      names.category + " '" + std::string(category) +
                          "' is not 01 (法定名称章), 02 (财务专用章), 03 (发票专用章), 04 "
                          "(合同专用章) or 05 (名章)",
                      names.category);
  }
  l.category = std::string(category);
  return l;
}

SealLayout layout_for_style(SealStyle style) {
  switch (style) {
    case SealStyle::kRound:
      return *layout_for_category("01");
    case SealStyle::kOval:
      return *layout_for_category("03");
    case SealStyle::kSquare:
      return *layout_for_category("05");
    case SealStyle::kRect:
      return rect_layout(40, 15);
  }
  return *layout_for_category("01");
}

Status resize_layout(SealLayout& layout, double width_mm, double height_mm,
                     const FieldNames& names) {
  const auto in_range = [](double v) { return v >= 10 && v <= 100; };
  if (!in_range(width_mm) || !in_range(height_mm)) {
    const bool one_side = std::fabs(width_mm - height_mm) < 1e-9;
    const std::string& field =
        one_side ? names.size : (!in_range(width_mm) ? names.width : names.height);
    return make_error("sealimage.size",
                      field + ": a seal's size must be 10 to 100 mm in each direction", field);
  }
  SealLayout resized = layout;
  switch (layout.style) {
    case SealStyle::kRound: {
      if (std::fabs(width_mm - height_mm) > 1e-9) {
        return make_error("sealimage.size", "a round seal has one diameter: use " + names.size,
                          names.size);
      }
      const RoundRow& row = closest_round_row(width_mm);
      resized = round_layout(row, width_mm / row.diameter);
      break;
    }
    case SealStyle::kOval:
      resized = oval_layout(std::min(width_mm / 40, height_mm / 30));
      break;
    case SealStyle::kSquare:
      if (std::fabs(width_mm - height_mm) > 1e-9) {
        return make_error("sealimage.size", "a square seal has one side: use " + names.size,
                          names.size);
      }
      resized = square_layout(width_mm);
      break;
    case SealStyle::kRect:
      resized = rect_layout(width_mm, height_mm);
      break;
  }
  resized.width_mm = width_mm;
  resized.height_mm = height_mm;
  resized.category = layout.category;
  resized.default_purpose = layout.default_purpose;
  layout = resized;
  return {};
}

Status apply_overrides(SealLayout& layout, const LayoutOverrides& o) {
  const SealStyle st = layout.style;
  const bool round = st == SealStyle::kRound;
  const bool arcs = round || st == SealStyle::kOval;
  const double smaller = std::min(layout.width_mm, layout.height_mm);
  struct Figure {
    const std::optional<double>& value;
    double* target;
    const char* flag;
    const char* what;
    bool used;
    double min;
    bool min_inclusive;
    double max;
  };
  SealLayout out = layout;
  const Figure figures[] = {
      {o.border_mm, &out.border_mm, "--border", "border width", true, 0, false, smaller / 4},
      {o.star_diameter_mm, &out.star_diameter_mm, "--star", "star diameter", round, 0, true,
       smaller / 2},
      {o.name_height_mm, &out.name.height_mm, "--name-height", "name height",
       st != SealStyle::kSquare, 0, false, smaller / 3},
      {o.name_gap_mm, &out.name.gap_mm, "--name-gap", "name gap", true, 0, true, smaller / 4},
      {o.name_span_deg, &out.name.span_deg, "--name-span", "name span", arcs, 0, false, 330},
      {o.purpose_height_mm, &out.purpose.height_mm, "--purpose-height", "purpose height",
       st != SealStyle::kSquare, 0, false, smaller / 3},
      {o.code_height_mm, &out.code.height_mm, "--code-height", "code height", arcs, 0, false,
       smaller / 3},
  };
  for (const Figure& f : figures) {
    if (!f.value) continue;
    if (!f.used) {
      return make_error("sealimage.option",
                        std::string("a ") + std::string(to_string(st)) + " seal draws no " +
                            f.what + "; leave out " + f.flag,
                        f.flag);
    }
    const double v = *f.value;
    const bool above_min = f.min_inclusive ? v >= f.min : v > f.min;
    if (!std::isfinite(v) || !above_min || v > f.max) {
      std::ostringstream message;
      message << f.flag << " " << v << " is out of range: the " << f.what << " of a "
              << layout.width_mm << "x" << layout.height_mm << " mm " << to_string(st)
              << " seal must be " << (f.min_inclusive ? "at least " : "above ") << f.min
              << " and at most " << f.max << (f.target == &out.name.span_deg ? " degrees" : " mm");
      return make_error("sealimage.figure", message.str(), f.flag);
    }
    *f.target = v;
  }
  layout = out;
  return {};
}

}  // namespace gmseal::sealimage
