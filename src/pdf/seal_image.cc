#include "pdf/seal_image.h"

#include <png.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <vector>

#include "util/media_type.h"

namespace gmseal::pdf {

namespace {

Error malformed(const std::string& format, const std::string& why) {
  return make_error("pdf.image.malformed", format + " seal picture: " + why);
}

// Seal pictures come from untrusted .esl files: a header may claim any size. A 40 mm seal at
// 1200 DPI is about 1900 x 1900 pixels; 16 Mi pixels (48 MiB of RGB) is far above any real one.
constexpr std::size_t kMaxSide = 20000;
constexpr std::size_t kMaxPixels = std::size_t{1} << 24;

Status check_size(const std::string& format, std::size_t width, std::size_t height) {
  if (width == 0 || height == 0 || width > kMaxSide || height > kMaxSide ||
      width * height > kMaxPixels) {
    return malformed(format, "size " + std::to_string(width) + "x" + std::to_string(height) +
                                 " is out of range (at most " + std::to_string(kMaxPixels) +
                                 " pixels)");
  }
  return {};
}

// Little-endian reads that stay inside `d`: a read past the end yields nullopt.
std::optional<std::uint32_t> le32(ByteView d, std::size_t at) {
  if (at > d.size() || d.size() - at < 4) return std::nullopt;
  return d[at] | d[at + 1] << 8 | d[at + 2] << 16 | static_cast<std::uint32_t>(d[at + 3]) << 24;
}
std::optional<std::uint16_t> le16(ByteView d, std::size_t at) {
  if (at > d.size() || d.size() - at < 2) return std::nullopt;
  return static_cast<std::uint16_t>(d[at] | d[at + 1] << 8);
}

void finish_alpha(PdfImage& image) {
  if (std::all_of(image.alpha.begin(), image.alpha.end(), [](std::uint8_t a) { return a == 255; }))
    image.alpha.clear();
}

std::uint32_t be32(ByteView d, std::size_t at) {
  return static_cast<std::uint32_t>(d[at]) << 24 | static_cast<std::uint32_t>(d[at + 1]) << 16 |
         static_cast<std::uint32_t>(d[at + 2]) << 8 | d[at + 3];
}

constexpr double kMetresPerInch = 0.0254;

// PNG's pHYs (PNG 1.2 section 4.2.4.2: x and y pixels per unit, unit 1 = the metre, 0 = only
// an aspect ratio), which must come before the first IDAT. Sets nothing when absent.
void read_png_density(ByteView data, PdfImage& out) {
  for (std::size_t pos = 8; pos + 12 <= data.size();) {
    const std::uint32_t length = be32(data, pos);
    if (length > data.size() - pos - 12) return;
    const std::string_view type(reinterpret_cast<const char*>(&data[pos + 4]), 4);
    if (type == "IDAT" || type == "IEND") return;
    if (type == "pHYs" && length == 9 && data[pos + 16] == 1) {
      out.dpi_x = be32(data, pos + 8) * kMetresPerInch;
      out.dpi_y = be32(data, pos + 12) * kMetresPerInch;
      return;
    }
    pos += 12 + length;
  }
}

Result<PdfImage> decode_png(ByteView data) {
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_memory(&img, data.data(), data.size()) == 0) {
    return malformed("PNG", img.message);
  }
  img.format = PNG_FORMAT_RGBA;
  if (auto size = check_size("PNG", img.width, img.height); !size.ok()) {
    png_image_free(&img);
    return size.error();
  }
  Bytes rgba(PNG_IMAGE_SIZE(img));
  if (png_image_finish_read(&img, nullptr, rgba.data(), 0, nullptr) == 0) {
    std::string why = img.message;
    png_image_free(&img);
    return malformed("PNG", why);
  }
  PdfImage out;
  out.width = static_cast<int>(img.width);
  out.height = static_cast<int>(img.height);
  const std::size_t pixels = static_cast<std::size_t>(out.width) * out.height;
  out.samples.resize(pixels * 3);
  out.alpha.resize(pixels);
  for (std::size_t i = 0; i < pixels; ++i) {
    std::memcpy(&out.samples[i * 3], &rgba[i * 4], 3);
    out.alpha[i] = rgba[i * 4 + 3];
  }
  finish_alpha(out);
  read_png_density(data, out);
  return out;
}

// JPEG: walk the markers up to the first SOFn (baseline, extended, progressive, lossless).
Result<PdfImage> decode_jpeg(ByteView data) {
  if (data.size() < 4 || data[0] != 0xff || data[1] != 0xd8) return malformed("JPEG", "no SOI");
  std::size_t pos = 2;
  double dpi_x = 0, dpi_y = 0;
  while (pos + 4 <= data.size()) {
    if (data[pos] != 0xff) return malformed("JPEG", "marker expected at " + std::to_string(pos));
    const std::uint8_t marker = data[pos + 1];
    if (marker == 0xff) {
      ++pos;
      continue;
    }
    const std::size_t length = static_cast<std::size_t>(data[pos + 2]) << 8 | data[pos + 3];
    if (length < 2 || pos + 2 + length > data.size()) return malformed("JPEG", "truncated segment");
    // JFIF APP0: "JFIF\0", version (2), units (0 aspect only, 1 per inch, 2 per cm), X and Y
    // density (2 each).
    if (marker == 0xe0 && length >= 14 && std::memcmp(&data[pos + 4], "JFIF", 5) == 0) {
      const int units = data[pos + 11];
      const double x = data[pos + 12] << 8 | data[pos + 13];
      const double y = data[pos + 14] << 8 | data[pos + 15];
      if (units == 1 || units == 2) {
        dpi_x = units == 1 ? x : x * 2.54;
        dpi_y = units == 1 ? y : y * 2.54;
      }
    }
    const bool sof =
        marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    if (sof) {
      if (length < 8) return malformed("JPEG", "short SOF segment");
      PdfImage out;
      out.height = data[pos + 5] << 8 | data[pos + 6];
      out.width = data[pos + 7] << 8 | data[pos + 8];
      const int components = data[pos + 9];
      GMSEAL_RETURN_IF_ERROR(check_size("JPEG", out.width, out.height));
      if (components == 1) {
        out.color_space = "/DeviceGray";
      } else if (components == 3) {
        out.color_space = "/DeviceRGB";
      } else if (components == 4) {
        out.color_space = "/DeviceCMYK";
      } else {
        return malformed("JPEG", std::to_string(components) + " colour components");
      }
      out.filter = "/DCTDecode";
      out.samples.assign(data.begin(), data.end());
      out.dpi_x = dpi_x;
      out.dpi_y = dpi_y;
      return out;
    }
    pos += 2 + length;
  }
  return malformed("JPEG", "no SOF marker");
}

// BMP: BITMAPINFOHEADER (or later) with 8 (palette), 24 or 32 bits per pixel, uncompressed
// (BI_RGB) or BI_BITFIELDS with the usual BGRA masks.
Result<PdfImage> decode_bmp(ByteView data) {
  if (data.size() < 54 || data[0] != 'B' || data[1] != 'M') return malformed("BMP", "no BM header");
  // Every header field lies inside the first 54 bytes, checked above.
  const std::uint32_t pixel_offset = *le32(data, 10);
  const std::uint32_t header_size = *le32(data, 14);
  const std::int64_t width = static_cast<std::int32_t>(*le32(data, 18));
  std::int64_t height = static_cast<std::int32_t>(*le32(data, 22));
  const int bits = *le16(data, 28);
  const std::uint32_t compression = *le32(data, 30);
  const bool top_down = height < 0;
  if (top_down) height = -height;
  if (header_size < 40 || width <= 0 || height <= 0) {
    return malformed("BMP", "unsupported header or size");
  }
  GMSEAL_RETURN_IF_ERROR(
      check_size("BMP", static_cast<std::size_t>(width), static_cast<std::size_t>(height)));
  if (compression != 0 && compression != 3) return malformed("BMP", "compressed BMP");
  if (bits != 8 && bits != 24 && bits != 32) {
    return malformed("BMP", std::to_string(bits) + " bits per pixel is not supported");
  }
  const std::size_t row = (static_cast<std::size_t>(width) * bits / 8 + 3) & ~std::size_t{3};
  if (pixel_offset > data.size() ||
      row * static_cast<std::size_t>(height) > data.size() - pixel_offset) {
    return malformed("BMP", "pixel data truncated");
  }
  // An 8-bit picture indexes at most 256 entries, whatever biClrUsed claims.
  std::size_t colours = *le32(data, 46);
  if (bits == 8 && (colours == 0 || colours > 256)) colours = 256;
  const std::size_t palette = 14 + static_cast<std::size_t>(header_size);
  if (bits == 8 && (palette > data.size() || colours * 4 > data.size() - palette)) {
    return malformed("BMP", "palette truncated");
  }
  const std::size_t w = static_cast<std::size_t>(width);
  const std::size_t h = static_cast<std::size_t>(height);
  PdfImage out;
  out.width = static_cast<int>(w);
  out.height = static_cast<int>(h);
  // biXPelsPerMeter / biYPelsPerMeter (signed; 0 or less states nothing).
  const auto x_ppm = static_cast<std::int32_t>(*le32(data, 38));
  const auto y_ppm = static_cast<std::int32_t>(*le32(data, 42));
  if (x_ppm > 0 && y_ppm > 0) {
    out.dpi_x = x_ppm * kMetresPerInch;
    out.dpi_y = y_ppm * kMetresPerInch;
  }
  out.samples.resize(w * h * 3);
  out.alpha.assign(w * h, 255);
  for (std::size_t y = 0; y < h; ++y) {
    const std::size_t src = pixel_offset + row * (top_down ? y : h - 1 - y);
    for (std::size_t x = 0; x < w; ++x) {
      const std::size_t dst = y * w + x;
      std::uint8_t b, g, r, a = 255;
      if (bits == 8) {
        const std::uint8_t index = data[src + x];
        if (index >= colours) return malformed("BMP", "palette index out of range");
        b = data[palette + index * 4];
        g = data[palette + index * 4 + 1];
        r = data[palette + index * 4 + 2];
      } else {
        const std::size_t p = src + x * static_cast<std::size_t>(bits / 8);
        b = data[p];
        g = data[p + 1];
        r = data[p + 2];
        if (bits == 32) a = data[p + 3];
      }
      out.samples[dst * 3] = r;
      out.samples[dst * 3 + 1] = g;
      out.samples[dst * 3 + 2] = b;
      out.alpha[dst] = a;
    }
  }
  // 32-bit BMPs written without alpha carry zeros there: treat all-zero alpha as opaque.
  if (bits == 32 &&
      std::all_of(out.alpha.begin(), out.alpha.end(), [](std::uint8_t v) { return v == 0; })) {
    out.alpha.clear();
  }
  finish_alpha(out);
  return out;
}

// GIF (87a/89a): the first image, with the global or local colour table, interlacing and the
// Graphic Control Extension's transparent index.
Result<PdfImage> decode_gif(ByteView data) {
  if (data.size() < 13 || std::memcmp(data.data(), "GIF8", 4) != 0) {
    return malformed("GIF", "no GIF header");
  }
  const int screen_flags = data[10];
  std::size_t pos = 13;
  ByteView global_table;
  if (screen_flags & 0x80) {
    const std::size_t size = 3u << ((screen_flags & 7) + 1);
    if (pos + size > data.size()) return malformed("GIF", "global colour table truncated");
    global_table = data.subspan(pos, size);
    pos += size;
  }
  int transparent = -1;
  while (pos < data.size()) {
    const std::uint8_t block = data[pos++];
    if (block == 0x21) {  // extension
      if (pos >= data.size()) break;
      const std::uint8_t label = data[pos++];
      if (label == 0xf9 && pos + 5 < data.size() && data[pos] == 4 && (data[pos + 1] & 1)) {
        transparent = data[pos + 4];
      }
      while (pos < data.size() && data[pos] != 0) pos += data[pos] + 1u;
      ++pos;
      continue;
    }
    if (block != 0x2c) return malformed("GIF", "unexpected block at " + std::to_string(pos - 1));
    if (pos + 9 > data.size()) return malformed("GIF", "image descriptor truncated");
    const int width = *le16(data, pos + 4);  // inside: pos + 9 <= size
    const int height = *le16(data, pos + 6);
    const int flags = data[pos + 8];
    pos += 9;
    ByteView table = global_table;
    if (flags & 0x80) {
      const std::size_t size = 3u << ((flags & 7) + 1);
      if (pos + size > data.size()) return malformed("GIF", "local colour table truncated");
      table = data.subspan(pos, size);
      pos += size;
    }
    if (table.empty()) return malformed("GIF", "no colour table");
    GMSEAL_RETURN_IF_ERROR(check_size("GIF", width, height));
    if (pos >= data.size()) return malformed("GIF", "no LZW data");
    const int min_code = data[pos++];
    if (min_code < 2 || min_code > 11) return malformed("GIF", "bad LZW code size");
    Bytes lzw;
    while (pos < data.size() && data[pos] != 0) {
      const std::size_t n = data[pos++];
      if (pos + n > data.size()) return malformed("GIF", "data sub-block truncated");
      lzw.insert(lzw.end(), data.begin() + pos, data.begin() + pos + n);
      pos += n;
    }
    // LZW decode (variable code width up to 12 bits).
    const std::size_t pixels = static_cast<std::size_t>(width) * height;
    Bytes indices;
    indices.reserve(pixels);
    const int clear = 1 << min_code, end = clear + 1;
    std::vector<std::uint16_t> prefix(4096);
    std::vector<std::uint8_t> suffix(4096), stack;
    for (int i = 0; i < clear; ++i) suffix[i] = static_cast<std::uint8_t>(i);
    int code_size = min_code + 1, next = end + 1, previous = -1;
    std::uint8_t first = 0;
    std::uint32_t bit_buffer = 0;
    int bit_count = 0;
    for (std::size_t i = 0; i < lzw.size() && indices.size() < pixels;) {
      while (bit_count < code_size && i < lzw.size()) {
        bit_buffer |= static_cast<std::uint32_t>(lzw[i++]) << bit_count;
        bit_count += 8;
      }
      if (bit_count < code_size) break;
      int code = static_cast<int>(bit_buffer & ((1u << code_size) - 1));
      bit_buffer >>= code_size;
      bit_count -= code_size;
      if (code == clear) {
        code_size = min_code + 1;
        next = end + 1;
        previous = -1;
        continue;
      }
      if (code == end) break;
      if (previous < 0) {
        if (code >= clear) return malformed("GIF", "bad first LZW code");
        indices.push_back(static_cast<std::uint8_t>(code));
        first = static_cast<std::uint8_t>(code);
        previous = code;
        continue;
      }
      int current = code;
      stack.clear();
      if (code >= next) {
        if (code > next) return malformed("GIF", "LZW code out of sequence");
        stack.push_back(first);
        current = previous;
      }
      while (current >= clear) {
        if (current >= 4096 || stack.size() > 4096) return malformed("GIF", "LZW chain broken");
        stack.push_back(suffix[current]);
        current = prefix[current];
      }
      first = static_cast<std::uint8_t>(current);
      stack.push_back(first);
      for (auto it = stack.rbegin(); it != stack.rend() && indices.size() < pixels; ++it) {
        indices.push_back(*it);
      }
      if (next < 4096) {
        prefix[next] = static_cast<std::uint16_t>(previous);
        suffix[next] = first;
        ++next;
        if (next == (1 << code_size) && code_size < 12) ++code_size;
      }
      previous = code;
    }
    indices.resize(pixels, 0);
    PdfImage out;
    out.width = width;
    out.height = height;
    out.samples.resize(pixels * 3);
    out.alpha.assign(pixels, 255);
    // Interlaced rows come in passes: every 8th from 0, every 8th from 4, 4th from 2, 2nd from 1.
    std::vector<int> row_order;
    if (flags & 0x40) {
      for (const auto& [start, step] : {std::pair{0, 8}, {4, 8}, {2, 4}, {1, 2}}) {
        for (int y = start; y < height; y += step) row_order.push_back(y);
      }
    } else {
      for (int y = 0; y < height; ++y) row_order.push_back(y);
    }
    for (int r = 0; r < height; ++r) {
      for (int x = 0; x < width; ++x) {
        const std::uint8_t index = indices[static_cast<std::size_t>(r) * width + x];
        const std::size_t dst = static_cast<std::size_t>(row_order[r]) * width + x;
        if (index * 3u + 2 < table.size()) {
          std::memcpy(&out.samples[dst * 3], &table[index * 3u], 3);
        }
        if (index == transparent) out.alpha[dst] = 0;
      }
    }
    finish_alpha(out);
    return out;
  }
  return malformed("GIF", "no image in the file");
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<PdfImage> decode_seal_image(ByteView data, std::string_view type) {
  std::string kind = lower(type);
  if (kind == "ofd") {
    return make_error("pdf.image.unsupported",
                      "the seal picture is a vector OFD page (type \"ofd\"); gmseal cannot yet "
                      "draw it in a PDF: use a seal with a PNG, JPEG, BMP or GIF picture");
  }
  if (kind.empty() || kind == "image") {
    // The declared type is missing: tell it from the bytes, as every other reader of pictures does.
    const std::string media_type = image_media_type(data);
    if (media_type == "image/png") kind = "png";
    if (media_type == "image/jpeg") kind = "jpg";
    if (media_type == "image/bmp") kind = "bmp";
    if (media_type == "image/gif") kind = "gif";
  }
  if (kind == "png") return decode_png(data);
  if (kind == "jpg" || kind == "jpeg") return decode_jpeg(data);
  if (kind == "bmp") return decode_bmp(data);
  if (kind == "gif") return decode_gif(data);
  return make_error("pdf.image.unsupported",
                    "seal picture type \"" + std::string(type) +
                        "\" is not one of png, jpg, bmp, gif (and the bytes are none of them)");
}

}  // namespace gmseal::pdf
