#include "util/json_text.h"

#include <gtest/gtest.h>

namespace gmseal {
namespace {

TEST(JsonTextTest, InvalidUtf8IsReplacedNotThrown) {
  const nlohmann::json value = {{"name", std::string("ab\xFF\xFE"
                                                     "c")}};
  std::string text;
  ASSERT_NO_THROW(text = json_text(value));
  EXPECT_EQ(text,
            "{\"name\":\"ab\xEF\xBF\xBD\xEF\xBF\xBD"
            "c\"}");
  // The plain dump, which json_text exists to avoid, would have thrown.
  EXPECT_THROW((void)value.dump(), nlohmann::json::type_error);
}

TEST(JsonTextTest, ValidTextAndIndentAreKept) {
  const nlohmann::json value = {{"印章", 1}};
  EXPECT_EQ(json_text(value), "{\"印章\":1}");
  EXPECT_EQ(json_text(value, 2), "{\n  \"印章\": 1\n}");
}

}  // namespace
}  // namespace gmseal
