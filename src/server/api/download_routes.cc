// GET /downloads/ and /downloads/index.html (no authentication) -> the tool list (HTML)
// GET /downloads/index.json                                     -> {"publishedAt","files":[
//                                                                   {"name","size","sm3",
//                                                                    "description","url"}]}
// GET /downloads/{name}                                         -> the file
// Only what the publication's index lists is served (downloads/tool_downloads.h), streamed
// from DATA/downloads.
#include <fstream>
#include <memory>

#include "server/api/routes.h"
#include "server/downloads/tool_downloads.h"
#include "service/http/api_error.h"

namespace gmseal::server {

namespace {

constexpr std::size_t kChunk = 1 << 16;

void serve_file(httplib::Response& res, const std::filesystem::path& path,
                const PublishedTool& tool) {
  auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
  if (!*in) {
    return send_error(res, 500, "io.read_failed", "the published file " + tool.name + " is gone");
  }
  res.set_header("Content-Disposition", "attachment; filename=\"" + tool.name + "\"");
  res.set_header("X-Content-SM3", tool.sm3);
  res.set_content_provider(static_cast<std::size_t>(tool.size), "application/octet-stream",
                           [in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             std::vector<char> buffer(std::min(length, kChunk));
                             in->seekg(static_cast<std::streamoff>(offset));
                             in->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
                             const auto count = static_cast<std::size_t>(in->gcount());
                             if (count == 0)
                               return false;  // the file shrank under us: abort the response
                             return sink.write(buffer.data(), count);
                           });
}

}  // namespace

void add_download_routes(ApiServer& api, const std::filesystem::path& dir) {
  auto catalog = read_tool_catalog(dir);
  if (!catalog.ok()) return;  // nothing published: /downloads/ answers 404
  auto shared = std::make_shared<const ToolCatalog>(std::move(*catalog));
  const auto index_html = [shared](const httplib::Request&, httplib::Response& res) {
    res.set_content(shared->to_html(), "text/html; charset=utf-8");
  };
  api.get_public("/downloads/", index_html);
  api.get_public("/downloads/index.html", index_html);
  api.get_public("/downloads/index.json",
                 [shared](const httplib::Request&, httplib::Response& res) {
                   send_json(res, shared->to_json());
                 });
  api.get_public(R"(/downloads/([A-Za-z0-9_][A-Za-z0-9._-]*))",
                 [shared, dir](const httplib::Request& req, httplib::Response& res) {
                   const PublishedTool* tool = shared->find(req.matches[1]);
                   if (tool == nullptr) {
                     return send_error(res, 404, "downloads.not_found",
                                       "no tool named " + std::string(req.matches[1]) +
                                           " is published (see /downloads/index.json)");
                   }
                   serve_file(res, dir / tool->name, *tool);
                 });
}

}  // namespace gmseal::server
