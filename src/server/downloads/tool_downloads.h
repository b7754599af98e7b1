// The tool downloads the platform offers its users (the spec's 运行管理 item c, 工具下载: the
// signing and verifying tools): the gmseal program and gmseal's token libraries, published at
// start into DATA/downloads with an index of sizes and SM3 digests, served at /downloads/
// without authentication (api/download_routes.cc).
//
// Where the files come from is explicit: either a folder the operator names (every regular file
// in it, e.g. a release bundle with vendors' SKF libraries), or the running program and the
// token libraries found beside it (find_default_tools). Publishing copies the files, so the
// index always describes the bytes served even if the build or installation changes later.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/error.h"
#include "util/time.h"

namespace gmseal::server {

inline constexpr const char* kToolIndexJson = "index.json";
inline constexpr const char* kToolIndexHtml = "index.html";

struct ToolFile {
  std::string name;  // the published name: [A-Za-z0-9._-], not an index file's name
  std::filesystem::path source;
  std::string description;
};

struct ToolLookup {
  std::vector<ToolFile> found;
  // One line per tool not found, naming the places looked in.
  std::vector<std::string> missing;
};

// The gmseal program at `executable` (the server passes /proc/self/exe) and the token libraries
// libgmseal_skf.so / libgmseal_sdf.so, looked for, in this order, in the program's folder,
// <folder>/../lib/gmseal and <folder>/../lib (an installation: cmake --install), and
// <folder>/../../tokens (the build tree: build/<preset>/src/cli/gmseal).
ToolLookup find_default_tools(const std::filesystem::path& executable);

// Where a token library is, by the same lookup; empty when absent.
std::filesystem::path find_token_library(const std::filesystem::path& executable,
                                         const std::string& file_name);

// Every regular file in `dir` (hidden files skipped), sorted by name. Errors: downloads.bad_name
// (a name outside [A-Za-z0-9._-] or an index file's), io.read_failed.
Result<std::vector<ToolFile>> tools_in_folder(const std::filesystem::path& dir);

struct PublishedTool {
  std::string name;
  std::string description;
  std::uintmax_t size = 0;
  std::string sm3;  // hex
};

struct ToolCatalog {
  Time published_at{};
  std::vector<PublishedTool> files;

  // {"publishedAt","files":[{"name","size","sm3","description","url"}]}
  nlohmann::json to_json() const;
  static Result<ToolCatalog> from_json(const nlohmann::json& json);
  std::string to_html() const;
  const PublishedTool* find(const std::string& name) const;
};

// Copies `tools` into `dir` (created if needed; files of earlier publications that are not in
// `tools` are removed), digests the copies and writes index.json and index.html. Errors:
// downloads.bad_name, io.read_failed, io.write_failed.
Result<ToolCatalog> publish_tools(const std::filesystem::path& dir,
                                  const std::vector<ToolFile>& tools);

// The catalog a publication left in `dir`. Errors: io.read_failed, downloads.bad_index.
Result<ToolCatalog> read_tool_catalog(const std::filesystem::path& dir);

}  // namespace gmseal::server
