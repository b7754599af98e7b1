#include "pdf/seal_image.h"

#include <gtest/gtest.h>

#include "pdf_test_support.h"
#include "util/file_io.h"
#include "validate/seal_image.h"

namespace gmseal::pdf {
namespace {

using namespace testing;

TEST(SealImage, PngKeepsAlphaAsSeparatePlane) {
  auto image = decode_seal_image(make_png(40, 30, 200, 10, 20, 8));
  ASSERT_TRUE(image.ok()) << image.error().to_string();
  EXPECT_EQ(image->width, 40);
  EXPECT_EQ(image->height, 30);
  ASSERT_EQ(image->samples.size(), 40u * 30 * 3);
  ASSERT_EQ(image->alpha.size(), 40u * 30);
  EXPECT_EQ(image->alpha[0], 255);
  EXPECT_EQ(image->alpha[15 * 40 + 20], 0);
  EXPECT_EQ(image->samples[0], 200);
}

TEST(SealImage, OpaquePngHasNoAlpha) {
  auto image = decode_seal_image(make_png(10, 10, 1, 2, 3), "png");
  ASSERT_TRUE(image.ok());
  EXPECT_TRUE(image->alpha.empty());
}

TEST(SealImage, BmpIsDecodedBottomUp) {
  auto image = decode_seal_image(make_bmp(7, 5, 10, 20, 30));
  ASSERT_TRUE(image.ok()) << image.error().to_string();
  EXPECT_EQ(image->width, 7);
  EXPECT_EQ(image->height, 5);
  EXPECT_EQ(image->samples[0], 10);
  EXPECT_EQ(image->samples[1], 20);
  EXPECT_EQ(image->samples[2], 30);
  EXPECT_TRUE(image->alpha.empty());
}

// The density a picture states, which sealing uses for its true size (pdf/seal_document.h).
TEST(SealImage, DensityIsReadFromPngJfifAndBmp) {
  auto png600 =
      validate::encode_palette_png(4, 4, {255, 255, 255, 0, 230, 0, 18, 255}, Bytes(16, 1), 600);
  ASSERT_TRUE(png600.ok());
  auto png = decode_seal_image(*png600);
  ASSERT_TRUE(png.ok()) << png.error().to_string();
  EXPECT_NEAR(png->dpi_x, 600, 0.02);  // 23622 px/m
  EXPECT_NEAR(png->dpi_y, 600, 0.02);
  EXPECT_EQ(decode_seal_image(make_png(4, 4, 1, 2, 3))->dpi_x, 0) << "no pHYs, no density";

  Bytes bmp = make_bmp(7, 5, 10, 20, 30);
  for (const std::size_t at : {38u, 42u}) {  // biX/YPelsPerMeter = 11811 (300 DPI)
    bmp[at] = 11811 & 0xff;
    bmp[at + 1] = 11811 >> 8;
    bmp[at + 2] = bmp[at + 3] = 0;
  }
  EXPECT_NEAR(decode_seal_image(bmp)->dpi_x, 300, 0.01);

  // SOI, APP0 JFIF 1.01 in dots per cm (118 x 59), SOF0 8-bit 16 x 8, 3 components.
  const Bytes jpeg = {0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J',  'F',  'I',  'F',  0x00, 0x01, 0x01,
                      0x02, 0x00, 0x76, 0x00, 0x3b, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00,
                      0x08, 0x00, 0x10, 0x03, 0x01, 0x11, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00};
  auto jfif = decode_seal_image(jpeg, "jpg");
  ASSERT_TRUE(jfif.ok()) << jfif.error().to_string();
  EXPECT_EQ(jfif->width, 16);
  EXPECT_NEAR(jfif->dpi_x, 118 * 2.54, 1e-9);
  EXPECT_NEAR(jfif->dpi_y, 59 * 2.54, 1e-9);
}

TEST(SealImage, GifTransparentIndexBecomesAlpha) {
  auto image = decode_seal_image(make_gif(30, 20, 200, 0, 0));
  ASSERT_TRUE(image.ok()) << image.error().to_string();
  EXPECT_EQ(image->width, 30);
  ASSERT_EQ(image->alpha.size(), 600u);
  EXPECT_EQ(image->alpha[0], 255);
  EXPECT_EQ(image->samples[0], 200);
  EXPECT_EQ(image->alpha[29], 0);
  EXPECT_EQ(image->alpha[19 * 30 + 29], 0);
  EXPECT_EQ(image->alpha[19 * 30 + 5], 255);
}

TEST(SealImage, JpegIsPassedThroughWithItsSize) {
  // A JPEG made by pdftoppm from a generated page, when available.
  if (!tool_available("pdftoppm")) GTEST_SKIP() << "SKIPPED: pdftoppm missing";
  const auto dir = temp_dir("jpeg");
  ASSERT_TRUE(write_file_atomic(dir / "p.pdf", make_simple_pdf(1)).ok());
  ASSERT_EQ(run("pdftoppm -r 10 -jpeg -singlefile " + (dir / "p.pdf").string() + " " +
                (dir / "p").string()),
            0);
  auto bytes = read_file(dir / "p.jpg");
  ASSERT_TRUE(bytes.ok());
  auto image = decode_seal_image(*bytes);
  ASSERT_TRUE(image.ok()) << image.error().to_string();
  EXPECT_EQ(image->filter, "/DCTDecode");
  EXPECT_EQ(image->width, 83);    // 595 pt at 10 dpi
  EXPECT_EQ(image->height, 117);  // 842 pt
  EXPECT_EQ(image->samples, *bytes);
  std::filesystem::remove_all(dir);
}

TEST(SealImage, VectorOfdPictureIsRefusedClearly) {
  auto image = decode_seal_image(to_bytes("<ofd/>"), "ofd");
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.error().code, "pdf.image.unsupported");
}

TEST(SealImage, TruncatedPicturesAreMalformedNotCrashes) {
  for (const Bytes& full :
       {make_png(20, 20, 1, 2, 3, 5), make_bmp(9, 9, 1, 2, 3), make_gif(20, 20, 1, 2, 3)}) {
    for (std::size_t n = 0; n < full.size(); n += 3) {
      auto image = decode_seal_image(ByteView(full).first(n));
      if (image.ok()) continue;  // GIF decoding tolerates a short final block
      EXPECT_TRUE(image.error().code == "pdf.image.malformed" ||
                  image.error().code == "pdf.image.unsupported")
          << image.error().code;
    }
  }
}

void put_le(Bytes& b, std::size_t at, std::uint32_t v, int n) {
  for (int i = 0; i < n; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// An 8-bit BMP whose biClrUsed claims 2^30 + 1 colours and has no palette at all: 4 * count
// wrapped to 4 in 32 bits, so index 255 was read 1 KB past the end of the file.
TEST(SealImage, BmpPaletteCountCannotReadPastTheFile) {
  Bytes bmp(54 + 4, 0);
  bmp[0] = 'B';
  bmp[1] = 'M';
  put_le(bmp, 2, static_cast<std::uint32_t>(bmp.size()), 4);
  put_le(bmp, 10, 54, 4);          // pixels right after the header: no palette
  put_le(bmp, 14, 40, 4);          // BITMAPINFOHEADER
  put_le(bmp, 18, 4, 4);           // width
  put_le(bmp, 22, 1, 4);           // height
  put_le(bmp, 26, 1, 2);           // planes
  put_le(bmp, 28, 8, 2);           // bits per pixel
  put_le(bmp, 46, 0x40000001, 4);  // biClrUsed
  for (int i = 0; i < 4; ++i) bmp[54 + i] = 255;
  auto image = decode_seal_image(bmp);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.error().code, "pdf.image.malformed");
}

// Headers that claim huge pictures are refused before anything is allocated.
TEST(SealImage, ClaimedSizesAreBounded) {
  Bytes gif = make_gif(4, 4, 1, 2, 3);
  // The image descriptor claims 65535 x 65535 (it follows the 256-colour global table and the
  // graphic control extension).
  const std::size_t descriptor = 13 + 3 * 256 + 8;
  ASSERT_EQ(gif[descriptor], 0x2c);
  put_le(gif, descriptor + 5, 0xffff, 2);
  put_le(gif, descriptor + 7, 0xffff, 2);
  auto image = decode_seal_image(gif);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.error().code, "pdf.image.malformed");

  Bytes bmp = make_bmp(2, 2, 1, 2, 3);
  put_le(bmp, 18, 20000, 4);
  put_le(bmp, 22, 20000, 4);
  image = decode_seal_image(bmp);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.error().code, "pdf.image.malformed");

  // JPEG: SOI, SOF0 claiming 65535 x 65535 with 3 components.
  const Bytes jpeg = {0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0xff, 0xff, 0xff, 0xff,
                      0x03, 1,    0x11, 0,    2,    0x11, 0,    3,    0x11, 0};
  image = decode_seal_image(jpeg);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.error().code, "pdf.image.malformed");
}

// Every byte of small pictures set to a few hostile values: decoding fails cleanly or yields a
// picture whose samples fill it exactly (the ASan build checks that no read leaves the input).
TEST(SealImage, MutatedPicturesDecodeOrFailCleanly) {
  const std::vector<Bytes> pictures = {make_png(6, 5, 1, 2, 3, 2), make_bmp(5, 3, 1, 2, 3),
                                       make_gif(6, 4, 1, 2, 3)};
  for (const Bytes& original : pictures) {
    for (std::size_t at = 0; at < std::min<std::size_t>(original.size(), 900); ++at) {
      for (const std::uint8_t value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
        Bytes mutated = original;
        mutated[at] = value;
        auto image = decode_seal_image(mutated);
        if (!image.ok()) {
          EXPECT_EQ(image.error().code.rfind("pdf.image.", 0), 0u) << image.error().code;
          continue;
        }
        EXPECT_EQ(image->samples.size(), static_cast<std::size_t>(image->width) * image->height * 3)
            << "byte " << at;
      }
    }
  }
}

}  // namespace
}  // namespace gmseal::pdf
