#include "keys/soft/state_file.h"

#include <gtest/gtest.h>

namespace gmseal::keys::soft {
namespace {

TEST(StateFileTest, RoundTrip) {
  StateFile file;
  file.set("label", "My key");
  file.set_number("user.remaining", 5);
  file.set_bytes("user.salt", Bytes{1, 2, 0xff});
  auto parsed = StateFile::parse(file.encode());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed->text("label"), "My key");
  EXPECT_EQ(*parsed->number("user.remaining"), 5u);
  EXPECT_EQ(*parsed->bytes("user.salt"), (Bytes{1, 2, 0xff}));
  EXPECT_EQ(parsed->encode(), file.encode());
}

TEST(StateFileTest, RejectsMalformedLinesWithTheirNumber) {
  const std::pair<const char*, const char*> cases[] = {
      {"a=1\nnot a pair\n", "keys.soft.corrupt"},
      {"Upper=1\n", "keys.soft.corrupt"},
      {"a=1\na=2\n", "keys.soft.duplicate_key"},
      {"a=\x01\n", "keys.soft.corrupt"},
      {"=1\n", "keys.soft.corrupt"},
  };
  for (const auto& [text, code] : cases) {
    auto parsed = StateFile::parse(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, code);
    EXPECT_NE(parsed.error().message.find("line"), std::string::npos);
  }
  auto file = StateFile::parse("n=12x\nbig=99999999999\nh=zz\n");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->number("n").error().code, "keys.soft.corrupt");
  EXPECT_EQ(file->number("big").error().code, "keys.soft.corrupt");
  EXPECT_EQ(file->bytes("h").error().code, "keys.soft.corrupt");
  EXPECT_EQ(file->text("absent").error().code, "keys.soft.corrupt");
}

TEST(StateFileTest, NamesBecomeSafePathComponents) {
  for (const std::string name : {"../../etc/passwd", "印章", "a/b", ".lock"}) {
    const std::string component = name_to_path_component(name);
    EXPECT_EQ(component.find('/'), std::string::npos);
    EXPECT_EQ(component.find('.'), std::string::npos);
    EXPECT_EQ(*path_component_to_name(component), name);
  }
  EXPECT_FALSE(path_component_to_name("x41").ok());
  EXPECT_FALSE(path_component_to_name("nzz").ok());
}

}  // namespace
}  // namespace gmseal::keys::soft
