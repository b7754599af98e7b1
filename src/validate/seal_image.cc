#include "validate/seal_image.h"

#include <png.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <csetjmp>
#include <cstring>
#include <string>

namespace gmseal::validate {

namespace {

constexpr std::uint32_t kMaxDimension = 4096;
constexpr double kMetresPerInch = 0.0254;

// libpng reports errors by longjmp; only plain C data lives in the frames it unwinds.
struct PngErrorState {
  char message[200] = {};
};

void on_png_error(png_structp png, png_const_charp message) {
  auto* state = static_cast<PngErrorState*>(png_get_error_ptr(png));
  std::snprintf(state->message, sizeof state->message, "%s", message);
  png_longjmp(png, 1);
}
void on_png_warning(png_structp, png_const_charp) {}

struct MemoryReader {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t pos;
};

void read_from_memory(png_structp png, png_bytep out, png_size_t count) {
  auto* reader = static_cast<MemoryReader*>(png_get_io_ptr(png));
  if (count > reader->size - reader->pos) png_error(png, "truncated PNG data");
  std::memcpy(out, reader->data + reader->pos, count);
  reader->pos += count;
}

struct Decoded {
  PngInfo info;
  std::vector<std::uint8_t> rgba;  // owned by the caller's frame, outside the longjmp range
  std::vector<png_bytep> rows;
};

// Returns false with state.message set on failure.
bool decode(ByteView input, Decoded& out, PngErrorState& state) {
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_png_error, on_png_warning);
  if (png == nullptr) {
    std::snprintf(state.message, sizeof state.message, "out of memory");
    return false;
  }
  png_infop info = png_create_info_struct(png);
  MemoryReader reader{input.data(), input.size(), 0};
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, info != nullptr ? &info : nullptr, nullptr);
    if (state.message[0] == '\0') std::snprintf(state.message, sizeof state.message, "failed");
    return false;
  }
  png_set_user_limits(png, kMaxDimension, kMaxDimension);
  png_set_chunk_malloc_max(png, 8u << 20);
  png_set_read_fn(png, &reader, read_from_memory);
  png_read_info(png, info);

  out.info.width = png_get_image_width(png, info);
  out.info.height = png_get_image_height(png, info);
  out.info.bit_depth = png_get_bit_depth(png, info);
  out.info.colour_type = png_get_color_type(png, info);
  png_uint_32 res_x = 0, res_y = 0;
  int unit = 0;
  if (png_get_pHYs(png, info, &res_x, &res_y, &unit) != 0 && unit == PNG_RESOLUTION_METER) {
    out.info.dpi_x = res_x * kMetresPerInch;
    out.info.dpi_y = res_y * kMetresPerInch;
  }

  // Normalise every colour type to 8-bit RGBA.
  png_set_expand(png);
  png_set_strip_16(png);
  png_set_gray_to_rgb(png);
  png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);

  const std::size_t stride = static_cast<std::size_t>(out.info.width) * 4;
  out.rgba.resize(stride * out.info.height);
  out.rows.resize(out.info.height);
  for (std::size_t y = 0; y < out.rows.size(); ++y) out.rows[y] = &out.rgba[y * stride];
  png_read_image(png, out.rows.data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

int count_colours(const std::vector<std::uint8_t>& rgba) {
  std::array<std::uint32_t, 3> seen{};
  int count = 0;
  for (std::size_t i = 0; i + 3 < rgba.size(); i += 4) {
    // Fully transparent pixels are one colour whatever their RGB.
    const std::uint32_t value =
        rgba[i + 3] == 0 ? 0u
                         : (std::uint32_t{rgba[i]} << 24 | std::uint32_t{rgba[i + 1]} << 16 |
                            std::uint32_t{rgba[i + 2]} << 8 | rgba[i + 3]);
    if (std::find(seen.begin(), seen.begin() + count, value) != seen.begin() + count) continue;
    seen[static_cast<std::size_t>(count)] = value;
    if (++count == 3) break;
  }
  return count;
}

Error image_error(std::string code, std::string message) {
  return make_error(std::move(code), std::move(message), "sealImg");
}

}  // namespace

Result<PngInfo> inspect_png(ByteView png) {
  if (png.size() < 8 || png_sig_cmp(png.data(), 0, 8) != 0) {
    return image_error("validate.image.not_png", "seal image is not a PNG (no PNG signature)");
  }
  Decoded decoded;
  PngErrorState state;
  if (!decode(png, decoded, state)) {
    const std::string reason = state.message;
    if (reason.find("too large") != std::string::npos ||
        reason.find("exceeds") != std::string::npos) {
      return image_error("validate.image.too_large",
                         "seal image dimensions exceed 4096 x 4096 (" + reason + ")");
    }
    return image_error("validate.image.decode_failed", "seal image PNG is malformed: " + reason);
  }
  decoded.info.colours = count_colours(decoded.rgba);
  decoded.info.bytes = png.size();
  return decoded.info;
}

std::vector<Error> seal_image_violations(ByteView png) {
  std::vector<Error> violations;
  if (png.size() > kMaxSealImageBytes) {
    violations.push_back(image_error("validate.image.too_large",
                                     "seal image has " + std::to_string(png.size()) +
                                         " bytes; at most 25 KB (25600 bytes) are allowed"));
  }
  auto info = inspect_png(png);
  if (!info.ok()) {
    violations.push_back(info.error());
    return violations;
  }
  if (info->bit_depth > 8) {
    violations.push_back(image_error("validate.image.bit_depth",
                                     "seal image has bit depth " + std::to_string(info->bit_depth) +
                                         "; PNG8 (8 or less) is required"));
  }
  if (info->colours != 2) {
    violations.push_back(image_error(
        "validate.image.colours",
        info->colours >= 3 ? "seal image has three or more colours; exactly two are required"
                           : "seal image has " + std::to_string(info->colours) +
                                 " colour(s); exactly two are required"));
  }
  const auto is_600 = [](const std::optional<double>& dpi) {
    return dpi && std::fabs(*dpi - kSealImageDpi) < 0.05;
  };
  if (!is_600(info->dpi_x) || !is_600(info->dpi_y)) {
    std::string found = "no pHYs resolution in metres";
    if (info->dpi_x && info->dpi_y) {
      found = std::to_string(static_cast<int>(std::lround(*info->dpi_x))) + " x " +
              std::to_string(static_cast<int>(std::lround(*info->dpi_y))) + " DPI";
    }
    violations.push_back(
        image_error("validate.image.dpi", "seal image must be 600 DPI (pHYs), found " + found));
  }
  return violations;
}

Result<Bytes> check_seal_image_base64(std::string_view base64_text) {
  auto png = base64_decode(base64_text);
  if (!png.ok() || png->empty()) {
    return image_error("validate.image.base64", "sealImg is not base64 data");
  }
  auto violations = seal_image_violations(*png);
  if (!violations.empty()) return violations.front();
  return std::move(png).value();
}

namespace {
void write_to_vector(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<Bytes*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}
void flush_nothing(png_structp) {}

bool encode(std::uint32_t width, std::uint32_t height, const std::vector<png_color>& colours,
            const std::vector<png_byte>& alphas, const std::vector<png_bytep>& rows,
            png_uint_32 ppm, Bytes& out, PngErrorState& state) {
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_png_error, on_png_warning);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, info != nullptr ? &info : nullptr);
    return false;
  }
  png_set_write_fn(png, &out, write_to_vector, flush_nothing);
  png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_PLTE(png, info, colours.data(), static_cast<int>(colours.size()));
  png_set_tRNS(png, info, alphas.data(), static_cast<int>(alphas.size()), nullptr);
  png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
  png_set_compression_level(png, 9);
  png_write_info(png, info);
  png_write_image(png, const_cast<png_bytepp>(rows.data()));
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}
}  // namespace

Result<Bytes> encode_palette_png(std::uint32_t width, std::uint32_t height,
                                 const std::vector<std::uint8_t>& palette_rgba,
                                 const std::vector<std::uint8_t>& indexes, unsigned dpi) {
  const std::size_t entries = palette_rgba.size() / 4;
  if (width == 0 || height == 0 || width > kMaxDimension || height > kMaxDimension ||
      palette_rgba.size() % 4 != 0 || entries == 0 || entries > 256 ||
      indexes.size() != static_cast<std::size_t>(width) * height) {
    return make_error("validate.image.encode_failed", "bad PNG dimensions, palette or pixels");
  }
  std::vector<png_color> colours(entries);
  std::vector<png_byte> alphas(entries);
  for (std::size_t i = 0; i < entries; ++i) {
    colours[i] = {palette_rgba[i * 4], palette_rgba[i * 4 + 1], palette_rgba[i * 4 + 2]};
    alphas[i] = palette_rgba[i * 4 + 3];
  }
  for (const std::uint8_t index : indexes) {
    if (index >= entries) {
      return make_error("validate.image.encode_failed", "pixel index outside the palette");
    }
  }
  std::vector<png_bytep> rows(height);
  for (std::size_t y = 0; y < height; ++y) {
    rows[y] = const_cast<png_bytep>(&indexes[y * width]);
  }
  const auto ppm = static_cast<png_uint_32>(std::lround(dpi / kMetresPerInch));
  Bytes out;
  PngErrorState state;
  if (!encode(width, height, colours, alphas, rows, ppm, out, state)) {
    return make_error("validate.image.encode_failed",
                      std::string("libpng could not write the image: ") + state.message);
  }
  return out;
}

}  // namespace gmseal::validate
