#include "server/console/web_console.h"

#include "service/http/static_files.h"
#include "util/file_io.h"

namespace gmseal::server {

std::filesystem::path find_web_root(const std::filesystem::path& self) {
  std::error_code ec;
  const std::filesystem::path program = std::filesystem::canonical(self, ec);
  if (ec) return {};
  const std::filesystem::path dir = program.parent_path();
  for (const std::filesystem::path& candidate :
       {dir / "../../../../web/dist", dir / "../share/gmseal/web"}) {
    if (std::filesystem::is_regular_file(candidate / "index.html", ec))
      return std::filesystem::weakly_canonical(candidate, ec);
  }
  return {};
}

Status mount_web_console(ApiServer& api, const std::filesystem::path& root) {
  const std::filesystem::path index = root / "index.html";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(index, ec)) {
    return make_error("server.web_root",
                      "no console in " + root.string() +
                          ": index.html is missing (build it with scripts/web-build)",
                      "web-root");
  }
  // Files: paths whose last segment has a dot, outside /api/ and /downloads/.
  auto files = std::make_shared<service::StaticFiles>(root);
  api.get_public(R"(/(?!api/|downloads/)(?:[^/]+/)*[^/]*\.[^/]*)",
                 [files](const httplib::Request& req, httplib::Response& res) {
                   if (!files->serve(req, res)) res.status = 404;  // the error handler answers
                 });
  // Client-side routes: paths without a dot outside /api/ and /downloads/ get index.html, read
  // per request so a rebuilt console is served without a restart.
  api.get_public(R"(/(?!api/|downloads/)[^.]*)",
                 [index](const httplib::Request&, httplib::Response& res) {
                   auto html = read_text_file(index.string());
                   if (!html.ok()) {
                     res.status = 404;
                     return;
                   }
                   res.set_header("Cache-Control", "no-cache");
                   res.set_content(*html, "text/html; charset=utf-8");
                 });
  return {};
}

}  // namespace gmseal::server
