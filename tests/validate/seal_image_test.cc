#include <gtest/gtest.h>

#include <set>

#include "validate/seal_image.h"

namespace gmseal::validate {
namespace {

// A red ring on a transparent background, the shape of a real seal image.
Bytes make_ring(std::uint32_t size, unsigned dpi,
                std::vector<std::uint8_t> palette = {0, 0, 0, 0, 230, 0, 18, 255}) {
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(size) * size, 0);
  const double c = size / 2.0;
  for (std::uint32_t y = 0; y < size; ++y) {
    for (std::uint32_t x = 0; x < size; ++x) {
      const double d2 = (x - c) * (x - c) + (y - c) * (y - c);
      if (palette.size() > 4 && d2 < c * c * 0.9 && d2 > c * c * 0.7) pixels[y * size + x] = 1;
      if (palette.size() > 8 && x % 7 == 0 && y % 5 == 0) pixels[y * size + x] = 2;
    }
  }
  return encode_palette_png(size, size, palette, pixels, dpi).value();
}

std::set<std::string> codes(const std::vector<Error>& errors) {
  std::set<std::string> out;
  for (const auto& e : errors) out.insert(e.code);
  return out;
}

TEST(SealImageTest, AcceptsATwoColour600DpiPng) {
  const Bytes png = make_ring(200, 600);
  const auto info = inspect_png(png);
  ASSERT_TRUE(info.ok()) << info.error().to_string();
  EXPECT_EQ(info->width, 200u);
  EXPECT_EQ(info->colours, 2);
  EXPECT_NEAR(*info->dpi_x, 600.0, 0.05);
  EXPECT_TRUE(seal_image_violations(png).empty());
  EXPECT_TRUE(check_seal_image_base64(base64_encode(png)).ok());
}

TEST(SealImageTest, NamesEachBrokenRule) {
  EXPECT_EQ(codes(seal_image_violations(make_ring(200, 300))),
            std::set<std::string>{"validate.image.dpi"});
  EXPECT_EQ(codes(seal_image_violations(
                make_ring(200, 600, {0, 0, 0, 0, 230, 0, 18, 255, 0, 0, 255, 255}))),
            std::set<std::string>{"validate.image.colours"});
  EXPECT_EQ(codes(seal_image_violations(make_ring(200, 600, {230, 0, 18, 255}))),
            std::set<std::string>{"validate.image.colours"});
}

TEST(SealImageTest, RejectsImagesOver25KB) {
  // Two-colour noise does not compress below 1 bit per pixel: 400 x 400 is about 20 KB of
  // entropy, and 8-bit palette rows make the PNG larger still.
  std::vector<std::uint8_t> pixels(500 * 500);
  std::uint32_t state = 12345;
  for (auto& p : pixels) {
    state = state * 1103515245u + 12345u;
    p = (state >> 16) & 1;
  }
  const Bytes png =
      encode_palette_png(500, 500, {0, 0, 0, 0, 230, 0, 18, 255}, pixels, 600).value();
  ASSERT_GT(png.size(), kMaxSealImageBytes);
  EXPECT_EQ(codes(seal_image_violations(png)), std::set<std::string>{"validate.image.too_large"});
}

TEST(SealImageTest, RejectsNonPngAndDamagedPng) {
  EXPECT_EQ(seal_image_violations(to_bytes("GIF89a....")).front().code, "validate.image.not_png");
  Bytes png = make_ring(64, 600);
  png.resize(png.size() / 2);
  EXPECT_EQ(seal_image_violations(png).front().code, "validate.image.decode_failed");
  Bytes flipped = make_ring(64, 600);
  flipped[flipped.size() / 2] ^= 0x55;  // inside IDAT: CRC or zlib failure
  EXPECT_EQ(seal_image_violations(flipped).front().code, "validate.image.decode_failed");
  EXPECT_EQ(check_seal_image_base64("not base64!").error().code, "validate.image.base64");
}

}  // namespace
}  // namespace gmseal::validate
