#include "util/media_type.h"

#include <gtest/gtest.h>

namespace gmseal {
namespace {

Bytes bytes_of(std::string_view text) { return Bytes(text.begin(), text.end()); }

TEST(ImageMediaTypeTest, TellsRasterFormatsFromTheirMagic) {
  EXPECT_EQ(image_media_type(bytes_of("\x89PNG\r\n\x1a\n....")), "image/png");
  EXPECT_EQ(image_media_type(bytes_of("\xff\xd8\xff\xe0")), "image/jpeg");
  EXPECT_EQ(image_media_type(bytes_of("GIF89a")), "image/gif");
  EXPECT_EQ(image_media_type(bytes_of("BM\x36\x00")), "image/bmp");
}

TEST(ImageMediaTypeTest, AnythingElseIsEmpty) {
  EXPECT_EQ(image_media_type({}), "");
  EXPECT_EQ(image_media_type(bytes_of("\x89PN")), "");      // a PNG signature cut short
  EXPECT_EQ(image_media_type(bytes_of("PK\x03\x04")), "");  // an OFD vector seal
  EXPECT_EQ(image_media_type(bytes_of("<svg")), "");
}

}  // namespace
}  // namespace gmseal
