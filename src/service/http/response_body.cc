#include "service/http/response_body.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace gmseal::service {

std::optional<std::string> gzip_compress(std::string_view data, int level) {
  z_stream stream{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return std::nullopt;
  return out;
}

bool accepts_gzip(const httplib::Request& request) {
  std::string value = request.get_header_value("Accept-Encoding");
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Each comma-separated coding: "gzip" or "*", with an optional ";q=..." that must not be 0.
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t end = std::min(value.find(',', start), value.size());
    std::string item = value.substr(start, end - start);
    item.erase(
        std::remove_if(item.begin(), item.end(), [](unsigned char c) { return std::isspace(c); }),
        item.end());
    const std::size_t semi = item.find(';');
    const std::string coding = item.substr(0, semi);
    if (coding == "gzip" || coding == "*") {
      if (semi == std::string::npos) return true;
      const std::string params = item.substr(semi + 1);
      const bool refused =
          params.rfind("q=0", 0) == 0 && params.find_first_not_of("q=0.", 0) == std::string::npos;
      if (!refused) return true;
    }
    start = end + 1;
  }
  return false;
}

void set_text_body(const httplib::Request& request, httplib::Response& response, std::string body,
                   const std::string& type, int level) {
  response.set_header("Vary", "Accept-Encoding");
  response.set_header("Content-Type", type);
  if (body.size() >= 1024 && accepts_gzip(request)) {
    if (auto packed = gzip_compress(body, level); packed && packed->size() < body.size()) {
      response.set_header("Content-Encoding", "gzip");
      response.body = std::move(*packed);
      return;
    }
  }
  response.body = std::move(body);
}

}  // namespace gmseal::service
