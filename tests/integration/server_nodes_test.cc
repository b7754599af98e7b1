// Real `gmseal server` processes against a first-level emulator on loopback: a node killed with
// SIGKILL mid-flow and restarted loses nothing and duplicates nothing at the province; two
// nodes sharing one PostgreSQL database make a batch of 500 seals with no loss and no
// duplicate provincial call.
//
// "No duplicate" is checked at the province: the emulator runs in strict mode, which logs
// every request it receives; each seal must have exactly one accepted sealMaking request and
// the province must hold exactly one seal per application.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "../server/sample_application.h"
#include "../server/server_test_support.h"
#include "province/province_data.h"
#include "province/server.h"
#include "province/service.h"
#include "server/platform.h"
#include "server_process.h"
#include "util/file_io.h"

namespace gmseal::server {
namespace {

using nlohmann::json;
using testing::Engine;
using testing::ServerProcess;

class ServerNodesTest : public ::testing::Test {
 protected:
  // The emulator (strict, with `faults`) and a platform data folder registered with it.
  void prepare(Engine engine, std::vector<province::FaultSpec> faults) {
    auto data = province::ProvinceData::init(dir_.path() / "province", {});
    ASSERT_TRUE(data.ok()) << data.error().to_string();
    ASSERT_TRUE(write_file_atomic(dir_.path() / "province-root.pem", data->root().pem()).ok());
    auto service = province::ProvinceService::open(*data, {/*strict=*/true});
    ASSERT_TRUE(service.ok()) << service.error().to_string();
    service_ = std::shared_ptr<province::ProvinceService>(std::move(*service));
    province_ = std::make_unique<province::ProvinceServer>(service_, std::move(faults));
    auto port = province_->start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok());

    db_url_ = testing::fresh_database_url(engine, dir_.path());
    ASSERT_FALSE(db_url_.empty());
    setenv("GMSEAL_ADMIN_USER", "root", 1);
    setenv("GMSEAL_ADMIN_PASSWORD", "root password 1", 1);
    PlatformConfig config;
    config.data_dir = dir_.path() / "platform";
    config.db_url = db_url_;
    config.admin_user = "root";
    config.admin_password = "root password 1";
    config.run_worker = false;
    {
      // First start (keys, CA, schema, first admin), then the province registers the platform.
      auto platform = Platform::open(config, nullptr);
      ASSERT_TRUE(platform.ok()) << platform.error().to_string();
      auto package = service_->register_system((*platform)->system_certificate(), "HNGMSL0001",
                                               "gmseal 测试平台", "http://127.0.0.1:1/");
      ASSERT_TRUE(package.ok()) << package.error().to_string();
      ASSERT_TRUE(
          write_file_atomic(dir_.path() / "registration.der", ByteView(package->der())).ok());
    }
    node_args_ = {"--data",
                  config.data_dir.string(),
                  "--db",
                  db_url_,
                  "--province",
                  "http://127.0.0.1:" + std::to_string(*port),
                  "--registration",
                  (dir_.path() / "registration.der").string(),
                  "--province-root",
                  (dir_.path() / "province-root.pem").string(),
                  "--outbox-lease",
                  "3",
                  "--status-sync",
                  "0"};
  }

  std::unique_ptr<ServerProcess> start_node(const std::string& name) {
    auto node = ServerProcess::start(node_args_, dir_.path() / (name + ".log"));
    EXPECT_TRUE(node.ok()) << node.error().to_string();
    return node.ok() ? std::move(*node) : nullptr;
  }

  // Users on `node`: an operator and a reviewer (four-eyes rule); returns their tokens.
  std::pair<std::string, std::string> staff(int port) {
    const std::string admin = login(port, "root", "root password 1");
    call(port, "POST", "/api/v1/users", admin,
         {{"username", "olga"}, {"password", "password olga"}, {"roles", {"operator"}}});
    call(port, "POST", "/api/v1/users", admin,
         {{"username", "rita"}, {"password", "password rita"}, {"roles", {"reviewer"}}});
    return {login(port, "olga", "password olga"), login(port, "rita", "password rita")};
  }
  std::string login(int port, const std::string& user, const std::string& password) {
    return call(port, "POST", "/api/v1/session", "", {{"username", user}, {"password", password}})
        .second.value("token", "");
  }
  std::pair<int, json> call(int port, const std::string& method, const std::string& path,
                            const std::string& token, const json& body = json::object()) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    auto res = method == "GET"
                   ? client.Get(path.c_str(), headers)
                   : client.Post(path.c_str(), headers, body.dump(), "application/json");
    if (!res) return {-1, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }
  // Submits and approves one new application; returns its id.
  std::string submit_approved(int port, const std::string& op, const std::string& reviewer,
                              int serial) {
    // Each unit distinct, so the batch looks like real traffic (and codes cannot collide).
    char stem[18];
    std::snprintf(stem, sizeof stem, "91430102MA%07d", serial);
    auto submitted = call(port, "POST", "/api/v1/applications", op,
                          testing::sample_new_application(testing::valid_uscc(stem)));
    EXPECT_EQ(submitted.first, 201) << submitted.second.dump();
    const std::string id = submitted.second.value("id", "");
    auto approved =
        call(port, "POST", "/api/v1/applications/" + id + "/approve", reviewer, json::object());
    EXPECT_EQ(approved.first, 200) << approved.second.dump();
    return id;
  }
  // Waits until every application left "approved"/"making"; returns id -> application.
  std::map<std::string, json> wait_settled(int port, const std::string& token,
                                           const std::vector<std::string>& ids, int seconds) {
    std::map<std::string, json> settled;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (settled.size() < ids.size() && std::chrono::steady_clock::now() < deadline) {
      for (const std::string& id : ids) {
        if (settled.count(id) != 0) continue;
        json app = call(port, "GET", "/api/v1/applications/" + id, token).second;
        const std::string status = app.value("status", "");
        if (status != "approved" && status != "making" && status != "submitted") {
          settled[id] = app;
        }
      }
      if (settled.size() < ids.size()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return settled;
  }
  // Accepted sealMaking requests per seal code, from the strict emulator's request log.
  std::map<std::string, int> accepted_makes() {
    std::map<std::string, int> counts;
    auto log = service_->store().requests();
    EXPECT_TRUE(log.ok());
    if (!log.ok()) return counts;
    for (const province::RequestLog& entry : *log) {
      if (entry.interface_name != "sealMaking" || entry.result_code != "0") continue;
      json body = json::parse(entry.body, nullptr, false);
      const std::string code =
          body.contains("data") ? body["data"].value("sealNum", "") : std::string();
      ++counts[code];
    }
    return counts;
  }
  // Every application ready with its own seal, made exactly once at the province.
  void expect_each_made_once(const std::map<std::string, json>& settled, std::size_t expected) {
    ASSERT_EQ(settled.size(), expected);
    const std::map<std::string, int> makes = accepted_makes();
    auto seals = service_->store().seals(false);
    ASSERT_TRUE(seals.ok());
    EXPECT_EQ(seals->size(), expected);
    std::size_t ready = 0;
    for (const auto& [id, app] : settled) {
      EXPECT_TRUE(app.value("status", "") == "ready" || app.value("status", "") == "delivered")
          << app.dump();
      const std::string code = app.value("sealCode", "");
      ready += makes.count(code) != 0 ? 1 : 0;
      EXPECT_EQ(makes.count(code) != 0 ? makes.at(code) : 0, 1) << "seal " << code;
    }
    EXPECT_EQ(ready, expected);
    EXPECT_EQ(makes.size(), expected);
  }

  void TearDown() override {
    if (province_) province_->stop();
  }

  testing::ScratchDir dir_;
  std::shared_ptr<province::ProvinceService> service_;
  std::unique_ptr<province::ProvinceServer> province_;
  std::string db_url_;
  std::vector<std::string> node_args_;
};

class CrashTest : public ServerNodesTest, public ::testing::WithParamInterface<Engine> {};

TEST_P(CrashTest, SigkillMidFlowThenRestartLosesAndDuplicatesNothing) {
  // Slow answers keep provincial calls in flight; every 4th reply is lost after the province
  // acted on the request, so some retries must be recognised as "already done".
  prepare(GetParam(), {{province::FaultKind::kDelay, 150, 1}, {province::FaultKind::kDrop, 0, 4}});
  auto node = start_node("node");
  ASSERT_TRUE(node);
  auto [op, reviewer] = staff(node->port());
  constexpr int kApplications = 12;
  std::vector<std::string> ids;
  for (int i = 0; i < kApplications; ++i)
    ids.push_back(submit_approved(node->port(), op, reviewer, i));

  // Kill the node once the province has made some seals but not all.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    auto seals = service_->store().seals(false);
    ASSERT_TRUE(seals.ok());
    if (seals->size() >= 3) break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the province made no seals";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  node->kill_hard();
  auto made_before = service_->store().seals(false);
  ASSERT_TRUE(made_before.ok());
  EXPECT_LT(made_before->size(), static_cast<std::size_t>(kApplications))
      << "the node finished before it was killed: the test proves nothing";

  auto restarted = start_node("node-restarted");
  ASSERT_TRUE(restarted);
  const std::string op2 = login(restarted->port(), "olga", "password olga");
  const auto settled = wait_settled(restarted->port(), op2, ids, 180);
  expect_each_made_once(settled, kApplications);
  auto audit = call(restarted->port(), "GET", "/healthz", "");
  EXPECT_EQ(audit.first, 200);
  restarted->stop();
  auto verified = dir_.gmseal("audit verify --data platform --db '" + db_url_ + "'");
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
}

INSTANTIATE_TEST_SUITE_P(Engines, CrashTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::engine_name);

TEST_F(ServerNodesTest, TwoNodesSharingPostgresMake500SealsOnce) {
  prepare(Engine::kPostgres, {});
  auto first = start_node("node-a");
  ASSERT_TRUE(first);
  auto second = start_node("node-b");
  ASSERT_TRUE(second);
  auto [op, reviewer] = staff(first->port());
  const std::string op_b = login(second->port(), "olga", "password olga");
  const std::string reviewer_b = login(second->port(), "rita", "password rita");
  ASSERT_FALSE(op_b.empty());
  ASSERT_FALSE(reviewer_b.empty());

  // Applications arrive at both nodes from two client threads; both workers drain one outbox.
  constexpr int kApplications = 500;
  std::vector<std::string> ids_a, ids_b;
  std::thread feed_b([&] {
    for (int i = 1; i < kApplications; i += 2) {
      ids_b.push_back(submit_approved(second->port(), op_b, reviewer_b, i));
    }
  });
  for (int i = 0; i < kApplications; i += 2) {
    ids_a.push_back(submit_approved(first->port(), op, reviewer, i));
  }
  feed_b.join();
  std::vector<std::string> ids = ids_a;
  ids.insert(ids.end(), ids_b.begin(), ids_b.end());
  const auto settled = wait_settled(first->port(), op, ids, 600);
  expect_each_made_once(settled, kApplications);
  // Both nodes' workers made seals: the outbox was shared, not drained by one node.
  const std::string admin = login(first->port(), "root", "root password 1");
  call(first->port(), "POST", "/api/v1/users", admin,
       {{"username", "ada"}, {"password", "password ada"}, {"roles", {"auditor"}}});
  const std::string auditor = login(first->port(), "ada", "password ada");
  std::set<std::string> workers;
  for (long long after = 0;;) {
    auto page = call(first->port(), "GET",
                     "/api/v1/audit?after=" + std::to_string(after) + "&limit=1000", auditor);
    ASSERT_EQ(page.first, 200) << page.second.dump();
    const json& records = page.second.contains("records") ? page.second["records"] : page.second;
    if (!records.is_array() || records.empty()) break;
    for (const json& r : records) {
      if (r.value("action", "") == "province.make") workers.insert(r.value("source", ""));
      after = std::max(after, r.value("seq", after));
    }
  }
  EXPECT_EQ(workers.size(), 2u) << "nodes that made seals: " << json(workers).dump();
  EXPECT_EQ(first->stop(), 0);
  EXPECT_EQ(second->stop(), 0);
}

}  // namespace
}  // namespace gmseal::server
