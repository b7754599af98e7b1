#include "util/media_type.h"

namespace gmseal {

std::string image_media_type(ByteView data) {
  const auto starts_with = [&](std::initializer_list<std::uint8_t> magic) {
    if (data.size() < magic.size()) return false;
    std::size_t i = 0;
    for (std::uint8_t byte : magic) {
      if (data[i++] != byte) return false;
    }
    return true;
  };
  if (starts_with({0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a})) return "image/png";
  if (starts_with({0xff, 0xd8, 0xff})) return "image/jpeg";
  if (starts_with({'G', 'I', 'F', '8'})) return "image/gif";
  if (starts_with({'B', 'M'})) return "image/bmp";
  return "";
}

std::string image_data_uri(ByteView data) {
  const std::string media_type = image_media_type(data);
  return media_type.empty() ? "" : "data:" + media_type + ";base64," + base64_encode(data);
}

}  // namespace gmseal
