#include "measure.h"

#include <gtest/gtest.h>
#include <png.h>

#include <fstream>
#include <sstream>
#include <stack>

namespace gmseal::sealimage::test {

Raster decode(const Bytes& png) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  Raster r;
  if (png_image_begin_read_from_memory(&image, png.data(), png.size()) == 0) {
    ADD_FAILURE() << "libpng: " << image.message;
    return r;
  }
  image.format = PNG_FORMAT_RGBA;
  std::vector<std::uint8_t> rgba(PNG_IMAGE_SIZE(image));
  if (png_image_finish_read(&image, nullptr, rgba.data(), 0, nullptr) == 0) {
    ADD_FAILURE() << "libpng: " << image.message;
    return r;
  }
  r.width = static_cast<int>(image.width);
  r.height = static_cast<int>(image.height);
  r.ink.resize(static_cast<std::size_t>(r.width) * r.height);
  for (std::size_t i = 0; i < r.ink.size(); ++i) r.ink[i] = rgba[i * 4 + 3] != 0 ? 1 : 0;
  return r;
}

std::map<std::string, Bytes> chunks(const Bytes& png) {
  std::map<std::string, Bytes> out;
  std::size_t pos = 8;
  while (pos + 12 <= png.size()) {
    const std::uint32_t length = (static_cast<std::uint32_t>(png[pos]) << 24) |
                                 (png[pos + 1] << 16) | (png[pos + 2] << 8) | png[pos + 3];
    const std::string type(png.begin() + static_cast<long>(pos) + 4,
                           png.begin() + static_cast<long>(pos) + 8);
    if (pos + 12 + length > png.size()) break;
    if (!out.contains(type)) {
      out[type] = Bytes(png.begin() + static_cast<long>(pos) + 8,
                        png.begin() + static_cast<long>(pos + 8 + length));
    }
    pos += 12 + length;
  }
  return out;
}

Raster read_pgm(const std::string& path, int threshold) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int width = 0, height = 0, maxval = 0;
  in >> magic >> width >> height >> maxval;
  in.get();
  Raster r;
  if (magic != "P5" || width <= 0 || height <= 0) {
    ADD_FAILURE() << path << " is not a binary PGM";
    return r;
  }
  std::vector<char> data(static_cast<std::size_t>(width) * height);
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  r.width = width;
  r.height = height;
  r.ink.resize(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    r.ink[i] = static_cast<unsigned char>(data[i]) < threshold ? 1 : 0;
  }
  return r;
}

Box region_box(const Raster& r, int x, int y) {
  Box box{x, y, x, y};
  if (!r.at(x, y)) return Box{};
  std::vector<std::uint8_t> seen(r.ink.size(), 0);
  std::stack<std::pair<int, int>> todo;
  todo.push({x, y});
  seen[static_cast<std::size_t>(y) * r.width + x] = 1;
  while (!todo.empty()) {
    const auto [px, py] = todo.top();
    todo.pop();
    box.x0 = std::min(box.x0, px);
    box.x1 = std::max(box.x1, px);
    box.y0 = std::min(box.y0, py);
    box.y1 = std::max(box.y1, py);
    const int dx[] = {1, -1, 0, 0};
    const int dy[] = {0, 0, 1, -1};
    for (int k = 0; k < 4; ++k) {
      const int nx = px + dx[k];
      const int ny = py + dy[k];
      if (nx < 0 || ny < 0 || nx >= r.width || ny >= r.height) continue;
      const std::size_t i = static_cast<std::size_t>(ny) * r.width + nx;
      if (seen[i] || !r.ink[i]) continue;
      seen[i] = 1;
      todo.push({nx, ny});
    }
  }
  return box;
}

}  // namespace gmseal::sealimage::test
