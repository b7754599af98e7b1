#include "sealimage/font_face.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace gmseal::sealimage {

namespace {

Error font_error(const std::string& path, const std::string& why) {
  return make_error("sealimage.font", "font " + path + ": " + why, "--font");
}

std::string codepoint_text(char32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
  return buffer;
}

}  // namespace

std::string default_song_font_path() {
  for (const char* candidate : {"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
                                "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"}) {
    if (std::filesystem::exists(candidate)) return candidate;
  }
  return {};
}

std::string default_digit_font_path() {
  const char* candidate = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf";
  return std::filesystem::exists(candidate) ? candidate : std::string();
}

struct FontFace::Impl {
  std::string path;
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  // The reference glyph's ink box in font units.
  double ref_height = 0;
  double ref_width = 0;
  double ref_middle_y = 0;

  ~Impl() {
    if (face != nullptr) FT_Done_Face(face);
    if (library != nullptr) FT_Done_FreeType(library);
  }
};

FontFace::FontFace(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
FontFace::FontFace(FontFace&&) noexcept = default;
FontFace& FontFace::operator=(FontFace&&) noexcept = default;
FontFace::~FontFace() = default;

Result<FontFace> FontFace::open(const std::string& path, char32_t reference) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  if (path.empty()) return font_error("(none)", "no font file given and no default font found");
  if (FT_Init_FreeType(&impl->library) != 0) return font_error(path, "FreeType did not start");
  if (FT_New_Face(impl->library, path.c_str(), 0, &impl->face) != 0) {
    return font_error(path, "cannot be opened as an outline font");
  }
  // In a collection (Noto Serif CJK .ttc) take the Simplified Chinese member.
  const FT_Long faces = impl->face->num_faces;
  for (FT_Long i = 1; i < faces; ++i) {
    const std::string family = impl->face->family_name ? impl->face->family_name : "";
    if (family.ends_with(" SC")) break;
    FT_Done_Face(impl->face);
    impl->face = nullptr;
    if (FT_New_Face(impl->library, path.c_str(), i, &impl->face) != 0) {
      return font_error(path, "collection member " + std::to_string(i) + " is unreadable");
    }
  }
  if (!FT_IS_SCALABLE(impl->face)) return font_error(path, "is not an outline font");
  FT_Select_Charmap(impl->face, FT_ENCODING_UNICODE);
  const FT_UInt index = FT_Get_Char_Index(impl->face, reference);
  if (index == 0 || FT_Load_Glyph(impl->face, index, FT_LOAD_NO_SCALE | FT_LOAD_NO_BITMAP) != 0 ||
      impl->face->glyph->format != FT_GLYPH_FORMAT_OUTLINE) {
    return font_error(path, "has no outline for the reference glyph " + codepoint_text(reference));
  }
  FT_BBox box;
  FT_Outline_Get_CBox(&impl->face->glyph->outline, &box);
  impl->ref_height = static_cast<double>(box.yMax - box.yMin);
  impl->ref_width = static_cast<double>(box.xMax - box.xMin);
  impl->ref_middle_y = (box.yMax + box.yMin) / 2.0;
  if (impl->ref_height <= 0 || impl->ref_width <= 0) {
    return font_error(path, "its reference glyph " + codepoint_text(reference) + " is empty");
  }
  return FontFace(std::move(impl));
}

const std::string& FontFace::path() const { return m_impl->path; }

bool FontFace::has_glyph(char32_t codepoint) const {
  return FT_Get_Char_Index(m_impl->face, codepoint) != 0;
}

double FontFace::natural_width_ratio() const { return m_impl->ref_width / m_impl->ref_height; }

double FontFace::ink_width_ratio(char32_t codepoint) const {
  const FT_UInt index = FT_Get_Char_Index(m_impl->face, codepoint);
  if (index == 0 || FT_Load_Glyph(m_impl->face, index, FT_LOAD_NO_SCALE | FT_LOAD_NO_BITMAP) != 0 ||
      m_impl->face->glyph->format != FT_GLYPH_FORMAT_OUTLINE) {
    return 0;
  }
  FT_BBox box;
  FT_Outline_Get_CBox(&m_impl->face->glyph->outline, &box);
  return static_cast<double>(box.xMax - box.xMin) / m_impl->ref_height;
}

Status FontFace::draw(Bitmap& bitmap, char32_t codepoint, double cx, double cy, double height_px,
                      double width_scale, double clockwise_rad) const {
  FT_Face face = m_impl->face;
  const FT_UInt index = FT_Get_Char_Index(face, codepoint);
  if (index == 0) {
    return make_error("sealimage.glyph_missing",
                      "font " + m_impl->path + " has no glyph for " + codepoint_text(codepoint),
                      "--font");
  }
  if (FT_Load_Glyph(face, index, FT_LOAD_NO_SCALE | FT_LOAD_NO_BITMAP) != 0 ||
      face->glyph->format != FT_GLYPH_FORMAT_OUTLINE) {
    return font_error(m_impl->path, "cannot load the outline of " + codepoint_text(codepoint));
  }
  FT_GlyphSlot slot = face->glyph;
  // Font units -> centred on the em middle -> scaled and narrowed -> turned (clockwise on the
  // page is clockwise in FreeType's y-up space too) -> 26.6 pixels -> sub-pixel offset.
  const FT_Pos centre_x = slot->metrics.horiAdvance / 2;
  const auto centre_y = static_cast<FT_Pos>(std::lround(m_impl->ref_middle_y));
  FT_Outline_Translate(&slot->outline, -centre_x, -centre_y);
  const double k = 64.0 * height_px / m_impl->ref_height;
  const double c = std::cos(clockwise_rad);
  const double s = std::sin(clockwise_rad);
  const auto fixed = [](double v) { return static_cast<FT_Fixed>(std::lround(v * 65536.0)); };
  FT_Matrix m;
  m.xx = fixed(k * width_scale * c);
  m.xy = fixed(k * s);
  m.yx = fixed(-k * width_scale * s);
  m.yy = fixed(k * c);
  FT_Outline_Transform(&slot->outline, &m);
  const double origin_x = std::floor(cx);
  const double origin_y = std::floor(cy);
  FT_Outline_Translate(&slot->outline, std::lround((cx - origin_x) * 64),
                       -std::lround((cy - origin_y) * 64));
  if (FT_Render_Glyph(slot, FT_RENDER_MODE_MONO) != 0) {
    return font_error(m_impl->path, "cannot rasterise " + codepoint_text(codepoint));
  }
  const FT_Bitmap& glyph = slot->bitmap;
  const int pitch = glyph.pitch < 0 ? -glyph.pitch : glyph.pitch;
  for (unsigned row = 0; row < glyph.rows; ++row) {
    const unsigned char* line = glyph.buffer + static_cast<std::size_t>(row) * pitch;
    for (unsigned col = 0; col < glyph.width; ++col) {
      if ((line[col >> 3] & (0x80 >> (col & 7))) != 0) {
        bitmap.set_ink(static_cast<int>(origin_x) + slot->bitmap_left + static_cast<int>(col),
                       static_cast<int>(origin_y) - slot->bitmap_top + static_cast<int>(row));
      }
    }
  }
  return {};
}

}  // namespace gmseal::sealimage
