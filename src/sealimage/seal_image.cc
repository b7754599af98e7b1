#include "sealimage/seal_image.h"

#include <algorithm>
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

// The taxpayer ID across an oval invoice seal's middle. 国家税务总局公告2011年第7号 draws it as
// 18 characters; today that is the unified social credit code (GB 32100-2015), every unit's
// taxpayer ID since the 2015-2017 registration reform. Older invoice seals still in use carry
// the 15-character tax registration number (6-digit region code + 9-character organisation
// code), and an individual business's ID is its holder's resident ID number followed by two
// digits: 20 characters for an 18-digit ID card. These three lengths are accepted. A
// 17-character ID (a withdrawn 15-digit ID card + 2) is found on old seals too, but a new
// image with 17 characters is far more likely a USCC missing a character, so it is refused.
// (These readings come from secondary sources, UNVERIFIED like the others in
// docs/seal-images.md.) Digits and capital letters only, as the ID is printed; the USCC check
// character is not verified here, since the 15- and 20-character forms have none.
Status check_taxpayer_id(const std::u32string& code, const std::string& field) {
  const std::size_t n = code.size();
  if (n == 0) {
    return make_error("sealimage.taxpayer_id",
                      "an oval invoice seal carries the taxpayer ID across its middle "
                      "(国家税务总局公告2011年第7号): give " +
                          field +
                          ", the 18-character unified social credit code (or a 15- or "
                          "20-character taxpayer ID)",
                      field);
  }
  const bool alnum = std::all_of(code.begin(), code.end(), [](char32_t c) {
    return (c >= U'0' && c <= U'9') || (c >= U'A' && c <= U'Z');
  });
  if (!alnum || (n != 15 && n != 18 && n != 20)) {
    return make_error("sealimage.taxpayer_id",
                      field + ", the taxpayer ID across an oval invoice seal, has " +
                          std::to_string(n) + " characters" +
                          (alnum ? "" : ", not all digits or capital letters") +
                          ": it must be the 18-character unified social credit code (or a 15- "
                          "or 20-character taxpayer ID), digits and capital letters only",
                      field);
  }
  return {};
}

// A font error names the input that chose the font (empty for the server's configured one).
Error with_field(Error error, const std::string& field) {
  error.field = field;
  return error;
}

constexpr double kClearanceMm = 0.4;
// Degrees kept free between the ends of the name and of the code on a round seal.
constexpr double kArcEndsGapDeg = 6;

}  // namespace

Result<DrawnSeal> draw_seal(const SealImageRequest& request) {
  const SealLayout& l = request.layout;
  const std::string song_path =
      request.song_font.empty() ? default_song_font_path() : request.song_font;
  const FieldNames& f = request.fields;
  auto song = FontFace::open(song_path, U'国');
  if (!song.ok()) return with_field(song.error(), f.font);
  std::optional<FontFace> digits;
  const std::string digit_path =
      request.digit_font.empty() ? default_digit_font_path() : request.digit_font;
  if (!digit_path.empty()) {
    auto opened = FontFace::open(digit_path, U'0');
    if (!opened.ok()) return with_field(opened.error(), f.digit_font);
    digits = std::move(*opened);
  }
  const Fonts fonts{&*song, digits ? &*digits : nullptr, f.font_hint};

  GMSEAL_ASSIGN_OR_RETURN(const std::u32string name, decode_utf8(request.name, f.name));
  GMSEAL_ASSIGN_OR_RETURN(
      const std::u32string purpose,
      decode_utf8(request.purpose.empty() ? l.default_purpose : request.purpose, f.purpose));
  GMSEAL_ASSIGN_OR_RETURN(const std::u32string code, decode_utf8(request.code, f.code));
  if (name.empty()) return make_error("sealimage.text", "the seal needs a " + f.name, f.name);
  if (!code.empty() && (l.style == SealStyle::kSquare || l.style == SealStyle::kRect)) {
    return make_error("sealimage.option",
                      "a " + std::string(to_string(l.style)) + " seal has no place for a " + f.code,
                      f.code);
  }
  if (l.style == SealStyle::kOval) GMSEAL_RETURN_IF_ERROR(check_taxpayer_id(code, f.code));
  if (!purpose.empty() && l.style == SealStyle::kSquare) {
    return make_error("sealimage.option",
                      "a square name seal has no place for a purpose line (" + f.purpose + ")",
                      f.purpose);
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
      const ArcText lower{.text = code,
                          .field = f.code,
                          .cx = cx,
                          .cy = cy,
                          .outer_a = cx - border,
                          .outer_b = cy - border,
                          .rule = l.code,
                          .bottom = true,
                          .min_width_ratio = l.min_width_ratio,
                          .min_height_ratio = l.min_height_ratio,
                          .legible_width_ratio = l.legible_width_ratio,
                          .shape = shape,
                          .size_field = f.size};
      GMSEAL_ASSIGN_OR_RETURN(const TextFit code_fit, draw_arc_text(bitmap, fonts, lower));
      if (!code.empty()) {
        name_rule.span_deg =
            std::min(name_rule.span_deg, 360 - 2 * (code_fit.extent_deg + kArcEndsGapDeg));
      }
    }
    const ArcText arc{.text = name,
                      .field = f.name,
                      .cx = cx,
                      .cy = cy,
                      .outer_a = cx - border,
                      .outer_b = cy - border,
                      .rule = name_rule,
                      .bottom = false,
                      .min_width_ratio = l.min_width_ratio,
                      .min_height_ratio = l.min_height_ratio,
                      .legible_width_ratio = l.legible_width_ratio,
                      .shape = shape,
                      .is_name = true,
                      .size_field = l.style == SealStyle::kRound ? f.size : f.width};
    GMSEAL_ASSIGN_OR_RETURN(out.name_fit, draw_arc_text(bitmap, fonts, arc));
    const double clearance = mm_to_px(kClearanceMm);
    if (l.style == SealStyle::kOval) {
      // The taxpayer ID: digits at a fixed pitch (26 mm / 18), centred on the seal. A
      // 20-character ID keeps the pitch and grows past 26 mm, narrowed only as far as the
      // name's ends need (draw_line_clear); 15 characters stay at the pitch, 21.5 mm wide.
      TextRule id_rule = l.code;
      id_rule.max_width_mm *= std::max(1.0, static_cast<double>(code.size()) / 18);
      const LineText id{.text = code,
                        .field = f.code,
                        .cx = cx,
                        .top = cy - mm_to_px(l.code.height_mm) / 2,
                        .rule = id_rule,
                        .pitch_mm = l.code.max_width_mm / 18,
                        .legible_width_ratio = l.legible_width_ratio,
                        .shape = shape};
      GMSEAL_RETURN_IF_ERROR(draw_line_clear(bitmap, fonts, id, clearance));
    }
    const LineText line{.text = purpose,
                        .field = f.purpose,
                        .cx = cx,
                        .top = cy + purpose_top,
                        .rule = l.purpose,
                        .legible_width_ratio = l.legible_width_ratio,
                        .shape = shape};
    GMSEAL_RETURN_IF_ERROR(draw_line_clear(bitmap, fonts, line, clearance));
    return out;
  }

  bitmap.rect_frame(0, 0, width, height, border);
  const double inset = border + mm_to_px(l.name.gap_mm);
  if (l.style == SealStyle::kSquare) {
    const GridText grid{.text = name,
                        .field = f.name,
                        .x0 = inset,
                        .y0 = inset,
                        .x1 = width - inset,
                        .y1 = height - inset,
                        .spacing_mm = l.name.gap_mm,
                        .min_height_mm = 2.5,
                        .legible_width_ratio = l.legible_width_ratio,
                        .shape = shape,
                        .is_name = true,
                        .size_field = f.size};
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
  const LineText name_line{.text = name,
                           .field = f.name,
                           .cx = cx,
                           .top = top,
                           .rule = name_rule,
                           .legible_width_ratio = l.legible_width_ratio,
                           .shape = shape,
                           .is_name = true};
  GMSEAL_ASSIGN_OR_RETURN(out.name_fit, draw_line_text(bitmap, fonts, name_line));
  TextRule purpose_rule = l.purpose;
  purpose_rule.max_width_mm = name_rule.max_width_mm;
  const LineText purpose_line{.text = purpose,
                              .field = f.purpose,
                              .cx = cx,
                              .top = top + name_h + between,
                              .rule = purpose_rule,
                              .legible_width_ratio = l.legible_width_ratio,
                              .shape = shape};
  GMSEAL_RETURN_IF_ERROR(draw_line_text(bitmap, fonts, purpose_line));
  return out;
}

Result<Bytes> encode_seal_png(const Bitmap& bitmap, const FieldNames& names) {
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
                          "simpler characters in " +
                          names.name,
                      names.name);
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
  return encode_seal_png(drawn.bitmap, request.fields);
}

}  // namespace gmseal::sealimage
