#include "service/http/static_files.h"

#include <string_view>

#include "service/http/response_body.h"
#include "util/file_io.h"

namespace gmseal::service {

namespace {

struct FileType {
  const char* content_type;
  bool compress;  // gzipped here; text/* types are compressed by cpp-httplib whatever we do
};

FileType type_of(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".js" || ext == ".mjs") return {"application/javascript; charset=utf-8", true};
  if (ext == ".json" || ext == ".map") return {"application/json; charset=utf-8", true};
  if (ext == ".svg") return {"image/svg+xml; charset=utf-8", true};
  if (ext == ".html") return {"text/html; charset=utf-8", false};
  if (ext == ".css") return {"text/css; charset=utf-8", false};
  if (ext == ".txt" || ext == ".tsv") return {"text/plain; charset=utf-8", false};
  if (ext == ".png") return {"image/png", false};
  if (ext == ".ico") return {"image/x-icon", false};
  if (ext == ".woff2") return {"font/woff2", false};
  if (ext == ".wasm") return {"application/wasm", false};
  return {"application/octet-stream", false};
}

// The file under `root` that the URL path names, or empty for a path that leaves the root, is
// not a regular file, or has a suspicious segment.
std::filesystem::path resolve(const std::filesystem::path& root, std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/') return {};
  const std::string_view relative = url_path.substr(1);
  if (relative.empty() || relative.find('\0') != std::string_view::npos ||
      relative.find('\\') != std::string_view::npos) {
    return {};
  }
  std::filesystem::path path = root;
  std::size_t start = 0;
  while (start <= relative.size()) {
    const std::size_t end = std::min(relative.find('/', start), relative.size());
    const std::string_view segment = relative.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == ".." || segment.front() == '.') return {};
    path /= std::string(segment);
    start = end + 1;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return {};
  return path;
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::shared_ptr<const StaticFiles::File> StaticFiles::load(const std::filesystem::path& path,
                                                           bool compress) {
  std::error_code ec;
  const auto modified = std::filesystem::last_write_time(path, ec);
  if (ec) return nullptr;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return nullptr;
  const std::string key = path.string();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = cache_.find(key);
        it != cache_.end() && it->second->modified == modified && it->second->size == size) {
      return it->second;
    }
  }
  auto text = read_text_file(key);
  if (!text.ok()) return nullptr;
  auto file = std::make_shared<File>();
  file->modified = modified;
  file->size = size;
  file->body = std::move(*text);
  if (compress && file->body.size() >= 1024) {
    if (auto packed = gzip_compress(file->body, 9); packed && packed->size() < file->body.size())
      file->gzipped = std::move(*packed);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  cache_[key] = file;
  return file;
}

bool StaticFiles::serve(const httplib::Request& request, httplib::Response& response) {
  const std::filesystem::path path = resolve(root_, request.path);
  if (path.empty()) return false;
  const FileType type = type_of(path);
  const std::shared_ptr<const File> file = load(path, type.compress);
  if (!file) return false;
  response.set_header("Cache-Control", request.path.rfind("/assets/", 0) == 0
                                           ? "public, max-age=31536000, immutable"
                                           : "no-cache");
  if (type.compress) response.set_header("Vary", "Accept-Encoding");
  response.set_header("Content-Type", type.content_type);
  if (!file->gzipped.empty() && accepts_gzip(request)) {
    response.set_header("Content-Encoding", "gzip");
    response.body = file->gzipped;
  } else {
    response.body = file->body;
  }
  return true;
}

}  // namespace gmseal::service
