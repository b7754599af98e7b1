// gmseal seal make|show|verify and gmseal ses show|verify, run as a process on generated files.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <array>
#include <tuple>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "crypto/sm3.h"
#include "ses/ses_fixture.h"
#include "ses/sign.h"
#include "ses/testdata.h"
#include "util/file_io.h"

namespace gmseal::ses {
namespace {

namespace fs = std::filesystem;
using testing::pki;

struct CliRun {
  int code;
  std::string out;
};

CliRun run(const std::string& args) {
  const std::string command = std::string(GMSEAL_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buffer;
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// The JSON object in `out`, which may also hold stderr's "gmseal: ..." line.
nlohmann::json json_part(const std::string& out) {
  const auto begin = out.find('{');
  const auto end = out.rfind('}');
  if (begin == std::string::npos || end == std::string::npos) return nullptr;
  return nlohmann::json::parse(out.substr(begin, end - begin + 1), nullptr, false);
}

class SesCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gmseal-ses-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    write("maker.key.pem", pki().maker.key.to_pem("maker-pass"));
    write("maker.cert.pem", pki().maker.cert.pem());
    write("signer.cert.pem", pki().signer.cert.pem());
    write("root.pem", pki().root.cert.pem());
    (void)write_file_atomic(dir_ / "stamp.png", ByteView(to_bytes("\x89PNG fake image")));
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    ASSERT_TRUE(write_file_atomic(dir_ / name, text).ok());
  }
  std::string p(const std::string& name) const { return (dir_ / name).string(); }

  std::string make_args(const std::string& extra = "") const {
    return "seal make --maker-key " + p("maker.key.pem") + " --maker-pass maker-pass" +
           " --maker-cert " + p("maker.cert.pem") + " --signer-cert " + p("signer.cert.pem") +
           " --picture " + p("stamp.png") + " --es-id 43010000000099 --name 测试合同章" +
           " --width 42 --height 42 --ext 1.2.156.10197.6.7.2.2.1=2.1 --out " + p("seal.esl") +
           " " + extra;
  }
  fs::path dir_;
};

TEST_F(SesCliTest, MakeShowVerifySeal) {
  CliRun made = run(make_args());
  ASSERT_EQ(made.code, 0) << made.out;
  CliRun shown = run("seal show " + p("seal.esl") + " --extract-picture " + p("out.png"));
  EXPECT_EQ(shown.code, 0) << shown.out;
  EXPECT_NE(shown.out.find("测试合同章"), std::string::npos);
  EXPECT_NE(shown.out.find("PNG, 15 bytes, 42 x 42 mm"), std::string::npos) << shown.out;
  EXPECT_EQ(*read_file(p("out.png")), to_bytes("\x89PNG fake image"));

  CliRun json_show = run("seal show --json " + p("seal.esl"));
  ASSERT_EQ(json_show.code, 0);
  const auto shown_json = nlohmann::json::parse(json_show.out);
  EXPECT_EQ(shown_json["esID"], "43010000000099");
  const auto made_seal = Seal::parse(*read_file(p("seal.esl")));
  ASSERT_TRUE(made_seal.ok());
  EXPECT_EQ(shown_json["headerId"], "ES");
  EXPECT_EQ(shown_json["headerVersion"], 4);
  EXPECT_EQ(shown_json["signedValue"], hex_encode(made_seal->signed_value()));
  EXPECT_EQ(shown_json["timeStamp"], false);
  EXPECT_TRUE(shown_json.contains("timeStampDer"));
  EXPECT_TRUE(shown_json["timeStampDer"].is_null());
  EXPECT_EQ(shown_json["extDatas"][0]["oid"], "1.2.156.10197.6.7.2.2.1");

  CliRun verified = run("seal verify --json --trust " + p("root.pem") + " " + p("seal.esl"));
  EXPECT_EQ(verified.code, 0) << verified.out;
  const auto verdict = nlohmann::json::parse(verified.out);
  EXPECT_EQ(verdict["valid"], true);
  EXPECT_EQ(verdict["trusted"], true);
  EXPECT_EQ(verdict["seal"]["picture"]["widthMm"], 42);

  // Outside the validity window: invalid, exit 1, seal_validity named.
  CliRun late = run("seal verify --json --at 2099-01-01 " + p("seal.esl"));
  EXPECT_EQ(late.code, 1) << late.out;
  bool window_failed = false;
  const auto late_verdict = nlohmann::json::parse(late.out);
  for (const auto& check : late_verdict["checks"]) {
    if (check["name"] == "seal_validity") window_failed = check["result"] == "fail";
  }
  EXPECT_TRUE(window_failed);
}

TEST_F(SesCliTest, BinaryExtensionValues) {
  ASSERT_TRUE(write_file_atomic(p("ext.bin"), ByteView(Bytes{0x00, 0xff, 0x10})).ok());
  CliRun made =
      run(make_args("--ext 1.2.3.1=hex:0A0b00 --ext 1.2.3.2=text:hex:no --ext-file "
                    "1.2.3.3=" +
                    p("ext.bin") + " --critical-ext 1.2.3.4=hex:ff " +
                    "--critical-ext-file 1.2.3.5=" + p("ext.bin")));
  ASSERT_EQ(made.code, 0) << made.out;
  const auto seal = Seal::parse(*read_file(p("seal.esl")));
  ASSERT_TRUE(seal.ok());
  std::vector<std::tuple<std::string, bool, Bytes>> exts;
  for (const ExtData& e : seal->info().ext_datas) exts.emplace_back(e.oid, e.critical, e.value);
  const std::vector<std::tuple<std::string, bool, Bytes>> expected = {
      {"1.2.156.10197.6.7.2.2.1", false, to_bytes("2.1")},
      {"1.2.3.1", false, Bytes{0x0a, 0x0b, 0x00}},
      {"1.2.3.2", false, to_bytes("hex:no")},
      {"1.2.3.4", true, Bytes{0xff}},
      {"1.2.3.3", false, Bytes{0x00, 0xff, 0x10}},
      {"1.2.3.5", true, Bytes{0x00, 0xff, 0x10}}};
  EXPECT_EQ(exts, expected);
  EXPECT_EQ(run("seal verify " + p("seal.esl")).code, 0);
  // Bad hex and a missing file are usage / input errors that leave no seal behind.
  fs::remove(p("seal.esl"));
  CliRun bad_hex = run(make_args("--ext 1.2.3.1=hex:0G"));
  EXPECT_EQ(bad_hex.code, 2) << bad_hex.out;
  EXPECT_NE(bad_hex.out.find("--ext"), std::string::npos) << bad_hex.out;
  EXPECT_EQ(run(make_args("--ext-file 1.2.3.3=" + p("absent.bin"))).code, 2);
  EXPECT_EQ(run(make_args("--ext-file 1.2.3.3")).code, 2);
  EXPECT_FALSE(fs::exists(p("seal.esl")));
  CliRun help = run("seal make --help");
  EXPECT_NE(help.out.find("hex:"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--ext-file"), std::string::npos) << help.out;
}

TEST_F(SesCliTest, MakeV5WithDigestList) {
  CliRun made = run(make_args("--format v5 --cert-list-type digests"));
  ASSERT_EQ(made.code, 0) << made.out;
  CliRun shown = run("seal show --json " + p("seal.esl"));
  const auto j = nlohmann::json::parse(shown.out);
  EXPECT_EQ(j["format"], "v5");
  EXPECT_EQ(j["certListType"], 2);
  EXPECT_EQ(run("seal verify " + p("seal.esl")).code, 0);
}

TEST_F(SesCliTest, TamperedSealIsInvalidAndGarbageIsAnInputError) {
  ASSERT_EQ(run(make_args()).code, 0);
  Bytes der = *read_file(p("seal.esl"));
  der[40] ^= 0x01;  // inside SES_SealInfo
  ASSERT_TRUE(write_file_atomic(p("bad.esl"), ByteView(der)).ok());
  CliRun bad = run("seal verify " + p("bad.esl"));
  EXPECT_EQ(bad.code, 1) << bad.out;
  EXPECT_NE(bad.out.find("INVALID"), std::string::npos);
  EXPECT_EQ(run("seal verify " + p("missing.esl")).code, 2);
  EXPECT_EQ(run("seal show " + p("stamp.png")).code, 2);
  // Files that are not seals or signatures at all (garbage, truncated DER, random bytes) are
  // input errors for verify too, with a clear message; --json still prints the verdict.
  Bytes truncated = *read_file(p("seal.esl"));
  truncated.resize(truncated.size() / 2);
  ASSERT_TRUE(write_file_atomic(p("truncated.esl"), ByteView(truncated)).ok());
  Bytes random(300);
  for (std::size_t i = 0; i < random.size(); ++i)
    random[i] = static_cast<std::uint8_t>(i * 37 + 11);
  ASSERT_TRUE(write_file_atomic(p("random.bin"), ByteView(random)).ok());
  for (const std::string& file : {p("stamp.png"), p("truncated.esl"), p("random.bin")}) {
    for (const std::string& command : std::vector<std::string>{"seal verify ", "ses verify "}) {
      CliRun r = run(command + file);
      EXPECT_EQ(r.code, 2) << command << file << "\n" << r.out;
      EXPECT_NE(r.out.find("gmseal: " + file + " is not an electronic s"), std::string::npos)
          << r.out;
      EXPECT_NE(r.out.find("fail  format"), std::string::npos) << r.out;
      CliRun j = run(command + "--json " + file);
      EXPECT_EQ(j.code, 2) << command << file << "\n" << j.out;
      const auto verdict = json_part(j.out);
      EXPECT_EQ(verdict["valid"], false) << j.out;
      const auto& checks =
          command == "seal verify " ? verdict["checks"] : verdict["signatures"][0]["checks"];
      ASSERT_FALSE(checks.empty()) << j.out;
      EXPECT_EQ(checks[0]["name"], "format");
      EXPECT_EQ(checks[0]["result"], "fail");
    }
  }
  // A parsed seal that fails stays exit 1 with --json too.
  EXPECT_EQ(run("seal verify --json " + p("bad.esl")).code, 1);
  // A bad flag value is a usage error.
  EXPECT_EQ(run(make_args("--format v9")).code, 2);
  // Wrong maker password.
  EXPECT_EQ(run(make_args("--maker-pass nope")).code, 2);
}

TEST_F(SesCliTest, SesShowAndVerifyWithDataHash) {
  ASSERT_EQ(run(make_args()).code, 0);
  auto seal = Seal::parse(*read_file(p("seal.esl")));
  ASSERT_TRUE(seal.ok());
  const auto digest = crypto::sm3(to_bytes("document"));
  SignRequest request;
  request.data_hash.assign(digest.begin(), digest.end());
  request.property_info = "/Doc_0/Signs/Sign_0/Signature.xml";
  request.ext_datas.push_back({"1.2.3.4", true, Bytes{0x0a, 0x0b}});
  auto signer = pki().signer.signer();
  auto sig = sign(*seal, pki().signer.cert, *signer, request);
  ASSERT_TRUE(sig.ok());
  ASSERT_TRUE(write_file_atomic(p("SignedValue.dat"), ByteView(sig->der())).ok());

  CliRun shown = run("ses show " + p("SignedValue.dat"));
  EXPECT_EQ(shown.code, 0) << shown.out;
  EXPECT_NE(shown.out.find("/Doc_0/Signs/Sign_0/Signature.xml"), std::string::npos);
  EXPECT_NE(shown.out.find("Extension:      1.2.3.4 (critical) = 0a0b"), std::string::npos)
      << shown.out;

  const std::string hash = hex_encode(digest);
  // ses show --data-hash says whether the signature's dataHash is the given one.
  CliRun same = run("ses show --data-hash " + hash + " " + p("SignedValue.dat"));
  EXPECT_EQ(same.code, 0) << same.out;
  EXPECT_NE(same.out.find("Data hash vs --data-hash: matches"), std::string::npos) << same.out;
  CliRun differs = run("ses show --data-hash " + std::string(64, '0') + " " + p("SignedValue.dat"));
  EXPECT_NE(differs.out.find("Data hash vs --data-hash: DIFFERS"), std::string::npos)
      << differs.out;
  CliRun shown_json = run("ses show --json --data-hash " + hash + " " + p("SignedValue.dat"));
  ASSERT_EQ(shown_json.code, 0) << shown_json.out;
  const auto show = nlohmann::json::parse(shown_json.out);
  EXPECT_EQ(show["dataHashMatches"], true);
  ASSERT_EQ(show["extDatas"].size(), 1u) << shown_json.out;
  EXPECT_EQ(show["extDatas"][0]["oid"], "1.2.3.4");
  EXPECT_EQ(show["extDatas"][0]["critical"], true);
  EXPECT_EQ(show["extDatas"][0]["value"], "0a0b");
  EXPECT_TRUE(show["timeStampDer"].is_null());
  EXPECT_EQ(show["seal"]["headerId"], "ES");
  EXPECT_FALSE(nlohmann::json::parse(run("ses show --json --data-hash " + std::string(64, '0') +
                                         " " + p("SignedValue.dat"))
                                         .out)["dataHashMatches"]
                   .get<bool>());
  EXPECT_FALSE(nlohmann::json::parse(run("ses show --json " + p("SignedValue.dat")).out)
                   .contains("dataHashMatches"));
  EXPECT_EQ(run("ses show --data-hash xyz " + p("SignedValue.dat")).code, 2);

  CliRun ok = run("ses verify --json --trust " + p("root.pem") + " --data-hash " + hash + " " +
                  p("SignedValue.dat"));
  EXPECT_EQ(ok.code, 0) << ok.out;
  const auto verdict = nlohmann::json::parse(ok.out);
  EXPECT_EQ(verdict["valid"], true);
  EXPECT_EQ(verdict["trusted"], true);
  ASSERT_EQ(verdict["signatures"].size(), 1u);
  EXPECT_EQ(verdict["signatures"][0]["signer"]["serial"], pki().signer.cert.serial_hex());
  EXPECT_TRUE(verdict["signatures"][0]["signedAt"]["time"].is_string());
  EXPECT_EQ(verdict["signatures"][0]["signedAt"]["source"], "claimed");
  EXPECT_EQ(verdict["signatures"][0]["extDatas"][0]["value"], "0a0b");

  CliRun wrong = run("ses verify --data-hash " + std::string(64, '0') + " " + p("SignedValue.dat"));
  EXPECT_EQ(wrong.code, 1) << wrong.out;
  EXPECT_NE(wrong.out.find("fail  data_hash"), std::string::npos) << wrong.out;
  EXPECT_EQ(run("ses verify --data-hash xyz " + p("SignedValue.dat")).code, 2);
}

TEST_F(SesCliTest, RealVendorSignatureVerifiesUntrusted) {
  GMSEAL_REQUIRE_TESTDATA();
  const Bytes der = testing::testdata_zip_entry("ofd/gomain-bw-invoice.ofd",
                                                "Doc_0/Signs/Sign_0/SignedValue.dat");
  ASSERT_TRUE(write_file_atomic(p("SignedValue.dat"), ByteView(der)).ok());
  CliRun r = run("ses verify --json " + p("SignedValue.dat"));
  EXPECT_EQ(r.code, 0) << r.out;
  const auto verdict = nlohmann::json::parse(r.out);
  EXPECT_EQ(verdict["valid"], true);
  EXPECT_EQ(verdict["trusted"], false);
}

}  // namespace
}  // namespace gmseal::ses

namespace gmseal::ses {
namespace {

TEST_F(SesCliTest, DemoMakesSignsAndVerifiesASeal) {
  const std::string demo_dir = p("demo");
  CliRun demo = run("demo --dir " + demo_dir);
  ASSERT_EQ(demo.code, 0) << demo.out;
  EXPECT_NE(demo.out.find("pass  seal.maker_signature"), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("pass  data_hash"), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("altered document: rejected (data_hash)"), std::string::npos);
  // The files it leaves verify with the CLI against the demo root.
  const std::string root = demo_dir + "/ca/ca.cert.pem";
  EXPECT_EQ(run("seal verify --trust " + root + " " + demo_dir + "/seal.esl").code, 0);
  CliRun sig = run("ses verify --json --trust " + root + " " + demo_dir + "/SignedValue.dat");
  EXPECT_EQ(sig.code, 0) << sig.out;
  EXPECT_EQ(nlohmann::json::parse(sig.out)["trusted"], true);
}

}  // namespace
}  // namespace gmseal::ses
