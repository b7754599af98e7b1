#include <gtest/gtest.h>

#include "protocol/messages.h"

namespace gmseal::protocol {
namespace {

SealMakingData sample_data() {
  SealMakingData d;
  d.seal_name = "某某科技有限公司合同专用章";
  d.seal_num = "XXCA11010800000001";
  d.seal_specific_category = "04";
  d.seal_height = "40";
  d.seal_width = "40";
  d.seal_img = "iVBORw0KGgo=";
  d.valid_start_time = "2024-01-01 00:00:00";
  d.valid_end_time = "2026-01-01 00:00:00";
  d.sign_cert = "MIIB";
  d.bak_type = "1";
  d.seal_carrier = "1";
  d.local_or = "N";
  d.seal_type = "PNG";
  d.org_code = "ORG001";
  return d;
}

TEST(MessagesTest, SealMakingRequestRoundTripsInTableForm) {
  SealMakingRequest request;
  request.header = new_request_header(Interface::kSealMaking, "Q0VSVA==", "1");
  request.data = sample_data();
  const Json json = request.to_json();
  EXPECT_EQ(json["taskCode"], "sealMaking");
  EXPECT_EQ(json["taskTypeCode"], "6");
  EXPECT_EQ(json["version"], "1.0");
  EXPECT_EQ(json["extendData"]["sealCarrier"], "1");
  EXPECT_EQ(json["data"]["sealNum"], "XXCA11010800000001");
  ParseNotes notes;
  auto back = SealMakingRequest::from_json(json, &notes);
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_TRUE(notes.deviations.empty());
  EXPECT_EQ(back->to_json(), json);
}

TEST(MessagesTest, SealMakingRequestAcceptsTheSampleForms) {
  SealMakingRequest request;
  request.header = new_request_header(Interface::kSealMaking, "Q0VSVA==", "1");
  request.data = sample_data();
  Json json = request.to_json();
  json["taskCode"] = "downloadSeal";   // the make sample's taskCode
  json["data"] = json["data"].dump();  // data as a JSON text (the table types it String)
  ParseNotes notes;
  auto back = SealMakingRequest::from_json(json, &notes);
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(back->data.seal_num, "XXCA11010800000001");
  ASSERT_EQ(notes.deviations.size(), 1u);
  EXPECT_NE(notes.deviations[0].find("downloadSeal"), std::string::npos);
}

TEST(MessagesTest, RequestErrorsNameTheField) {
  SealMakingRequest request;
  request.header = new_request_header(Interface::kSealMaking, "Q0VSVA==", "1");
  request.data = sample_data();
  const Json good = request.to_json();
  Json j = good;
  j["data"].erase("orgCode");
  auto r = SealMakingRequest::from_json(j);
  EXPECT_EQ(r.error().code, "protocol.message.missing_field");
  EXPECT_EQ(r.error().field, "orgCode");
  j = good;
  j["data"]["sealHeight"] = 40;
  EXPECT_EQ(SealMakingRequest::from_json(j).error().code, "protocol.message.wrong_type");
  j = good;
  j["version"] = "2.0";
  EXPECT_EQ(SealMakingRequest::from_json(j).error().code, "protocol.message.bad_version");
  j = good;
  j["taskTypeCode"] = "7";
  EXPECT_EQ(SealMakingRequest::from_json(j).error().code, "protocol.message.bad_task_type_code");
  j = good;
  j["taskCode"] = "revocationSealInfo";
  EXPECT_EQ(SealMakingRequest::from_json(j).error().code, "protocol.message.bad_task_code");
  j = good;
  j.erase("extendData");
  EXPECT_EQ(SealMakingRequest::from_json(j).error().field, "extendData");
  j = good;
  j["extendData"].erase("transId");
  EXPECT_EQ(SealMakingRequest::from_json(j).error().field, "extendData.transId");
  EXPECT_EQ(SealMakingRequest::from_json(Json::array()).error().code,
            "protocol.message.not_object");
}

TEST(MessagesTest, DownloadRoundTripsAndAcceptsSampleForms) {
  DownloadSealRequest request;
  request.header = new_request_header(Interface::kDownloadSeal, "Q0VSVA==", "2");
  request.seal_codes = {"XXCA11010800000001"};
  Json json = request.to_json();
  EXPECT_EQ(json["taskTypeCode"], "7");
  EXPECT_EQ(json["data"]["yzbm"], "XXCA11010800000001");
  auto back = DownloadSealRequest::from_json(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->to_json(), json);

  // The sample: taskTypeCode 12 and a list in data.
  json["taskTypeCode"] = "12";
  json["data"] = Json::array({{{"yzbm", "A"}}, {{"yzbm", "B"}}});
  ParseNotes notes;
  back = DownloadSealRequest::from_json(json, &notes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->seal_codes, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(notes.deviations.size(), 1u);
}

TEST(MessagesTest, DownloadResponseWritesSealDataAndReadsTheSampleForm) {
  DownloadSealResponse response;
  response.header = make_response_header(Interface::kDownloadSeal, "0", "下载成功");
  response.items = {{"0", "下载成功", "XXCA11010800000001", "MIIC"}};
  Json json = response.to_json();
  EXPECT_EQ(json["taskTypeCode"], "12");
  EXPECT_EQ(json["data"]["sealData"], "MIIC");
  auto back = DownloadSealResponse::from_json(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->to_json(), json);

  // The sample reply: taskCode confirmReceipt, taskTypeCode 0, items with "data".
  Json sample = {
      {"taskCode", "confirmReceipt"},
      {"version", "1.0"},
      {"resultCode", "0"},
      {"resultCodeMsg", "确认成功"},
      {"taskTypeCode", "0"},
      {"data",
       Json::array({{{"errorCode", "0"}, {"yzbm", "X"}, {"errorMsg", "ok"}, {"data", "MIIC"}}})}};
  ParseNotes notes;
  back = DownloadSealResponse::from_json(sample, &notes);
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(back->items.at(0).seal_data, "MIIC");
  EXPECT_EQ(notes.deviations.size(), 3u);
}

TEST(MessagesTest, MakeResponseAndRevocationRoundTrip) {
  SealMakingResponse made;
  made.header = make_response_header(Interface::kSealMaking, "0", "印章制作成功");
  made.task_id = "T1";
  auto made_back = SealMakingResponse::from_json(made.to_json());
  ASSERT_TRUE(made_back.ok());
  EXPECT_EQ(made_back->task_id, "T1");
  // The sample writes " taskId" with a leading space and taskTypeCode "0".
  Json sample = {{"taskCode", "sealMaking"}, {"version", "1.0"},    {"resultCode", "0"},
                 {"resultCodeMsg", "ok"},    {"taskTypeCode", "0"}, {"data", {{" taskId", "abc"}}}};
  ParseNotes notes;
  made_back = SealMakingResponse::from_json(sample, &notes);
  ASSERT_TRUE(made_back.ok());
  EXPECT_EQ(made_back->task_id, "abc");
  EXPECT_EQ(notes.deviations.size(), 2u);

  RevocationRequest revoke;
  revoke.header = new_request_header(Interface::kRevocation, "Q0VSVA==", "1");
  revoke.items = {{"XXCA11010800000001", "", ""}};
  const Json revoke_json = revoke.to_json();
  EXPECT_EQ(revoke_json["taskTypeCode"], "2");
  auto revoke_back = RevocationRequest::from_json(revoke_json);
  ASSERT_TRUE(revoke_back.ok());
  EXPECT_EQ(revoke_back->to_json(), revoke_json);
  // extendData is optional for revocation; the sample's taskCode has a trailing space.
  Json bare = revoke_json;
  bare.erase("extendData");
  bare["taskCode"] = "revocationSealInfo ";
  notes = {};
  revoke_back = RevocationRequest::from_json(bare, &notes);
  ASSERT_TRUE(revoke_back.ok());
  EXPECT_FALSE(revoke_back->header.has_extend);
  EXPECT_EQ(notes.deviations.size(), 1u);

  RevocationResponse revoked;
  revoked.header = make_response_header(Interface::kRevocation, "0", "信息上传成功");
  EXPECT_TRUE(RevocationResponse::from_json(revoked.to_json()).ok());
  EXPECT_EQ(request_interface(revoke_json).value(), Interface::kRevocation);
}

}  // namespace
}  // namespace gmseal::protocol
