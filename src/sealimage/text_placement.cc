#include "sealimage/text_placement.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

namespace gmseal::sealimage {

namespace {

constexpr double kPi = std::numbers::pi;
// Least space between neighbouring glyphs, and the most a short name is spread, as fractions
// of the glyph height.
constexpr double kMinSpacing = 0.08;
constexpr double kMaxSpacing = 1.0;
constexpr double kLineSpacing = 0.15;

std::string mm_text(double px) {
  std::ostringstream out;
  out.precision(2);
  out << std::fixed << px / kPixelsPerMm << " mm";
  return out.str();
}

// An ellipse x = cx + a sin t, y = cy - b cos t (t = 0 at the top, growing clockwise on the
// page), with its arc length tabulated over [centre - pi, centre + pi].
class EllipsePath {
 public:
  EllipsePath(double cx, double cy, double a, double b, double centre)
      : m_cx(cx), m_cy(cy), m_a(a), m_b(b), m_centre(centre) {
    m_lengths.resize(kSteps + 1, 0.0);
    for (int i = 1; i <= kSteps; ++i) {
      const double t0 = param(i - 1);
      const double t1 = param(i);
      m_lengths[i] = m_lengths[i - 1] + std::hypot(x(t1) - x(t0), y(t1) - y(t0));
    }
  }
  // Arc length from the centre parameter to `t` (negative before it).
  double length_to(double t) const {
    const double f = (t - (m_centre - kPi)) / (2 * kPi) * kSteps;
    const int i = std::clamp(static_cast<int>(f), 0, kSteps - 1);
    const double at = m_lengths[i] + (m_lengths[i + 1] - m_lengths[i]) * (f - i);
    return at - m_lengths[kSteps / 2];
  }
  // The parameter at arc length `u` from the centre (positive = clockwise).
  double param_at(double u) const {
    const double target = u + m_lengths[kSteps / 2];
    const auto it = std::lower_bound(m_lengths.begin(), m_lengths.end(), target);
    const int i = std::clamp(static_cast<int>(it - m_lengths.begin()), 1, kSteps);
    const double span = m_lengths[i] - m_lengths[i - 1];
    const double f = span > 0 ? (target - m_lengths[i - 1]) / span : 0;
    return param(i - 1) + (param(i) - param(i - 1)) * f;
  }
  double x(double t) const { return m_cx + m_a * std::sin(t); }
  double y(double t) const { return m_cy - m_b * std::cos(t); }
  // Clockwise angle from the page's up to the outward normal at `t`.
  double outward_angle(double t) const {
    const double nx = std::sin(t) / m_a;
    const double ny = -std::cos(t) / m_b;
    return std::atan2(nx, -ny);
  }

 private:
  static constexpr int kSteps = 7200;
  double param(int i) const { return m_centre - kPi + 2 * kPi * i / kSteps; }
  double m_cx, m_cy, m_a, m_b, m_centre;
  std::vector<double> m_lengths;
};

Error too_long(bool is_name, const std::string& field, const std::string& what) {
  return make_error(is_name ? "sealimage.name_too_long" : "sealimage.text_too_long", what, field);
}

Status check_glyphs(const Fonts& fonts, const std::u32string& text, const std::string& field) {
  for (char32_t c : text) {
    if (c == U' ') continue;
    if (!fonts.for_char(c).has_glyph(c)) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
      return make_error("sealimage.glyph_missing",
                        "font " + fonts.for_char(c).path() + " has no glyph for " + code + " in " +
                            field + "; " + fonts.font_hint,
                        field);
    }
  }
  return {};
}

}  // namespace

Result<std::u32string> decode_utf8(const std::string& text, const std::string& field) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    int extra = 0;
    char32_t cp = 0;
    if (b < 0x80) {
      cp = b;
    } else if ((b & 0xE0) == 0xC0) {
      cp = b & 0x1F;
      extra = 1;
    } else if ((b & 0xF0) == 0xE0) {
      cp = b & 0x0F;
      extra = 2;
    } else if ((b & 0xF8) == 0xF0) {
      cp = b & 0x07;
      extra = 3;
    } else {
      return make_error("sealimage.text", field + " is not valid UTF-8", field);
    }
    if (i + static_cast<std::size_t>(extra) >= text.size()) {
      return make_error("sealimage.text", field + " ends inside a UTF-8 sequence", field);
    }
    for (int k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) {
        return make_error("sealimage.text", field + " is not valid UTF-8", field);
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

Result<TextFit> draw_arc_text(Bitmap& bitmap, const Fonts& fonts, const ArcText& arc) {
  const auto n = static_cast<double>(arc.text.size());
  if (arc.text.empty()) return TextFit{};
  GMSEAL_RETURN_IF_ERROR(check_glyphs(fonts, arc.text, arc.field));
  const FontFace& face = fonts.for_char(arc.text.front());
  const double natural =
      arc.rule.width_mm > 0 ? arc.rule.width_mm / arc.rule.height_mm : face.natural_width_ratio();
  const double centre = arc.bottom ? kPi : 0.0;
  const double half_span = arc.rule.span_deg / 2 * kPi / 180;
  const double h0 = mm_to_px(arc.rule.height_mm);
  const double h_min = h0 * arc.min_height_ratio;
  const double gap = mm_to_px(arc.rule.gap_mm);

  // Lower the glyphs step by step until narrowing alone makes them fit.
  double h = h0;
  for (;; h = std::max(h_min, h - h0 * 0.02)) {
    const EllipsePath path(arc.cx, arc.cy, arc.outer_a - gap - h / 2, arc.outer_b - gap - h / 2,
                           centre);
    const double available =
        path.length_to(centre + half_span) - path.length_to(centre - half_span);
    const double pitch = std::min(available / n, (natural + kMaxSpacing) * h);
    const double scale = std::min(1.0, (pitch - kMinSpacing * h) / (natural * h));
    const bool last = h <= h_min;
    if (scale >= arc.min_width_ratio || (last && scale * natural >= arc.legible_width_ratio)) {
      TextFit fit{h, scale, 0, 0, 0, 0};
      fit.extent_deg = std::fabs(path.param_at(n * pitch / 2) - centre) * 180 / kPi;
      for (std::size_t i = 0; i < arc.text.size(); ++i) {
        const double offset = (static_cast<double>(i) + 0.5) * pitch - n * pitch / 2;
        const double t = path.param_at(arc.bottom ? -offset : offset);
        const double turn = arc.bottom ? path.outward_angle(t) + kPi : path.outward_angle(t);
        if (i == 0) fit.first_deg = t * 180 / kPi;
        fit.last_deg = t * 180 / kPi;
        if (arc.text[i] == U' ') continue;
        GMSEAL_RETURN_IF_ERROR(fonts.for_char(arc.text[i])
                                   .draw(bitmap, arc.text[i], path.x(t), path.y(t), h,
                                         scale * natural / face.natural_width_ratio(), turn));
      }
      return fit;
    }
    if (last) {
      const int fits =
          static_cast<int>(std::floor(available / ((arc.legible_width_ratio + kMinSpacing) * h)));
      return too_long(
          arc.is_name, arc.field,
          arc.field + " has " + std::to_string(arc.text.size()) + " characters: on the " +
              arc.shape + "'s " + std::to_string(static_cast<int>(arc.rule.span_deg)) +
              " degree arc, even lowered to " + mm_text(h) + " its glyphs would be " +
              mm_text(std::max(0.0, pitch - kMinSpacing * h)) + " wide, under the legible " +
              std::to_string(static_cast<int>(arc.legible_width_ratio * 100)) +
              "% of their height; at most " + std::to_string(fits) +
              " characters fit: shorten it or choose a larger seal (" + arc.size_field + ")");
    }
  }
}

Result<TextFit> draw_line_text(Bitmap& bitmap, const Fonts& fonts, const LineText& line) {
  if (line.text.empty()) return TextFit{};
  GMSEAL_RETURN_IF_ERROR(check_glyphs(fonts, line.text, line.field));
  const FontFace& face = fonts.for_char(line.text.front());
  const auto n = static_cast<double>(line.text.size());
  const double h = mm_to_px(line.rule.height_mm);
  double w = line.rule.width_mm > 0 ? mm_to_px(line.rule.width_mm) : h * face.natural_width_ratio();
  double pitch = line.pitch_mm > 0 ? mm_to_px(line.pitch_mm) : w + kLineSpacing * h;
  double total = (n - 1) * pitch + w;
  const double max_width = mm_to_px(line.rule.max_width_mm);
  if (max_width > 0 && total > max_width) {
    const double f = max_width / total;
    w *= f;
    pitch *= f;
    total = max_width;
  }
  if (w / h < line.legible_width_ratio) {
    const int fits = static_cast<int>(std::floor((max_width + kLineSpacing * h) /
                                                 ((line.legible_width_ratio + kLineSpacing) * h)));
    return too_long(line.is_name, line.field,
                    line.field + " has " + std::to_string(line.text.size()) +
                        " characters: on one line of at most " + mm_text(max_width) + " of the " +
                        line.shape + " its glyphs would be " + mm_text(w) + " wide for " +
                        mm_text(h) + " high, too narrow to read; at most " + std::to_string(fits) +
                        " characters fit");
  }
  const double scale = w / (h * face.natural_width_ratio());
  for (std::size_t i = 0; i < line.text.size(); ++i) {
    if (line.text[i] == U' ') continue;
    const FontFace& f = fonts.for_char(line.text[i]);
    const double x = line.cx - total / 2 + w / 2 + static_cast<double>(i) * pitch;
    double glyph_scale = w / (h * f.natural_width_ratio());
    if (line.rule.width_mm > 0) {
      // A fixed glyph box (the taxpayer ID's 1.3 mm): wide letters such as M are narrowed
      // into it too.
      const double ink = f.ink_width_ratio(line.text[i]) * h;
      if (ink * glyph_scale > w) glyph_scale = w / ink;
    }
    GMSEAL_RETURN_IF_ERROR(f.draw(bitmap, line.text[i], x, line.top + h / 2, h, glyph_scale, 0));
  }
  return TextFit{h, scale, 0, 0, 0, total};
}

Result<TextFit> draw_grid_text(Bitmap& bitmap, const Fonts& fonts, const GridText& grid) {
  if (grid.text.empty()) return TextFit{};
  GMSEAL_RETURN_IF_ERROR(check_glyphs(fonts, grid.text, grid.field));
  const int n = static_cast<int>(grid.text.size());
  // Columns read right to left, top to bottom, as on Chinese name seals. Three characters put
  // the first alone in the right column, at full height.
  const int cols = n == 3 ? 2 : static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  const int rows = n == 3 ? 2 : (n + cols - 1) / cols;
  const double spacing = mm_to_px(grid.spacing_mm);
  const double cell_w = (grid.x1 - grid.x0) / cols;
  const double cell_h = (grid.y1 - grid.y0) / rows;
  const double glyph_h = cell_h - spacing;
  const double glyph_w = cell_w - spacing;
  const double min_h = mm_to_px(grid.min_height_mm);
  if (glyph_h < min_h || glyph_w / glyph_h < grid.legible_width_ratio) {
    return too_long(grid.is_name, grid.field,
                    grid.field + " has " + std::to_string(n) + " characters: in a " +
                        std::to_string(cols) + "x" + std::to_string(rows) + " grid on the " +
                        grid.shape + " each would be " + mm_text(glyph_w) + " x " +
                        mm_text(glyph_h) + ", under the legible " + mm_text(min_h) +
                        " height or width ratio; use fewer characters or a larger seal (" +
                        grid.size_field + ")");
  }
  TextFit fit{glyph_h, 1, 0, 0, 0, grid.x1 - grid.x0};
  int index = 0;
  for (int col = cols - 1; col >= 0 && index < n; --col) {
    // With three characters the right column holds one tall glyph.
    const int in_column = (n == 3 && col == cols - 1) ? 1 : rows;
    const double h = (n == 3 && col == cols - 1) ? grid.y1 - grid.y0 - spacing : glyph_h;
    for (int row = 0; row < in_column && index < n; ++row, ++index) {
      const char32_t c = grid.text[static_cast<std::size_t>(index)];
      if (c == U' ') continue;
      const FontFace& f = fonts.for_char(c);
      const double x = grid.x0 + (col + 0.5) * cell_w;
      const double y = grid.y0 + (row + 0.5) * (in_column == 1 ? grid.y1 - grid.y0 : cell_h);
      const double scale = glyph_w / (h * f.natural_width_ratio());
      fit.width_scale = scale;
      GMSEAL_RETURN_IF_ERROR(f.draw(bitmap, c, x, y, h, scale, 0));
    }
  }
  return fit;
}

}  // namespace gmseal::sealimage
