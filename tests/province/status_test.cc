// The status service: signed changes from the owning platform, queries and the revocation list.
#include <gtest/gtest.h>

#include "province/province_fixture.h"

namespace gmseal::province::testing {
namespace {

using StatusTest = ProvinceFixture;

std::string result(const Result<protocol::Json>& reply) {
  EXPECT_TRUE(reply.ok()) << (reply.ok() ? "" : reply.error().to_string());
  return reply.ok() ? reply->value("resultCode", std::string("?")) : "error";
}

TEST_F(StatusTest, FreezeUnfreezeLossCancel) {
  const std::string code = make_seal(platform_);
  auto& client = *platform_.client;
  EXPECT_EQ(result(client.change_status(code, "unfreeze", "")), "4005");  // not frozen
  EXPECT_EQ(result(client.change_status(code, "freeze", "审计")), "0");
  EXPECT_EQ((*client.query_status(code))["data"]["sealStatus"], "frozen");
  EXPECT_EQ(result(client.change_status(code, "freeze", "")), "4005");
  EXPECT_EQ(result(client.change_status(code, "unfreeze", "")), "0");
  EXPECT_EQ((*client.query_status(code))["data"]["sealStatus"], "valid");
  EXPECT_EQ(result(client.change_status(code, "loss", "遗失")), "0");
  EXPECT_EQ(result(client.change_status(code, "cancel", "注销")), "0");
  EXPECT_EQ(result(client.change_status(code, "freeze", "")), "4005");  // cancelled is final
  EXPECT_EQ((*client.query_status(code))["data"]["sealStatus"], "cancelled");

  auto list = client.revocation_list();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->version, "4");  // four accepted changes
  ASSERT_EQ(list->entries.size(), 1u);
  EXPECT_EQ(list->entries[0].seal_status, "cancelled");
}

TEST_F(StatusTest, OnlyTheOwnerMayChangeAndRequestsAreSigned) {
  const std::string code = make_seal(platform_);
  Platform other = add_platform("OTHER0001");
  EXPECT_EQ(result(other.client->change_status(code, "freeze", "")), "4004");
  EXPECT_EQ(result(platform_.client->change_status("GMST11010899999999", "freeze", "")), "4003");
  // A tampered change request is refused.
  protocol::Json request =
      protocol::new_status_change(platform_.client->initiator_cert(), code, "freeze", "").to_json();
  ASSERT_TRUE(platform_.client->sign(request).ok());
  request["data"]["action"] = "cancel";
  EXPECT_EQ(result(platform_.client->post_raw(protocol::kStatusChangePath, request.dump())),
            "2002");
  request["data"]["action"] = "explode";
  EXPECT_EQ(result(platform_.client->post_raw(protocol::kStatusChangePath, request.dump())),
            "1001");
  EXPECT_EQ(service_->store().seal(code).value()->status, "valid");
  auto missing = platform_.client->query_status("GMST11010899999999");
  EXPECT_EQ(result(missing), "4003");
  auto list = platform_.client->revocation_list();
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->entries.empty());
  EXPECT_EQ(list->version, "0");
}

}  // namespace
}  // namespace gmseal::province::testing
