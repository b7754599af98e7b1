#include "server/downloads/tool_downloads.h"

#include <algorithm>
#include <fstream>
#include <set>

#include "crypto/sm3.h"
#include "util/bytes.h"
#include "util/file_io.h"
#include "util/json_text.h"
#include "util/markup.h"

namespace gmseal::server {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct DefaultTool {
  const char* name;
  const char* description;
};

constexpr DefaultTool kTokenLibraries[] = {
    {"libgmseal_skf.so",
     "gmseal software UKey: a GM/T 0016 SKF library (devices are folders under GMSEAL_SKF_ROOT)"},
    {"libgmseal_sdf.so",
     "gmseal software crypto device: a GM/T 0018 SDF library (device folder GMSEAL_SDF_ROOT)"},
};

constexpr const char* kProgramDescription =
    "gmseal command-line client (Linux x86-64): seal and verify PDF/OFD documents, UKey tools, "
    "seal delivery onto UKeys (gmseal client deliver-seal)";

std::vector<fs::path> library_folders(const fs::path& executable) {
  std::error_code ec;
  fs::path resolved = fs::canonical(executable, ec);
  if (ec) resolved = fs::absolute(executable, ec);
  const fs::path folder = resolved.parent_path();
  return {folder, folder / ".." / "lib" / "gmseal", folder / ".." / "lib",
          folder / ".." / ".." / "tokens"};
}

Status check_name(const std::string& name) {
  const bool allowed = !name.empty() && name != kToolIndexJson && name != kToolIndexHtml &&
                       name[0] != '.' && std::all_of(name.begin(), name.end(), [](char c) {
                         return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                       });
  if (!allowed) {
    return make_error("downloads.bad_name",
                      "'" + name +
                          "' cannot be published: names are A-Z a-z 0-9 . _ - (not starting "
                          "with '.'), and index.json / index.html are the index's own");
  }
  return {};
}

// Copies `from` to `to` through a temporary file and digests the bytes written.
Result<PublishedTool> copy_and_digest(const ToolFile& tool, const fs::path& to) {
  std::ifstream in(tool.source, std::ios::binary);
  if (!in) {
    return make_error("io.read_failed",
                      "cannot read " + tool.source.string() + " (to publish as " + tool.name + ")");
  }
  const fs::path temporary = to.string() + ".publishing";
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  if (!out) return make_error("io.write_failed", "cannot write " + temporary.string());
  crypto::Sm3 digest;
  PublishedTool published{tool.name, tool.description, 0, ""};
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto count = static_cast<std::size_t>(in.gcount());
    if (count == 0) break;
    digest.update(ByteView(reinterpret_cast<const std::uint8_t*>(buffer.data()), count));
    out.write(buffer.data(), static_cast<std::streamsize>(count));
    published.size += count;
  }
  if (in.bad()) return make_error("io.read_failed", "error reading " + tool.source.string());
  out.close();
  if (!out) return make_error("io.write_failed", "error writing " + temporary.string());
  std::error_code ec;
  // Programs and libraries stay executable for whoever downloads them with a file copy.
  fs::permissions(temporary, fs::perms(0755), ec);
  fs::rename(temporary, to, ec);
  if (ec) {
    return make_error("io.write_failed", "cannot rename " + temporary.string() + " to " +
                                             to.string() + ": " + ec.message());
  }
  const crypto::Sm3Digest sm3 = digest.final();
  published.sm3 = hex_encode(ByteView(sm3.data(), sm3.size()));
  return published;
}

}  // namespace

fs::path find_token_library(const fs::path& executable, const std::string& file_name) {
  for (const fs::path& folder : library_folders(executable)) {
    std::error_code ec;
    const fs::path candidate = folder / file_name;
    if (fs::is_regular_file(candidate, ec)) return fs::weakly_canonical(candidate, ec);
  }
  return {};
}

ToolLookup find_default_tools(const fs::path& executable) {
  ToolLookup lookup;
  std::error_code ec;
  if (fs::is_regular_file(executable, ec)) {
    lookup.found.push_back({"gmseal", executable, kProgramDescription});
  } else {
    lookup.missing.push_back("gmseal (the program " + executable.string() + " is not readable)");
  }
  for (const DefaultTool& library : kTokenLibraries) {
    const fs::path path = find_token_library(executable, library.name);
    if (!path.empty()) {
      lookup.found.push_back({library.name, path, library.description});
      continue;
    }
    std::string places;
    for (const fs::path& folder : library_folders(executable)) {
      places += (places.empty() ? "" : ", ") + folder.lexically_normal().string();
    }
    lookup.missing.push_back(std::string(library.name) + " (looked in " + places + ")");
  }
  return lookup;
}

Result<std::vector<ToolFile>> tools_in_folder(const fs::path& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    return make_error("io.read_failed",
                      "cannot list the downloads folder " + dir.string() + ": " + ec.message());
  }
  std::vector<ToolFile> tools;
  for (const fs::directory_entry& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(".") || !entry.is_regular_file(ec)) continue;
    GMSEAL_RETURN_IF_ERROR(check_name(name));
    tools.push_back({name, entry.path(), ""});
  }
  std::sort(tools.begin(), tools.end(),
            [](const ToolFile& a, const ToolFile& b) { return a.name < b.name; });
  return tools;
}

json ToolCatalog::to_json() const {
  json list = json::array();
  for (const PublishedTool& f : files) {
    list.push_back({{"name", f.name},
                    {"size", f.size},
                    {"sm3", f.sm3},
                    {"description", f.description},
                    {"url", "/downloads/" + f.name}});
  }
  return {{"publishedAt", format_iso8601(published_at)}, {"files", list}};
}

Result<ToolCatalog> ToolCatalog::from_json(const json& j) {
  ToolCatalog catalog;
  try {
    GMSEAL_ASSIGN_OR_RETURN(catalog.published_at,
                            parse_time_argument(j.at("publishedAt").get<std::string>()));
    for (const json& f : j.at("files")) {
      PublishedTool tool{f.at("name").get<std::string>(), f.value("description", ""),
                         f.at("size").get<std::uintmax_t>(), f.at("sm3").get<std::string>()};
      GMSEAL_RETURN_IF_ERROR(check_name(tool.name));
      catalog.files.push_back(std::move(tool));
    }
  } catch (const json::exception& e) {
    return make_error("downloads.bad_index",
                      std::string("the downloads index is damaged: ") + e.what());
  }
  return catalog;
}

std::string ToolCatalog::to_html() const {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<title>工具下载 - gmseal</title></head>\n<body>\n<h1>工具下载</h1>\n"
      "<p>签章、验章工具与智能密码钥匙库（发布于 " +
      format_iso8601(published_at) +
      "）。SM3 digests: <a href=\"index.json\">index.json</a>.</p>\n"
      "<table>\n<tr><th>file</th><th>bytes</th><th>SM3</th><th>description</th></tr>\n";
  for (const PublishedTool& f : files) {
    html += "<tr><td><a href=\"" + escape_markup(f.name) + "\">" + escape_markup(f.name) +
            "</a></td><td>" + std::to_string(f.size) + "</td><td><code>" + f.sm3 +
            "</code></td><td>" + escape_markup(f.description) + "</td></tr>\n";
  }
  return html + "</table>\n</body></html>\n";
}

const PublishedTool* ToolCatalog::find(const std::string& name) const {
  for (const PublishedTool& f : files) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Result<ToolCatalog> publish_tools(const fs::path& dir, const std::vector<ToolFile>& tools) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return make_error("io.write_failed",
                      "cannot create the downloads folder " + dir.string() + ": " + ec.message());
  }
  ToolCatalog catalog;
  catalog.published_at = now();
  std::set<std::string> names;
  for (const ToolFile& tool : tools) {
    GMSEAL_RETURN_IF_ERROR(check_name(tool.name));
    if (!names.insert(tool.name).second) {
      return make_error("downloads.bad_name", "two tools would be published as " + tool.name);
    }
    GMSEAL_ASSIGN_OR_RETURN(PublishedTool published, copy_and_digest(tool, dir / tool.name));
    catalog.files.push_back(std::move(published));
  }
  // What an earlier publication left and this one does not list is no longer offered.
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (names.count(name) == 0 && name != kToolIndexJson && name != kToolIndexHtml) {
      fs::remove_all(entry.path(), ec);
    }
  }
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir / kToolIndexJson, json_text(catalog.to_json(), 2)));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir / kToolIndexHtml, catalog.to_html()));
  return catalog;
}

Result<ToolCatalog> read_tool_catalog(const fs::path& dir) {
  GMSEAL_ASSIGN_OR_RETURN(const std::string text, read_text_file(dir / kToolIndexJson));
  const json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) {
    return make_error("downloads.bad_index", (dir / kToolIndexJson).string() + " is not JSON");
  }
  return ToolCatalog::from_json(parsed);
}

}  // namespace gmseal::server
