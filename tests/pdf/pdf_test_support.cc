#include "pdf_test_support.h"

#include <png.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "crypto/cert_builder.h"
#include "crypto/signer.h"
#include "ses/make_seal.h"
#include "validate/uscc.h"

namespace gmseal::pdf::testing {

namespace {

void put(Bytes& out, const std::string& s) { out.insert(out.end(), s.begin(), s.end()); }

std::string utf16_hex_of_utf8(const std::string& s, std::vector<std::uint32_t>* codepoints) {
  std::string hex;
  char buf[8];
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = b;
    int extra = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0;
    if (extra) cp = b & (0x3f >> extra);
    ++i;
    for (int k = 0; k < extra; ++k, ++i) cp = cp << 6 | (static_cast<unsigned char>(s[i]) & 0x3f);
    codepoints->push_back(cp);
    std::snprintf(buf, sizeof buf, "%04X", cp);
    hex += buf;
  }
  return hex;
}

}  // namespace

Bytes make_pdf(const std::vector<PageSpec>& pages) {
  std::vector<std::string> objects;  // object i+1
  auto add = [&objects](std::string body) {
    objects.push_back(std::move(body));
    return static_cast<int>(objects.size());
  };
  const int helvetica =
      add("<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding>>");
  const int pages_number = static_cast<int>(objects.size()) + 1;
  objects.emplace_back();  // the Pages node, filled below
  std::string kids;
  for (const PageSpec& spec : pages) {
    std::string content = "BT /F1 24 Tf 72 700 Td (" + spec.text + ") Tj ET\n";
    std::string fonts = "/F1 " + std::to_string(helvetica) + " 0 R";
    if (!spec.cjk_text.empty()) {
      // Codes are 2-byte CIDs 1..n mapped to the characters through ToUnicode.
      std::vector<std::uint32_t> cps;
      utf16_hex_of_utf8(spec.cjk_text, &cps);
      std::string codes, bfchar;
      char buf[64];
      for (std::size_t i = 0; i < cps.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%04zX", i + 1);
        codes += buf;
        std::snprintf(buf, sizeof buf, "<%04zX> <%04X>\n", i + 1, cps[i]);
        bfchar += buf;
      }
      const std::string cmap =
          "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange\n"
          "<0000> <FFFF>\nendcodespacerange\n" +
          std::to_string(cps.size()) + " beginbfchar\n" + bfchar +
          "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n";
      const int to_unicode =
          add("<</Length " + std::to_string(cmap.size()) + ">>\nstream\n" + cmap + "\nendstream");
      const int cid_font =
          add("<</Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
              "/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> "
              "/DW 1000>>");
      const int type0 = add(
          "<</Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
          "/DescendantFonts [" +
          std::to_string(cid_font) + " 0 R] /ToUnicode " + std::to_string(to_unicode) + " 0 R>>");
      fonts += " /F2 " + std::to_string(type0) + " 0 R";
      content += "BT /F2 20 Tf 1 0 0 1 72 600 Tm <" + codes + "> Tj ET\n";
    }
    const int stream = add("<</Length " + std::to_string(content.size()) + ">>\nstream\n" +
                           content + "\nendstream");
    std::string page = "<</Type /Page /Parent " + std::to_string(pages_number) +
                       " 0 R /MediaBox [0 0 595 842] /Resources <</Font <<" + fonts +
                       ">>>> /Contents " + std::to_string(stream) + " 0 R";
    if (spec.rotate != 0) page += " /Rotate " + std::to_string(spec.rotate);
    if (spec.crop_box) page += " /CropBox [20 30 575 812]";
    if (spec.padding_bytes > 0) {
      const int pad = add("<</Length " + std::to_string(spec.padding_bytes) + ">>\nstream\n" +
                          std::string(spec.padding_bytes, 'x') + "\nendstream");
      page += " /PieceInfo <</gmsealTestPadding <</Private " + std::to_string(pad) + " 0 R>>>>";
    }
    kids += std::to_string(add(page + ">>")) + " 0 R ";
  }
  objects[pages_number - 1] =
      "<</Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + ">>";
  const int info = add("<</Producer (gmseal test generator)>>");
  const int catalog = add("<</Type /Catalog /Pages " + std::to_string(pages_number) + " 0 R>>");
  Bytes out;
  put(out, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    put(out, std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n");
  }
  const std::size_t xref = out.size();
  put(out, "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f\r\n");
  char entry[32];
  for (const std::size_t o : offsets) {
    std::snprintf(entry, sizeof entry, "%010zu 00000 n\r\n", o);
    put(out, entry);
  }
  put(out, "trailer\n<</Size " + std::to_string(objects.size() + 1) + " /Root " +
               std::to_string(catalog) + " 0 R /Info " + std::to_string(info) +
               " 0 R /ID [<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]>>\n"
               "startxref\n" +
               std::to_string(xref) + "\n%%EOF\n");
  return out;
}

Bytes make_simple_pdf(int count) {
  std::vector<PageSpec> pages(count);
  for (int i = 0; i < count; ++i)
    pages[i].text = "Page " + std::to_string(i + 1) + " contract text";
  return make_pdf(pages);
}

Bytes make_png(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b,
               int hole_radius) {
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(width) * height * 4);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint8_t* p = &rgba[(static_cast<std::size_t>(y) * width + x) * 4];
      const int dx = x - width / 2, dy = y - height / 2;
      const bool hole = hole_radius > 0 && dx * dx + dy * dy < hole_radius * hole_radius;
      p[0] = r;
      p[1] = g;
      p[2] = b;
      p[3] = hole ? 0 : 255;
    }
  }
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_RGBA;
  png_alloc_size_t size = 0;
  png_image_write_to_memory(&image, nullptr, &size, 0, rgba.data(), 0, nullptr);
  Bytes out(size);
  png_image_write_to_memory(&image, out.data(), &size, 0, rgba.data(), 0, nullptr);
  out.resize(size);
  return out;
}

Bytes make_bmp(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  const std::size_t row = (static_cast<std::size_t>(width) * 3 + 3) & ~std::size_t{3};
  const std::size_t size = 54 + row * height;
  Bytes out(size, 0);
  auto le32 = [&out](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
  };
  out[0] = 'B';
  out[1] = 'M';
  le32(2, static_cast<std::uint32_t>(size));
  le32(10, 54);
  le32(14, 40);
  le32(18, static_cast<std::uint32_t>(width));
  le32(22, static_cast<std::uint32_t>(height));
  out[26] = 1;
  out[28] = 24;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const std::size_t p = 54 + row * y + static_cast<std::size_t>(x) * 3;
      out[p] = b;
      out[p + 1] = g;
      out[p + 2] = r;
    }
  }
  return out;
}

// 8-bit LZW codes written 9 bits wide with a clear code every 100 pixels, so the code table
// never grows past 9 bits: a valid GIF without a real compressor.
Bytes make_gif(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  Bytes out = to_bytes("GIF89a");
  auto le16 = [&out](int v) {
    out.push_back(static_cast<std::uint8_t>(v & 0xff));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
  };
  le16(width);
  le16(height);
  out.push_back(0xf7);  // global colour table, 256 entries
  out.push_back(0);
  out.push_back(0);
  for (int i = 0; i < 256; ++i) {
    out.push_back(i == 1 ? r : 255);
    out.push_back(i == 1 ? g : 255);
    out.push_back(i == 1 ? b : 255);
  }
  // Graphic Control Extension: transparent index 0.
  for (const int v : {0x21, 0xf9, 4, 1, 0, 0, 0, 0}) out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(0x2c);
  le16(0);
  le16(0);
  le16(width);
  le16(height);
  out.push_back(0);
  out.push_back(8);
  Bytes codes;
  std::uint32_t buffer = 0;
  int bits = 0;
  auto emit = [&](int code) {
    buffer |= static_cast<std::uint32_t>(code) << bits;
    bits += 9;
    while (bits >= 8) {
      codes.push_back(static_cast<std::uint8_t>(buffer & 0xff));
      buffer >>= 8;
      bits -= 8;
    }
  };
  int since_clear = 0;
  emit(256);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      if (since_clear == 100) {
        emit(256);
        since_clear = 0;
      }
      emit(x < width / 2 ? 1 : 0);
      ++since_clear;
    }
  }
  emit(257);
  if (bits > 0) codes.push_back(static_cast<std::uint8_t>(buffer & 0xff));
  for (std::size_t i = 0; i < codes.size(); i += 255) {
    const std::size_t n = std::min<std::size_t>(255, codes.size() - i);
    out.push_back(static_cast<std::uint8_t>(n));
    out.insert(out.end(), codes.begin() + i, codes.begin() + i + n);
  }
  out.push_back(0);
  out.push_back(0x3b);
  return out;
}

RgbImage read_png_file(const std::filesystem::path& path) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  RgbImage out;
  if (png_image_begin_read_from_file(&image, path.c_str()) == 0) return out;
  image.format = PNG_FORMAT_RGB;
  out.rgb.resize(PNG_IMAGE_SIZE(image));
  if (png_image_finish_read(&image, nullptr, out.rgb.data(), 0, nullptr) == 0) return out;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  return out;
}

Identity make_identity() {
  auto root_key = crypto::Sm2PrivateKey::generate();
  crypto::SoftSigner root_signer(*root_key);
  crypto::CertTemplate root_spec;
  root_spec.profile = crypto::CertProfile::kRoot;
  root_spec.name = "gmseal PDF test root";
  root_spec.not_before = now() - std::chrono::hours(1);
  root_spec.not_after = now() + std::chrono::hours(24 * 365);
  auto root = crypto::issue_certificate(root_spec, root_key->public_key(), nullptr, root_signer);
  auto key = crypto::Sm2PrivateKey::generate();
  crypto::CertTemplate spec = root_spec;
  spec.profile = crypto::CertProfile::kSystem;
  spec.name = "gmseal PDF signer";
  auto cert = crypto::issue_certificate(spec, key->public_key(), &*root, root_signer);
  return {*key, *cert, *root, *root_key};
}

ses::Seal make_seal_for(const Identity& signer, const Bytes& picture, const std::string& type) {
  crypto::SoftSigner root_signer(signer.root_key);
  auto maker_key = crypto::Sm2PrivateKey::generate();
  crypto::CertTemplate spec;
  spec.profile = crypto::CertProfile::kMaker;
  spec.name = "gmseal PDF test seal maker";
  const std::string uscc17 = "91430100MA4L0XXX5";
  spec.id_code = uscc17 + validate::uscc_check_character(uscc17);
  spec.not_before = now() - std::chrono::hours(1);
  spec.not_after = now() + std::chrono::hours(24 * 365);
  auto maker_cert =
      crypto::issue_certificate(spec, maker_key->public_key(), &signer.root, root_signer);
  if (!maker_cert.ok()) std::abort();
  ses::SealSpec seal;
  seal.vid = "gmseal";
  seal.es_id = "43010000000099";
  seal.name = "PDF test seal";
  seal.signer_certs = {signer.cert};
  seal.picture.type = type;
  seal.picture.data = picture;
  seal.picture.width_mm = 40;
  seal.picture.height_mm = 40;
  seal.create_date = now() - std::chrono::hours(1);
  seal.valid_start = now() - std::chrono::hours(1);
  seal.valid_end = now() + std::chrono::hours(24 * 30);
  crypto::SoftSigner maker(*maker_key);
  auto made = ses::make_seal(seal, *maker_cert, maker);
  if (!made.ok()) {
    std::fprintf(stderr, "make_seal: %s\n", made.error().to_string().c_str());
    std::abort();
  }
  return *made;
}

int run(const std::string& command, std::string* output) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buffer;
  std::string text;
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) text += buffer.data();
  const int status = ::pclose(pipe);
  if (output != nullptr) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool tool_available(const std::string& name) {
  return run("command -v " + name + " >/dev/null") == 0;
}

std::filesystem::path temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("gmseal-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace gmseal::pdf::testing
