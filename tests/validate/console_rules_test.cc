// The C++ field rules against web/src/validate/cases.json, the cases the web console's
// TypeScript port (web/src/validate/rules.ts) is tested on by rules.test.ts: both must give the
// same verdict (error code or acceptance) for every case.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "validate/id_number.h"
#include "validate/mobile.h"
#include "validate/region_code.h"
#include "validate/seal_fields.h"
#include "validate/uscc.h"

namespace gmseal::validate {
namespace {

std::string verdict(const Status& s) { return s.ok() ? "" : s.error().code; }

std::string run_rule(const std::string& rule, const std::string& input) {
  if (rule == "uscc") return verdict(check_uscc(input));
  if (rule == "id") return verdict(check_id_number(input));
  if (rule == "mobile") return verdict(check_mobile(input));
  if (rule == "region") return verdict(check_region_code(input));
  if (rule == "size") {
    auto parsed = parse_seal_size(input, "widthMm");
    return parsed.ok() ? "" : parsed.error().code;
  }
  if (rule == "category") return verdict(check_seal_category(input));
  if (rule == "name") return verdict(check_seal_name(input));
  if (rule == "time") {
    auto parsed = parse_wire_time(input, "validFrom");
    return parsed.ok() ? "" : parsed.error().code;
  }
  if (rule == "validity") {
    const std::size_t bar = input.find('|');
    return verdict(check_validity_period(input.substr(0, bar), input.substr(bar + 1)));
  }
  ADD_FAILURE() << "unknown rule " << rule;
  return "?";
}

TEST(ConsoleRulesTest, CppRulesGiveTheSharedCasesVerdicts) {
  std::ifstream in(GMSEAL_CONSOLE_CASES);
  ASSERT_TRUE(in) << "cannot read " << GMSEAL_CONSOLE_CASES;
  const nlohmann::json cases = nlohmann::json::parse(in);
  ASSERT_GE(cases.at("cases").size(), 40u);
  for (const nlohmann::json& c : cases.at("cases")) {
    const std::string expected = c.at("expect").is_null() ? "" : c.at("expect").get<std::string>();
    EXPECT_EQ(run_rule(c.at("rule"), c.at("input")), expected)
        << c.at("rule").get<std::string>() << " " << c.at("input");
  }
}

}  // namespace
}  // namespace gmseal::validate
