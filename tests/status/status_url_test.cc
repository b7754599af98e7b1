#include <gtest/gtest.h>

#include "status/status_url.h"

namespace gmseal::status {
namespace {

TEST(StatusUrl, BaseGetsTheCodeAsOnePathSegment) {
  EXPECT_EQ(*status_url_for("http://127.0.0.1:8600/api/v1/status", "HN43010212345678"),
            "http://127.0.0.1:8600/api/v1/status/HN43010212345678");
  EXPECT_EQ(*status_url_for("http://127.0.0.1:8600/api/v1/status/", "HN43010212345678"),
            "http://127.0.0.1:8600/api/v1/status/HN43010212345678");
  EXPECT_EQ(*status_url_for("https://seals.example", "AB1"), "https://seals.example/AB1");
}

TEST(StatusUrl, TemplateReplacesEveryPlaceholder) {
  EXPECT_EQ(*status_url_for("http://h/q?code={code}&again={code}", "AB12"),
            "http://h/q?code=AB12&again=AB12");
  EXPECT_EQ(*status_url_for("http://h:1/{code}/status", "AB12"), "http://h:1/AB12/status");
}

TEST(StatusUrl, CodeFromAFileCannotChangeThePathOrQuery) {
  // An esID is text from the seal: it must stay one segment whatever it holds.
  EXPECT_EQ(*status_url_for("http://h/api/v1/status", "../../admin?x=1#y"),
            "http://h/api/v1/status/..%2F..%2Fadmin%3Fx%3D1%23y");
  EXPECT_EQ(*status_url_for("http://h/s?c={code}", "a b&c=\xe7\xab\xa0"),
            "http://h/s?c=a%20b%26c%3D%E7%AB%A0");
  EXPECT_EQ(percent_encode("Az09-._~"), "Az09-._~");
}

TEST(StatusUrl, RejectsWhatCannotWork) {
  for (const char* form : {"ftp://h/status", "127.0.0.1:8600/api/v1/status", "http:///status",
                           "http://user:pw@h/status", "http://h/status?x=1", "http://h/s#frag"}) {
    auto url = status_url_for(form, "AB12");
    ASSERT_FALSE(url.ok()) << form;
    EXPECT_EQ(url.error().code, "status.bad_url") << form;
  }
}

TEST(StatusUrl, SplitsOriginAndTarget) {
  auto parts = split_url("http://127.0.0.1:8600/api/v1/status/AB12?x=1#frag");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->origin, "http://127.0.0.1:8600");
  EXPECT_EQ(parts->target, "/api/v1/status/AB12?x=1");
  auto bare = split_url("https://example.org");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->origin, "https://example.org");
  EXPECT_EQ(bare->target, "/");
  EXPECT_EQ(split_url("https://example.org?q=1")->target, "/?q=1");
}

}  // namespace
}  // namespace gmseal::status
