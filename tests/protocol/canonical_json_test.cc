#include <gtest/gtest.h>

#include "protocol/canonical_json.h"

namespace gmseal::protocol {
namespace {

// RFC 8785 §3.2.4 example input and its canonical form.
TEST(CanonicalJsonTest, MatchesTheRfc8785Example) {
  const std::string input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  auto parsed = parse_json(input);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(canonical_json(*parsed),
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

// RFC 8785 §3.2.3: names sort by UTF-16 code units, so U+1F600 (D83D DE00) sorts before U+FB33.
TEST(CanonicalJsonTest, SortsNamesByUtf16CodeUnits) {
  auto parsed = parse_json(
      R"({"\u20ac":"Euro","\r":"CR","\ufb33":"Hebrew","1":"One","\ud83d\ude00":"Smiley","\u0080":"Control","\u00f6":"Latin"})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(
      canonical_json(*parsed),
      "{\"\\r\":\"CR\",\"1\":\"One\",\"\xc2\x80\":\"Control\",\"\xc3\xb6\":\"Latin\","
      "\"\xe2\x82\xac\":\"Euro\",\"\xf0\x9f\x98\x80\":\"Smiley\",\"\xef\xac\xb3\":\"Hebrew\"}");
}

TEST(CanonicalJsonTest, FormatsNumbersLikeEcmaScript) {
  const std::pair<double, const char*> cases[] = {
      {0.0, "0"},
      {-0.0, "0"},
      {1.0, "1"},
      {-1.5, "-1.5"},
      {1e21, "1e+21"},
      {1e20, "100000000000000000000"},
      {295147905179352830000.0, "295147905179352830000"},
      {0.000001, "0.000001"},
      {1e-7, "1e-7"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {9007199254740992.0, "9007199254740992"},
      {123.456, "123.456"},
  };
  for (const auto& [value, expected] : cases) EXPECT_EQ(es_number_to_string(value), expected);
  EXPECT_EQ(canonical_json(Json::parse("[10, -3, 18446744073709551615]")),
            "[10,-3,18446744073709552000]");
}

TEST(CanonicalJsonTest, RejectsWhatIJsonRejects) {
  EXPECT_EQ(parse_json(R"({"a":1,"a":2})").error().code, "protocol.json.duplicate_key");
  EXPECT_EQ(parse_json(R"({"x":{"a":1,"b":{"a":2}},"y":[{"a":1},{"a":1}]})").ok(), true);
  EXPECT_EQ(parse_json("{\"a\":\"\xff\"}").error().code, "protocol.json.malformed");
  EXPECT_EQ(parse_json("{\"a\":").error().code, "protocol.json.malformed");
  EXPECT_EQ(parse_json("").error().code, "protocol.json.malformed");
  EXPECT_EQ(parse_json(std::string(100, '[') + std::string(100, ']')).error().code,
            "protocol.json.too_deep");
  EXPECT_EQ(parse_json(std::string(kMaxMessageBytes + 1, ' ')).error().code,
            "protocol.json.too_large");
}

}  // namespace
}  // namespace gmseal::protocol
