// The web console's files over loopback (server/console, service/http/static_files): scripts
// gzipped by gmseal and never brotli'd per request, hashed assets cached for a year, client
// routes answered with index.html, nothing outside the build folder; and where a build tree's
// program finds the console.
#include <gtest/gtest.h>
#include <httplib.h>
#include <zlib.h>

#include <fstream>

#include "cli_test_support.h"
#include "server/console/web_console.h"
#include "service/http/api_server.h"

namespace gmseal::server {
namespace {

std::string inflate_gzip(const std::string& packed) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(packed.size() * 20 + 1024, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  stream.avail_in = static_cast<uInt>(packed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class WebConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() / "dist";
    write(root_ / "index.html", "<!doctype html><title>console</title>");
    for (int i = 0; i < 400; ++i) script_ += "export const line" + std::to_string(i) + " = 1;\n";
    write(root_ / "assets" / "index-Ab12.js", script_);
    write(root_ / "assets" / "index-Cd34.css", "body { color: #222 }\n");
    write(dir_.path() / "secret.txt", "outside the build folder");
    api_ = std::make_unique<service::ApiServer>(nullptr, 2);
    api_->get_public("/api/v1/ping", [](const httplib::Request&, httplib::Response& res) {
      service::send_json(res, {{"ping", std::string(4096, 'p')}});
    });
    ASSERT_TRUE(mount_web_console(*api_, root_).ok());
    ASSERT_TRUE(api_->start("127.0.0.1", 0).ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", api_->port());
    client_->set_decompress(false);
  }
  void TearDown() override { api_->stop(); }
  httplib::Result get(const std::string& path, const std::string& accept_encoding) {
    httplib::Headers headers;
    if (!accept_encoding.empty()) headers.emplace("Accept-Encoding", accept_encoding);
    return client_->Get(path.c_str(), headers);
  }

  testing::ScratchDir dir_;
  std::filesystem::path root_;
  std::string script_;
  std::unique_ptr<service::ApiServer> api_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(WebConsoleTest, ScriptsAreGzippedOnceAndNeverBrotlidPerRequest) {
  // What a browser asks for: brotli first. The answer is gzip, made once by gmseal.
  auto res = get("/assets/index-Ab12.js", "gzip, deflate, br");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/javascript; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(res->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_LT(res->body.size(), script_.size() / 4);
  EXPECT_EQ(inflate_gzip(res->body), script_);
  // A client without gzip (or refusing it) gets the file as it is.
  for (const std::string encoding : {"", "br", "gzip;q=0, br"}) {
    res = get("/assets/index-Ab12.js", encoding);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->get_header_value("Content-Encoding"), "") << encoding;
    EXPECT_EQ(res->body, script_) << encoding;
  }
}

TEST_F(WebConsoleTest, ApiJsonIsNotCompressedPerRequest) {
  auto res = get("/api/v1/ping", "gzip, deflate, br");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(nlohmann::json::parse(res->body)["ping"].get<std::string>().size(), 4096u);
}

TEST_F(WebConsoleTest, ClientRoutesGetIndexAndNothingLeavesTheFolder) {
  for (const std::string path : {"/", "/seals/HNAB43010000000001", "/review"}) {
    auto res = get(path, "");
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(res->body, "<!doctype html><title>console</title>") << path;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache") << path;
  }
  auto css = get("/assets/index-Cd34.css", "");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->body, "body { color: #222 }\n");
  for (const std::string path :
       {"/assets/missing.js", "/../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt", "/.hidden.js"}) {
    auto res = get(path, "");
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->body.find("outside the build folder"), std::string::npos) << path;
  }
}

// A build tree's program (build/PRESET/src/cli/gmseal) finds the console at web/dist.
TEST(FindWebRootTest, ABuildTreeProgramFindsWebDist) {
  testing::ScratchDir dir;
  write(dir.path() / "web" / "dist" / "index.html", "<!doctype html>");
  write(dir.path() / "build" / "release" / "src" / "cli" / "gmseal", "program");
  const auto found = find_web_root(dir.path() / "build" / "release" / "src" / "cli" / "gmseal");
  EXPECT_EQ(found, std::filesystem::weakly_canonical(dir.path() / "web" / "dist"));
  EXPECT_TRUE(find_web_root(dir.path() / "nowhere" / "gmseal").empty());
}

}  // namespace
}  // namespace gmseal::server
