// Injected faults reach the client as the failures they imitate.
#include <gtest/gtest.h>

#include <chrono>

#include "province/province_fixture.h"
#include "province/service.h"

namespace gmseal::province::testing {
namespace {

using FaultsTest = ProvinceFixture;

TEST(FaultSpecTest, Parses) {
  EXPECT_EQ(parse_fault("delay=250").value().delay_ms, 250);
  EXPECT_EQ(parse_fault("5xx@3").value().every, 3);
  EXPECT_EQ(parse_fault("bad-signature").value().kind, FaultKind::kBadSignature);
  for (const char* bad : {"delay", "delay=0", "drop=1", "5xx@0", "boom", ""}) {
    EXPECT_EQ(parse_fault(bad).error().code, "province.fault.bad_spec") << bad;
  }
  EXPECT_EQ(to_string(parse_fault("malformed@2").value()), "malformed@2");
  const std::vector<FaultSpec> faults = {parse_fault("5xx@2").value(), parse_fault("drop").value()};
  EXPECT_EQ(faults_for(faults, 1).size(), 1u);
  EXPECT_EQ(faults_for(faults, 2).size(), 2u);
}

// A reply that cannot be signed is never sent unsigned: it becomes an error answer (HTTP 500,
// resultCode 5000) that the platform retries.
TEST(ReplySigningTest, AFailedSignatureBecomesAnErrorAnswer) {
  Outcome outcome;
  outcome.reply = {{"resultCode", "0"}, {"data", {{"yzbm", "X"}}}};
  apply_reply_signing(outcome, Status{});
  EXPECT_EQ(outcome.http_status, 200);
  EXPECT_EQ(outcome.reply.value("resultCode", ""), "0");

  apply_reply_signing(outcome, make_error("crypto.sm2.sign_failed", "the key is unusable"));
  EXPECT_EQ(outcome.http_status, 500);
  EXPECT_EQ(outcome.result_code, "5000");
  EXPECT_EQ(outcome.reply.value("resultCode", ""), "5000");
  EXPECT_FALSE(outcome.reply.contains("data"));
  EXPECT_FALSE(outcome.reply.contains("signInfo"));
  EXPECT_NE(outcome.reply.value("resultMsg", "").find("province.internal"), std::string::npos);
  ASSERT_EQ(outcome.violations.size(), 1u);
  EXPECT_EQ(outcome.violations[0].rfind("crypto.sm2.sign_failed", 0), 0u);
}

TEST_F(FaultsTest, EachFaultIsSeenByTheClient) {
  const std::string code = make_seal(platform_);
  auto& client = platform_.client;

  restart({}, {parse_fault("5xx").value()});
  auto reply = client->download({code});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, "province.client.http");

  restart({}, {parse_fault("bad-signature").value()});
  reply = client->download({code});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, "protocol.envelope.bad_signature");

  restart({}, {parse_fault("malformed").value()});
  reply = client->download({code});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, "province.client.bad_reply");

  restart({}, {parse_fault("drop").value()});
  reply = client->download({code});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, "province.client.http");

  restart({}, {parse_fault("delay=300").value(), parse_fault("5xx@2").value()});
  const auto start = std::chrono::steady_clock::now();
  reply = client->download({code});
  EXPECT_TRUE(reply.ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  EXPECT_FALSE(client->download({code}).ok());  // the 2nd request gets the 5xx
  EXPECT_TRUE(client->download({code}).ok());
}

}  // namespace
}  // namespace gmseal::province::testing
