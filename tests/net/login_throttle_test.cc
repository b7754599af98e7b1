// service::LoginThrottle against a clock the test moves: who is locked, for how long, and when
// the lock ends.
#include "service/auth/login_throttle.h"

#include <gtest/gtest.h>

namespace gmseal::service {
namespace {

using std::chrono::seconds;
using Clock = LoginThrottle::Clock;

TEST(LoginThrottleTest, FiveFailuresForOneUserLockThatUserFromEveryAddress) {
  LoginThrottle throttle;
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 4; ++i) {
    throttle.record_failure("alice", "10.0.0." + std::to_string(i), t0 + seconds(i));
  }
  EXPECT_EQ(throttle.retry_after("alice", "10.0.0.9", t0 + seconds(4)), seconds(0));
  throttle.record_failure("alice", "10.0.0.4", t0 + seconds(4));
  // The first failure (t0) ages out at t0 + 60 s.
  EXPECT_EQ(throttle.retry_after("alice", "10.0.0.9", t0 + seconds(5)), seconds(55));
  EXPECT_EQ(throttle.retry_after("bob", "10.0.0.1", t0 + seconds(5)), seconds(0));
}

TEST(LoginThrottleTest, TheLockEndsWhenTheOldestCountedFailureIsAMinuteOld) {
  LoginThrottle throttle;
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 5; ++i) throttle.record_failure("alice", "a", t0 + seconds(i));
  EXPECT_EQ(throttle.retry_after("alice", "b", t0 + seconds(59)), seconds(1));
  EXPECT_EQ(throttle.retry_after("alice", "b", t0 + seconds(60)), seconds(0));
  // Four failures are still inside the window: one more locks again, until t0 + 61 s.
  throttle.record_failure("alice", "a", t0 + seconds(60));
  EXPECT_EQ(throttle.retry_after("alice", "b", t0 + seconds(60)), seconds(1));
  EXPECT_EQ(throttle.retry_after("alice", "b", t0 + seconds(61)), seconds(0));
}

TEST(LoginThrottleTest, TwentyFailuresFromOneAddressLockThatAddressForEveryName) {
  LoginThrottle throttle;
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 19; ++i) throttle.record_failure("user" + std::to_string(i), "10.1.1.1", t0);
  EXPECT_EQ(throttle.retry_after("someone", "10.1.1.1", t0 + seconds(1)), seconds(0));
  throttle.record_failure("user19", "10.1.1.1", t0 + seconds(1));
  EXPECT_EQ(throttle.retry_after("someone", "10.1.1.1", t0 + seconds(1)), seconds(59));
  EXPECT_EQ(throttle.retry_after("someone", "10.1.1.2", t0 + seconds(1)), seconds(0));
}

TEST(LoginThrottleTest, AGoodLogInClearsTheNameButNotTheAddress) {
  LoginThrottle throttle;
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 4; ++i) throttle.record_failure("alice", "10.2.2.2", t0);
  throttle.record_success("alice");
  throttle.record_failure("alice", "10.2.2.2", t0);
  EXPECT_EQ(throttle.retry_after("alice", "10.9.9.9", t0), seconds(0));
  for (int i = 0; i < 15; ++i) throttle.record_failure("x" + std::to_string(i), "10.2.2.2", t0);
  EXPECT_GT(throttle.retry_after("alice", "10.2.2.2", t0), seconds(0));
}

TEST(LoginThrottleTest, LimitsAreSettable) {
  LoginThrottle throttle(LoginThrottle::Limits{2, 3, seconds(10)});
  const Clock::time_point t0 = Clock::now();
  throttle.record_failure("alice", "a", t0);
  throttle.record_failure("alice", "b", t0);
  EXPECT_EQ(throttle.retry_after("alice", "c", t0), seconds(10));
  EXPECT_EQ(throttle.retry_after("alice", "c", t0 + seconds(10)), seconds(0));
}

}  // namespace
}  // namespace gmseal::service
