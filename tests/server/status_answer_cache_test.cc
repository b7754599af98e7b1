// StatusAnswerCache: an answer is reused only for the same statement and only while young.
#include "server/registry/status_answer_cache.h"

#include <gtest/gtest.h>

#include <thread>

namespace gmseal::server {
namespace {

using namespace std::chrono_literals;

TEST(StatusAnswerCacheTest, ReusesAnAnswerOnlyForTheSameStatement) {
  StatusAnswerCache cache(10s);
  EXPECT_EQ(cache.find("GMSL43010212345678", "valid", "2026-11-26T08:00:00Z"), nullptr);
  cache.store("GMSL43010212345678", "valid", "2026-11-26T08:00:00Z", "answer 1");
  auto found = cache.find("GMSL43010212345678", "valid", "2026-11-26T08:00:00Z");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, "answer 1");
  EXPECT_EQ(cache.find("GMSL43010212345678", "frozen", "2026-11-26T08:00:00Z"), nullptr);
  EXPECT_EQ(cache.find("GMSL43010212345678", "valid", "2026-11-26T09:00:00Z"), nullptr);
  EXPECT_EQ(cache.find("GMSL43010287654321", "valid", "2026-11-26T08:00:00Z"), nullptr);
  // A new statement for the seal replaces the old one.
  cache.store("GMSL43010212345678", "frozen", "2026-11-26T09:00:00Z", "answer 2");
  EXPECT_EQ(cache.find("GMSL43010212345678", "valid", "2026-11-26T08:00:00Z"), nullptr);
  EXPECT_EQ(*cache.find("GMSL43010212345678", "frozen", "2026-11-26T09:00:00Z"), "answer 2");
}

TEST(StatusAnswerCacheTest, AnswersOlderThanMaxAgeAreNotReused) {
  StatusAnswerCache cache(50ms);
  cache.store("GMSL43010212345678", "valid", "2026-11-26T08:00:00Z", "answer");
  std::this_thread::sleep_for(80ms);
  EXPECT_EQ(cache.find("GMSL43010212345678", "valid", "2026-11-26T08:00:00Z"), nullptr);
}

TEST(StatusAnswerCacheTest, StaysWithinItsEntryBound) {
  StatusAnswerCache cache(10s, 3);
  for (int i = 0; i < 4; ++i) {
    cache.store("GMSL4301021234567" + std::to_string(i), "valid", "t", "answer");
  }
  // All three young entries were still live when the fourth came: the map was emptied first.
  EXPECT_EQ(cache.find("GMSL43010212345670", "valid", "t"), nullptr);
  EXPECT_NE(cache.find("GMSL43010212345673", "valid", "t"), nullptr);
}

}  // namespace
}  // namespace gmseal::server
