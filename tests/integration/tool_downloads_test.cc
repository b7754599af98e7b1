// The tool downloads (/downloads/): what the server publishes, the index's sizes and SM3
// digests against the bytes served, no authentication, and the real `gmseal server` publishing
// itself and the token libraries found beside it.
#include <gtest/gtest.h>
#include <httplib.h>

#include <set>

#include "cli/cli_test_support.h"
#include "crypto/sm3.h"
#include "server/api/routes.h"
#include "server/downloads/tool_downloads.h"
#include "server_process.h"
#include "util/file_io.h"

namespace gmseal::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string sm3_hex(const std::string& bytes) {
  const crypto::Sm3Digest digest =
      crypto::sm3(ByteView(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  return hex_encode(ByteView(digest.data(), digest.size()));
}

std::string file_sm3(const fs::path& path) {
  auto bytes = read_file(path);
  if (!bytes.ok()) return "unreadable";
  const crypto::Sm3Digest digest = crypto::sm3(*bytes);
  return hex_encode(ByteView(digest.data(), digest.size()));
}

// Checks every file the index lists against the bytes served; returns the names.
std::set<std::string> check_served_files(httplib::Client& client) {
  auto index = client.Get("/downloads/index.json");
  EXPECT_TRUE(index);
  if (!index) return {};
  EXPECT_EQ(index->status, 200);
  const json listed = json::parse(index->body, nullptr, false);
  std::set<std::string> names;
  for (const json& f : listed.value("files", json::array())) {
    const std::string name = f.value("name", "");
    names.insert(name);
    auto file = client.Get(("/downloads/" + name).c_str());
    EXPECT_TRUE(file) << name;
    if (!file) continue;
    EXPECT_EQ(file->status, 200) << name;
    EXPECT_EQ(file->body.size(), f.value("size", std::size_t{0})) << name;
    EXPECT_EQ(sm3_hex(file->body), f.value("sm3", "")) << name;
  }
  return names;
}

const std::set<std::string> kDefaultTools = {"gmseal", "libgmseal_skf.so", "libgmseal_sdf.so"};

TEST(ToolDownloadsTest, PublishesTheProgramAndTokenLibrariesWithTheirDigests) {
  ScratchDir dir;
  const server::ToolLookup lookup = server::find_default_tools(GMSEAL_BINARY);
  EXPECT_TRUE(lookup.missing.empty()) << lookup.missing.front();
  std::set<std::string> found;
  for (const server::ToolFile& tool : lookup.found) {
    found.insert(tool.name);
    if (tool.name == "libgmseal_skf.so") {
      EXPECT_EQ(fs::canonical(tool.source), fs::canonical(GMSEAL_SKF_LIBRARY));
    }
  }
  EXPECT_EQ(found, kDefaultTools);

  const fs::path published = dir.path() / "downloads";
  auto catalog = server::publish_tools(published, lookup.found);
  ASSERT_TRUE(catalog.ok()) << catalog.error().to_string();
  // The index describes the original files, not only the copies.
  for (const server::PublishedTool& tool : catalog->files) {
    const fs::path source = tool.name == "gmseal"             ? fs::path(GMSEAL_BINARY)
                            : tool.name == "libgmseal_skf.so" ? fs::path(GMSEAL_SKF_LIBRARY)
                                                              : fs::path(GMSEAL_SDF_LIBRARY);
    EXPECT_EQ(tool.sm3, file_sm3(source)) << tool.name;
    EXPECT_EQ(tool.size, fs::file_size(source)) << tool.name;
  }

  service::ApiServer api(nullptr, 2);
  server::add_download_routes(api, published);
  ASSERT_TRUE(api.start("127.0.0.1", 0).ok());
  httplib::Client client("127.0.0.1", api.port());
  EXPECT_EQ(check_served_files(client), kDefaultTools);
  auto page = client.Get("/downloads/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  for (const std::string& name : kDefaultTools) {
    EXPECT_NE(page->body.find("href=\"" + name + "\""), std::string::npos) << name;
  }
  auto unknown = client.Get("/downloads/gmseal.db");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  api.stop();

  // An operator's folder replaces the default set; what is no longer listed is removed.
  const fs::path bundle = dir.path() / "bundle";
  fs::create_directories(bundle);
  ASSERT_TRUE(write_file_atomic(bundle / "vendor_skf.so", std::string_view("vendor")).ok());
  auto tools = server::tools_in_folder(bundle);
  ASSERT_TRUE(tools.ok()) << tools.error().to_string();
  ASSERT_TRUE(server::publish_tools(published, *tools).ok());
  EXPECT_FALSE(fs::exists(published / "gmseal"));
  auto reread = server::read_tool_catalog(published);
  ASSERT_TRUE(reread.ok()) << reread.error().to_string();
  ASSERT_EQ(reread->files.size(), 1u);
  EXPECT_EQ(reread->files[0].sm3, sm3_hex("vendor"));

  ASSERT_TRUE(write_file_atomic(bundle / "index.json", std::string_view("{}")).ok());
  auto refused = server::tools_in_folder(bundle);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "downloads.bad_name");
}

TEST(ToolDownloadsTest, TheRunningServerPublishesItselfAndTheTokenLibraries) {
  ScratchDir dir;
  const std::filesystem::path log = dir.path() / "server.log";
  auto server = ServerProcess::start({"--data", (dir.path() / "data").string()}, log);
  ASSERT_TRUE(server.ok()) << server.error().to_string();
  httplib::Client client("127.0.0.1", (*server)->port());
  EXPECT_EQ(check_served_files(client), kDefaultTools);
  auto program = client.Get("/downloads/gmseal");
  ASSERT_TRUE(program);
  EXPECT_EQ(sm3_hex(program->body), file_sm3(GMSEAL_BINARY));
  EXPECT_EQ((*server)->stop(), 0);
  const std::string output = *read_text_file(log);
  EXPECT_NE(output.find("libgmseal_skf.so from "), std::string::npos) << output;
  EXPECT_EQ(output.find("not found"), std::string::npos) << output;
}

}  // namespace
}  // namespace gmseal::testing
