#include "sealimage/print_sheet.h"

#include <zlib.h>

#include <cstdio>
#include <string>
#include <vector>

namespace gmseal::sealimage {

namespace {

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", v);
  return buffer;
}

std::string pdf_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c < 0x20 || c > 0x7E) c = '?';
    if (c == '(' || c == ')' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// One bit per pixel, rows padded to bytes, 1 = ink (the mask's /Decode [1 0] paints ones).
std::string mask_bits(const Bitmap& seal) {
  const int stride = (seal.width() + 7) / 8;
  std::string bits(static_cast<std::size_t>(stride) * seal.height(), '\0');
  for (int y = 0; y < seal.height(); ++y) {
    for (int x = 0; x < seal.width(); ++x) {
      if (seal.ink(x, y))
        bits[static_cast<std::size_t>(y) * stride + x / 8] |= static_cast<char>(0x80 >> (x % 8));
    }
  }
  uLongf size = compressBound(bits.size());
  std::string packed(size, '\0');
  compress2(reinterpret_cast<Bytef*>(packed.data()), &size,
            reinterpret_cast<const Bytef*>(bits.data()), bits.size(), Z_BEST_COMPRESSION);
  packed.resize(size);
  return packed;
}

}  // namespace

PrintSheetGeometry print_sheet_geometry(double width_mm, double height_mm) {
  PrintSheetGeometry g;
  g.seal_width = width_mm * kPointsPerMm;
  g.seal_height = height_mm * kPointsPerMm;
  g.seal_x = (kA4WidthPt - g.seal_width) / 2;
  g.seal_y = kA4HeightPt - 60 * kPointsPerMm - g.seal_height;  // 60 mm from the top
  g.bar_length = 10 * kPointsPerMm;
  g.bar_x = (kA4WidthPt - g.bar_length) / 2;
  g.bar_y = g.seal_y - 20 * kPointsPerMm;
  return g;
}

Bytes make_print_sheet(const Bitmap& seal, double width_mm, double height_mm,
                       const std::string& caption) {
  const PrintSheetGeometry g = print_sheet_geometry(width_mm, height_mm);
  std::string content;
  // The seal, in seal red.
  content += "q 0.902 0 0.071 rg " + number(g.seal_width) + " 0 0 " + number(g.seal_height) + " " +
             number(g.seal_x) + " " + number(g.seal_y) + " cm /Seal Do Q\n";
  // The scale bar: a 10 mm bar with ticks each millimetre, longer at 0, 5 and 10.
  content += "q 0 0 0 rg " + number(g.bar_x) + " " + number(g.bar_y) + " " + number(g.bar_length) +
             " 0.8 re f\n";
  for (int mm = 0; mm <= 10; ++mm) {
    const double x = g.bar_x + mm * kPointsPerMm - 0.15;
    const double tick = (mm % 5 == 0) ? 3 * kPointsPerMm : 1.5 * kPointsPerMm;
    content += number(x) + " " + number(g.bar_y) + " 0.3 " + number(tick) + " re f\n";
  }
  content += "BT /F1 9 Tf " + number(g.bar_x + g.bar_length + 6) + " " + number(g.bar_y) +
             " Td (10 mm) Tj ET\n";
  content += "BT /F1 11 Tf " + number(20 * kPointsPerMm) + " " +
             number(kA4HeightPt - 25 * kPointsPerMm) + " Td (" + pdf_text(caption) + ") Tj ET\n";
  content += "BT /F1 9 Tf " + number(20 * kPointsPerMm) + " " +
             number(kA4HeightPt - 32 * kPointsPerMm) +
             " Td (Print at 100 % \\(actual size, no fit to page\\); the bar must measure "
             "10 mm.) Tj ET Q\n";

  const std::string image = mask_bits(seal);
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + number(kA4WidthPt) + " " +
          number(kA4HeightPt) +
          "] /Resources << /XObject << /Seal 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R "
          ">>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
      "<< /Type /XObject /Subtype /Image /Width " + std::to_string(seal.width()) + " /Height " +
          std::to_string(seal.height()) +
          " /ImageMask true /BitsPerComponent 1 /Decode [1 0] /Filter /FlateDecode /Length " +
          std::to_string(image.size()) + " >>\nstream\n" + image + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  };
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return Bytes(pdf.begin(), pdf.end());
}

}  // namespace gmseal::sealimage
