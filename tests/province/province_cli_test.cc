// The gmseal binary end to end: province init / register / serve, access-test province against
// it, and the strict-mode report.
#include <gtest/gtest.h>

#include <sstream>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include "cli/cli_test_support.h"

namespace gmseal::testing {
namespace {

// Starts `gmseal province serve` in the background; stops it on destruction.
class ServedProvince {
 public:
  ServedProvince(const ScratchDir& dir, const std::string& extra) {
    std::filesystem::remove(dir.path() / "port.txt");
    const auto started = dir.run(std::string("(") + GMSEAL_BINARY +
                                 " province serve --data prov --listen 127.0.0.1:0 --port-file "
                                 "port.txt " +
                                 extra + " > serve.log 2>&1 & echo $! > serve.pid)");
    EXPECT_EQ(started.exit_code, 0);
    for (int i = 0; i < 800 && !std::filesystem::exists(dir.path() / "port.txt"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    std::ifstream port_file(dir.path() / "port.txt");
    port_file >> port_;
    std::ifstream pid_file(dir.path() / "serve.pid");
    pid_file >> pid_;
  }
  ~ServedProvince() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      for (int i = 0; i < 100 && ::kill(pid_, 0) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

 private:
  int port_ = 0;
  int pid_ = 0;
};

class ProvinceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(dir_.gmseal("province init --data prov").exit_code, 0);
    ASSERT_EQ(dir_.gmseal("ca init --dir platca --name PlatformCA").exit_code, 0);
    ASSERT_EQ(dir_.gmseal("key gen --out sys.key.pem").exit_code, 0);
    const auto issued = dir_.gmseal(
        "cert issue --ca platca --profile system --name Platform --key sys.key.pem --out "
        "sys.cert.pem");
    ASSERT_EQ(issued.exit_code, 0) << issued.output;
    const auto registered = dir_.gmseal(
        "province register --data prov --system-cert sys.cert.pem --org-code 91350100M000100Y43 "
        "--org-name Platform --service-url http://127.0.0.1/anysign-ess-server-service --out "
        "reg.der");
    ASSERT_EQ(registered.exit_code, 0) << registered.output;
  }
  ScratchDir dir_;
};

// The kit's table row for case `name`, its columns joined by single spaces ("" if absent).
std::string table_row(const std::string& output, const std::string& name) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string word, row;
    if (!(words >> word) || word != name) continue;
    row = word;
    while (words >> word) row += " " + word;
    return row;
  }
  return "";
}

TEST_F(ProvinceCliTest, AccessTestPassesEveryCaseAgainstTheEmulator) {
  ServedProvince served(dir_, "");
  ASSERT_GT(served.port(), 0);
  const auto result = dir_.gmseal("access-test province --url " + served.url() +
                                  " --registration reg.der --key sys.key.pem --cert sys.cert.pem");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find(" 0 FAIL, 0 SKIP"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("download.valid"), std::string::npos);
  EXPECT_EQ(result.output.find("FAIL  "), std::string::npos) << result.output;
  // The field-rule cases expect the emulator's documented resultCode, not just a refusal.
  const std::vector<std::pair<std::string, std::string>> coded = {
      {"make.bad_seal_carrier", "3007"}, {"make.image_three_colours", "3004"},
      {"make.image_300_dpi", "3004"},    {"make.image_over_25kb", "3004"},
      {"make.empty_seal_name", "3009"},  {"make.seal_name_over_160_bytes", "3009"}};
  for (const auto& [name, code] : coded) {
    EXPECT_EQ(table_row(result.output, name),
              name + " resultCode " + code + " PASS resultCode " + code)
        << result.output;
  }
}

TEST_F(ProvinceCliTest, DownloadedSealVerifiesAgainstTheProvinceRootWithSealVerify) {
  ServedProvince served(dir_, "");
  const auto result = dir_.gmseal("access-test province --url " + served.url() +
                                  " --registration reg.der --key sys.key.pem --cert sys.cert.pem "
                                  "--save-seal made.esl");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  ASSERT_TRUE(std::filesystem::exists(dir_.path() / "made.esl"));
  const auto verified = dir_.gmseal("seal verify made.esl --trust prov/ca/ca.cert.pem");
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  // Against another root the maker chain does not verify.
  const auto foreign = dir_.gmseal("seal verify made.esl --trust platca/ca.cert.pem");
  EXPECT_NE(foreign.exit_code, 0) << foreign.output;
}

TEST_F(ProvinceCliTest, AccessTestFailsAgainstABrokenServer) {
  // Every reply's signature is broken: the kit must notice.
  ServedProvince served(dir_, "--fault bad-signature");
  const auto result = dir_.gmseal("access-test province --url " + served.url() +
                                  " --registration reg.der --key sys.key.pem --cert sys.cert.pem");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("make.reply_signature"), std::string::npos);
}

TEST_F(ProvinceCliTest, StrictReportListsWhatWasSentAndBroken) {
  {
    ServedProvince served(dir_, "--strict");
    const auto result = dir_.gmseal("access-test province --url " + served.url() +
                                    " --registration reg.der --key sys.key.pem --cert "
                                    "sys.cert.pem");
    EXPECT_EQ(result.exit_code, 0) << result.output;
  }
  const auto report = dir_.gmseal("province report --data prov");
  ASSERT_EQ(report.exit_code, 0) << report.output;
  EXPECT_NE(report.output.find("== sealMaking:"), std::string::npos) << report.output;
  EXPECT_NE(report.output.find("== downloadSeal:"), std::string::npos);
  EXPECT_NE(report.output.find("== revocationSealInfo:"), std::string::npos);
  EXPECT_NE(report.output.find("validate.seal_category.unknown"), std::string::npos);
  EXPECT_NE(report.output.find("province.replay"), std::string::npos);
  EXPECT_NE(report.output.find("\"sealNum\""), std::string::npos);  // what was sent
}

TEST_F(ProvinceCliTest, UsageErrors) {
  EXPECT_EQ(dir_.gmseal("province init --data prov").exit_code, 2);  // exists already
  EXPECT_EQ(dir_.gmseal("province serve --data prov --listen nowhere").exit_code, 2);
  EXPECT_EQ(dir_.gmseal("province serve --data prov --listen 127.0.0.1:0 --fault boom").exit_code,
            2);
  EXPECT_EQ(dir_.gmseal("province report --data missing").exit_code, 2);
  const auto unknown_seal =
      dir_.gmseal("province set-status --data prov --seal GMSL43010200000001 --action freeze");
  EXPECT_EQ(unknown_seal.exit_code, 2);
  EXPECT_NE(unknown_seal.output.find("no seal with code GMSL43010200000001"), std::string::npos)
      << unknown_seal.output;
  const auto bad_action =
      dir_.gmseal("province set-status --data prov --seal GMSL43010200000001 --action melt");
  EXPECT_EQ(bad_action.exit_code, 2);
  EXPECT_NE(bad_action.output.find("unknown status action 'melt'"), std::string::npos)
      << bad_action.output;
  EXPECT_EQ(dir_.gmseal("access-test province --url http://127.0.0.1:1 --registration sys.cert.pem "
                        "--key sys.key.pem --cert sys.cert.pem")
                .exit_code,
            2);  // not a registration package
}

}  // namespace
}  // namespace gmseal::testing
