#include "pdf/seal_image.h"

#include <gtest/gtest.h>

#include "pdf_test_support.h"
#include "util/file_io.h"

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
  EXPECT_NE(image.error().message.find("OFD"), std::string::npos);
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

}  // namespace
}  // namespace gmseal::pdf
