// Many uses at once: a batch's results as a zip and one by one (and who may read them), many
// digests in one request (all or none), and API keys bound to users whose roles do not allow
// signing.
#include <gtest/gtest.h>
#include <zip.h>

#include <map>
#include <thread>

#include "../pdf/pdf_test_support.h"
#include "crypto/sm3.h"
#include "pdf/verify.h"
#include "ses/verify_signature.h"
#include "signing_loopback.h"

namespace gmseal::testing {
namespace {

using nlohmann::json;

// name -> content of every entry of a zip archive held in memory; empty on a bad archive.
std::map<std::string, std::string> unzip(const std::string& archive) {
  std::map<std::string, std::string> entries;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(archive.data(), archive.size(), 0, &error);
  if (source == nullptr) return entries;
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (zip == nullptr) {
    zip_source_free(source);
    return entries;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(zip, 0); ++i) {
    zip_stat_t stat;
    if (zip_stat_index(zip, i, 0, &stat) != 0) continue;
    zip_file_t* file = zip_fopen_index(zip, i, 0);
    if (file == nullptr) continue;
    std::string content(stat.size, '\0');
    const zip_int64_t read = zip_fread(file, content.data(), stat.size);
    zip_fclose(file);
    if (read == static_cast<zip_int64_t>(stat.size)) entries[stat.name] = std::move(content);
  }
  zip_close(zip);
  return entries;
}

class SigningManyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loop_ = std::make_unique<SigningLoopback>(dir_.path());
    ASSERT_TRUE(loop_->ok()) << loop_->error();
    code_ = loop_->make_and_import_seal();
    ASSERT_FALSE(code_.empty());
    loop_->grant_all("signer", code_);
  }

  ScratchDir dir_;
  std::unique_ptr<SigningLoopback> loop_;
  std::string code_;
};

TEST_F(SigningManyTest, ZipHoldsEverySignedDocumentAndOnlyTheOwnerOrAuditorReadsIt) {
  json documents = json::array();
  for (int i = 0; i < 3; ++i) {
    documents.push_back({{"name", "contract-" + std::to_string(i) + ".pdf"},
                         {"content", base64_encode(pdf::testing::make_simple_pdf(1 + i))}});
  }
  documents.push_back({{"name", "notes.txt"}, {"content", base64_encode(to_bytes("not a pdf"))}});
  auto job = loop_->signer().post("/api/v1/sign/batch", {{"sealCode", code_},
                                                         {"kind", "pdf"},
                                                         {"position", {{"keyword", "contract"}}},
                                                         {"documents", documents}});
  ASSERT_EQ(job.status, 202) << job.raw;
  const std::string id = job.body["id"];
  json progress;
  for (int i = 0; i < 600; ++i) {
    progress = loop_->signer().get("/api/v1/sign/batch/" + id).body;
    if (progress.value("pending", -1) == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(progress.value("pending", -1), 0) << progress.dump();
  EXPECT_EQ(progress.value("signed", -1), 3);
  EXPECT_EQ(progress.value("failed", -1), 1);

  auto zip = loop_->signer().get("/api/v1/sign/batch/" + id + "/zip");
  ASSERT_EQ(zip.status, 200);
  const auto entries = unzip(zip.raw);
  ASSERT_EQ(entries.size(), 3u) << "the failed document has no entry";
  for (int i = 0; i < 3; ++i) {
    // Entries are "<index>-<name>": names given by clients need not be unique.
    const std::string name = std::to_string(i) + "-contract-" + std::to_string(i) + ".pdf";
    ASSERT_TRUE(entries.contains(name)) << name;
    // The entry is the very document served one by one, and it verifies.
    auto one = loop_->signer().get("/api/v1/sign/batch/" + id + "/documents/" + std::to_string(i));
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(crypto::sm3(to_bytes(one.raw)), crypto::sm3(to_bytes(entries.at(name)))) << name;
    auto report = pdf::verify_pdf(to_bytes(entries.at(name)));
    ASSERT_TRUE(report.ok()) << report.error().to_string();
    EXPECT_TRUE(report->valid) << name;
  }
  // The failed document has no result to download.
  EXPECT_EQ(loop_->signer().get("/api/v1/sign/batch/" + id + "/documents/3").status / 100, 4);

  // Another signer sees no such batch; the auditor reads it.
  auto stranger = loop_->signer2().get("/api/v1/sign/batch/" + id + "/zip");
  EXPECT_EQ(stranger.status, 404) << stranger.raw;
  EXPECT_EQ(stranger.body.value("code", ""), "batch.not_found") << stranger.raw;
  EXPECT_EQ(loop_->auditor().get("/api/v1/sign/batch/" + id + "/zip").status, 200);
  // A seal administrator is neither owner nor auditor: the role check refuses before the lookup.
  EXPECT_EQ(loop_->sealadmin().get("/api/v1/sign/batch/" + id + "/zip").status, 403);
}

TEST_F(SigningManyTest, ApiKeyCarriesItsUsersRolesAndNoMore) {
  httplib::Client machine(loop_->url());
  const std::string digest_body =
      json({{"sealCode", code_}, {"digest", hex_encode(crypto::sm3(to_bytes("oa document")))}})
          .dump();
  // Keys bound to users who may not sign: the auditor and the seal administrator.
  for (const char* user : {"auditor", "sealadmin"}) {
    auto key = loop_->admin().post("/api/v1/api-keys", {{"username", user}, {"label", "oa"}});
    ASSERT_EQ(key.status, 201) << key.raw;
    auto refused = machine.Post("/api/v1/sign/digest", {{"X-API-Key", key.body.value("key", "")}},
                                digest_body, "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << user << ": " << refused->body;
    EXPECT_EQ(json::parse(refused->body, nullptr, false).value("code", ""), "forbidden")
        << refused->body;
  }
  // A key bound to a signer without a grant for this seal: the grant check names why.
  auto key2 = loop_->admin().post("/api/v1/api-keys", {{"username", "signer2"}, {"label", "erp"}});
  ASSERT_EQ(key2.status, 201) << key2.raw;
  auto no_grant = machine.Post("/api/v1/sign/digest", {{"X-API-Key", key2.body.value("key", "")}},
                               digest_body, "application/json");
  ASSERT_TRUE(no_grant);
  EXPECT_EQ(no_grant->status, 403) << no_grant->body;
  EXPECT_EQ(json::parse(no_grant->body, nullptr, false).value("code", "").rfind("grant.", 0), 0u)
      << no_grant->body;
  // An unknown key is no key at all.
  auto unknown = machine.Post("/api/v1/sign/digest", {{"X-API-Key", "0123456789abcdef"}},
                              digest_body, "application/json");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401) << unknown->body;
}

TEST_F(SigningManyTest, ManyDigestsInOneRequestAllOrNone) {
  auto digests_body = [&](int n, const std::string& tag) {
    json list = json::array();
    for (int i = 0; i < n; ++i) {
      const std::string digest = hex_encode(crypto::sm3(to_bytes(tag + std::to_string(i))));
      if (i % 2) {
        list.push_back(digest);
      } else {
        list.push_back({{"digest", digest}, {"propertyInfo", tag + std::to_string(i) + ".xml"}});
      }
    }
    return json{{"sealCode", code_}, {"digests", list}};
  };
  auto uses = [&]() {
    int n = 0;
    auto records = loop_->auditor().get("/api/v1/audit?limit=1000");
    for (const json& r : records.body["records"]) n += r["action"] == "sign.digest";
    return n;
  };

  // Ten digests: ten signatures, in order, each an SES_Signature over its digest, and ten uses.
  auto ten = loop_->signer().post("/api/v1/sign/digests", digests_body(10, "invoice "));
  ASSERT_EQ(ten.status, 200) << ten.raw;
  ASSERT_EQ(ten.body["signatures"].size(), 10u);
  for (int i = 0; i < 10; ++i) {
    const crypto::Sm3Digest sm3 = crypto::sm3(to_bytes("invoice " + std::to_string(i)));
    const Bytes digest(sm3.begin(), sm3.end());
    auto der = base64_decode(ten.body["signatures"][i].value("signature", ""));
    ASSERT_TRUE(der.ok());
    ses::SignatureVerifyOptions options;
    options.data_hash = [&](const ses::Signature&) -> Result<Bytes> { return digest; };
    const ses::VerifyReport report = ses::verify_signature_der(*der, options);
    EXPECT_TRUE(report.valid()) << i;
    EXPECT_EQ(ten.body["signatures"][i]["sm3After"], hex_encode(crypto::sm3(*der)));
  }
  EXPECT_EQ(uses(), 10);

  // signer2 may make three uses in all: four digests are refused whole, three pass, then none.
  auto grant = loop_->sealadmin().post(
      "/api/v1/grants", {{"username", "signer2"},
                         {"sealCode", code_},
                         {"notBefore", format_iso8601(now() - std::chrono::hours(1))},
                         {"notAfter", format_iso8601(now() + std::chrono::hours(1))},
                         {"kinds", {"digest"}},
                         {"totalLimit", 3}});
  ASSERT_EQ(grant.status, 201) << grant.raw;
  auto four = loop_->signer2().post("/api/v1/sign/digests", digests_body(4, "order "));
  EXPECT_EQ(four.status, 403) << four.raw;
  EXPECT_EQ(four.body.value("code", ""), "grant.quota") << four.raw;
  EXPECT_EQ(uses(), 10) << "a refused request records no use";
  auto three = loop_->signer2().post("/api/v1/sign/digests", digests_body(3, "order "));
  EXPECT_EQ(three.status, 200) << three.raw;
  EXPECT_EQ(uses(), 13);
  auto one_more = loop_->signer2().post("/api/v1/sign/digests", digests_body(1, "order "));
  EXPECT_EQ(one_more.body.value("code", ""), "grant.quota") << one_more.raw;

  // Bad input names the digest, and too many digests are refused before any work.
  json bad = digests_body(3, "bad ");
  bad["digests"][2] = "abcd";
  auto named = loop_->signer().post("/api/v1/sign/digests", bad);
  EXPECT_EQ(named.status, 400) << named.raw;
  EXPECT_EQ(named.body.value("field", ""), "digests[2]") << named.raw;
  auto too_many = loop_->signer().post("/api/v1/sign/digests", digests_body(1001, "many "));
  EXPECT_EQ(too_many.status, 400) << too_many.raw.substr(0, 300);
  EXPECT_EQ(too_many.body.value("field", ""), "digests") << too_many.raw.substr(0, 300);
  auto none = loop_->signer().post("/api/v1/sign/digests",
                                   {{"sealCode", code_}, {"digests", json::array()}});
  EXPECT_EQ(none.status, 400) << none.raw;
  EXPECT_EQ(uses(), 13);
}

}  // namespace
}  // namespace gmseal::testing
