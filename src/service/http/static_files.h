// The web console's built files (web/dist) over HTTP, in place of cpp-httplib's mount points:
// files under /assets/ carry a content hash in their names, so browsers may keep them for a
// year; everything else is revalidated. Scripts, SVG and JSON are gzipped once and kept in
// memory (response_body.h says why cpp-httplib must not compress them per request).
#pragma once

#include <httplib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace gmseal::service {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // Answers a GET for the request's path from the folder. False, with the response untouched,
  // when no regular file under the root has that path (".." never leaves the root).
  bool serve(const httplib::Request& request, httplib::Response& response);

 private:
  struct File {
    std::filesystem::file_time_type modified;
    std::uintmax_t size = 0;
    std::string body;
    std::string gzipped;  // empty when the type is not compressed here or gzip gains nothing
  };
  // The file at `path` (a regular file under the root), read or from the cache while its size
  // and time are unchanged; nullptr when it cannot be read.
  std::shared_ptr<const File> load(const std::filesystem::path& path, bool compress);

  std::filesystem::path root_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const File>> cache_;
};

}  // namespace gmseal::service
