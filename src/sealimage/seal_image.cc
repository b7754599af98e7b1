#include "sealimage/seal_image.h"

#include <cmath>
#include <optional>
#include <sstream>

#include "sealimage/font_face.h"
#include "validate/seal_image.h"

namespace gmseal::sealimage {

namespace {

std::string shape_name(const SealLayout& l) {
  std::ostringstream out;
  out << std::noshowpoint;
  if (l.style == SealStyle::kRound) {
    out << "Ø" << l.width_mm << " mm round seal";
  } else {
    out << l.width_mm << "x" << l.height_mm << " mm " << to_string(l.style) << " seal";
  }
  return out.str();
}

// Sets `line` where it keeps `clearance_px` from every ink already drawn, narrowing it step by
// step (a purpose line beside the ends of a long name, say).
Result<TextFit> draw_line_clear(Bitmap& bitmap, const Fonts& fonts, LineText line,
                                double clearance_px) {
  const Bitmap blocked = bitmap.dilated(static_cast<int>(std::ceil(clearance_px)));
  for (;;) {
    Bitmap scratch(bitmap.width(), bitmap.height());
    auto fit = draw_line_text(scratch, fonts, line);
    if (!fit.ok()) {
      if (fit.error().code != "sealimage.text_too_long" || line.rule.max_width_mm <= 0) {
        return fit.error();
      }
      return make_error("sealimage.text_too_long",
                        line.field + " cannot be set legibly on the " + line.shape +
                            " without touching its name, star or code; shorten it",
                        line.field);
    }
    if (!scratch.overlaps(blocked)) {
      bitmap.merge(scratch);
      return fit;
    }
    line.rule.max_width_mm = fit->width_px / kPixelsPerMm - 0.5;
  }
}

constexpr double kClearanceMm = 0.4;
// Degrees kept free between the ends of the name and of the code on a round seal.
constexpr double kArcEndsGapDeg = 6;

}  // namespace

Result<DrawnSeal> draw_seal(const SealImageRequest& request) {
  const SealLayout& l = request.layout;
  const std::string song_path =
      request.song_font.empty() ? default_song_font_path() : request.song_font;
  GMSEAL_ASSIGN_OR_RETURN(const FontFace song, FontFace::open(song_path, U'国'));
  std::optional<FontFace> digits;
  const std::string digit_path =
      request.digit_font.empty() ? default_digit_font_path() : request.digit_font;
  if (!digit_path.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(digits, FontFace::open(digit_path, U'0'));
  }
  const Fonts fonts{&song, digits ? &*digits : nullptr};

  GMSEAL_ASSIGN_OR_RETURN(const std::u32string name, decode_utf8(request.name, "--name"));
  GMSEAL_ASSIGN_OR_RETURN(
      const std::u32string purpose,
      decode_utf8(request.purpose.empty() ? l.default_purpose : request.purpose, "--purpose"));
  GMSEAL_ASSIGN_OR_RETURN(const std::u32string code, decode_utf8(request.code, "--code"));
  if (name.empty()) return make_error("sealimage.text", "the seal needs a name", "--name");
  if (!code.empty() && (l.style == SealStyle::kSquare || l.style == SealStyle::kRect)) {
    return make_error("sealimage.option",
                      "a " + std::string(to_string(l.style)) + " seal has no place for a code",
                      "--code");
  }
  if (!purpose.empty() && l.style == SealStyle::kSquare) {
    return make_error("sealimage.option", "a square name seal has no place for a purpose line",
                      "--purpose");
  }

  const int width = static_cast<int>(std::lround(mm_to_px(l.width_mm)));
  const int height = static_cast<int>(std::lround(mm_to_px(l.height_mm)));
  DrawnSeal out;
  out.bitmap = Bitmap(width, height);
  Bitmap& bitmap = out.bitmap;
  const double cx = width / 2.0;
  const double cy = height / 2.0;
  const double border = mm_to_px(l.border_mm);
  const std::string shape = shape_name(l);

  if (l.style == SealStyle::kRound || l.style == SealStyle::kOval) {
    bitmap.ellipse_ring(cx, cy, cx, cy, border);
    double purpose_top = mm_to_px(l.purpose.top_mm);
    if (l.star_diameter_mm > 0) {
      out.star_cx = cx;
      out.star_cy = cy;
      out.star_radius = mm_to_px(l.star_diameter_mm / 2);
      bitmap.star(cx, cy, out.star_radius);
      // The purpose line stays clear of the star's lower points (0.809 r below the centre).
      purpose_top = std::max(purpose_top, out.star_radius * 0.809 + mm_to_px(0.5));
    }
    TextRule name_rule = l.name;
    if (l.style == SealStyle::kRound) {
      // The code first: the name's span then stops short of the code's ends.
      ArcText lower{code,
                    "--code",
                    cx,
                    cy,
                    cx - border,
                    cy - border,
                    l.code,
                    true,
                    l.min_width_ratio,
                    l.min_height_ratio,
                    l.legible_width_ratio,
                    shape};
      GMSEAL_ASSIGN_OR_RETURN(const TextFit code_fit, draw_arc_text(bitmap, fonts, lower));
      if (!code.empty()) {
        name_rule.span_deg =
            std::min(name_rule.span_deg, 360 - 2 * (code_fit.extent_deg + kArcEndsGapDeg));
      }
    }
    ArcText arc{name,
                "--name",
                cx,
                cy,
                cx - border,
                cy - border,
                name_rule,
                false,
                l.min_width_ratio,
                l.min_height_ratio,
                l.legible_width_ratio,
                shape};
    GMSEAL_ASSIGN_OR_RETURN(out.name_fit, draw_arc_text(bitmap, fonts, arc));
    const double clearance = mm_to_px(kClearanceMm);
    if (l.style == SealStyle::kOval) {
      // The taxpayer ID: digits at a fixed pitch (26 mm / 18), centred on the seal.
      LineText id{code,
                  "--code",
                  cx,
                  cy - mm_to_px(l.code.height_mm) / 2,
                  l.code,
                  l.code.max_width_mm / 18,
                  l.legible_width_ratio,
                  shape};
      GMSEAL_RETURN_IF_ERROR(draw_line_clear(bitmap, fonts, id, clearance));
    }
    LineText line{purpose, "--purpose",           cx,   cy + purpose_top, l.purpose,
                  0,       l.legible_width_ratio, shape};
    GMSEAL_RETURN_IF_ERROR(draw_line_clear(bitmap, fonts, line, clearance));
    return out;
  }

  bitmap.rect_frame(0, 0, width, height, border);
  const double inset = border + mm_to_px(l.name.gap_mm);
  if (l.style == SealStyle::kSquare) {
    GridText grid{name,          "--name",      inset,
                  inset,         width - inset, height - inset,
                  l.name.gap_mm, 2.5,           l.legible_width_ratio,
                  shape};
    GMSEAL_ASSIGN_OR_RETURN(out.name_fit, draw_grid_text(bitmap, fonts, grid));
    return out;
  }
  // Rectangular: the name on one line, the purpose under it, both centred.
  const double name_h = mm_to_px(l.name.height_mm);
  const double purpose_h = purpose.empty() ? 0 : mm_to_px(l.purpose.height_mm);
  const double between = purpose.empty() ? 0 : mm_to_px(l.name.gap_mm);
  const double top = cy - (name_h + between + purpose_h) / 2;
  TextRule name_rule = l.name;
  name_rule.max_width_mm = (width - 2 * inset) / kPixelsPerMm;
  LineText name_line{name, "--name", cx, top, name_rule, 0, l.legible_width_ratio, shape};
  GMSEAL_ASSIGN_OR_RETURN(out.name_fit, draw_line_text(bitmap, fonts, name_line));
  TextRule purpose_rule = l.purpose;
  purpose_rule.max_width_mm = name_rule.max_width_mm;
  LineText purpose_line{purpose, "--purpose",           cx,   top + name_h + between, purpose_rule,
                        0,       l.legible_width_ratio, shape};
  GMSEAL_RETURN_IF_ERROR(draw_line_text(bitmap, fonts, purpose_line));
  return out;
}

Result<Bytes> encode_seal_png(const Bitmap& bitmap) {
  // Index 0: white, fully transparent (the paper shows through); index 1: seal red, opaque.
  const std::vector<std::uint8_t> palette = {0xFF,       0xFF,       0xFF,       0x00,
                                             kInkRgb[0], kInkRgb[1], kInkRgb[2], 0xFF};
  GMSEAL_ASSIGN_OR_RETURN(
      Bytes png, validate::encode_palette_png(static_cast<std::uint32_t>(bitmap.width()),
                                              static_cast<std::uint32_t>(bitmap.height()), palette,
                                              bitmap.pixels(), validate::kSealImageDpi));
  if (png.size() > validate::kMaxSealImageBytes) {
    return make_error("sealimage.too_large",
                      "the seal image came to " + std::to_string(png.size()) +
                          " bytes, over the specification's 25 KB (25600 bytes); use fewer or "
                          "simpler characters",
                      "--name");
  }
  const auto violations = validate::seal_image_violations(png);
  if (!violations.empty()) {
    return make_error("sealimage.invalid",
                      "the drawn image breaks a seal-image rule: " + violations.front().message);
  }
  return png;
}

Result<Bytes> make_seal_image(const SealImageRequest& request) {
  GMSEAL_ASSIGN_OR_RETURN(const DrawnSeal drawn, draw_seal(request));
  return encode_seal_png(drawn.bitmap);
}

}  // namespace gmseal::sealimage
