// Log-in throttling: after 5 failed log-ins for one user name, or 20 from one address, within a
// minute, further attempts for that name or from that address are refused (auth.throttled, HTTP
// 429 with Retry-After) without checking the password, until the oldest counted failure is a
// minute old. A good password during the lockout is refused too: the lockout must not tell a
// guesser that a guess was right. Refused attempts are not counted (they check no password).
//
// The counts live in memory, per process: a restart forgets them (a minute's worth at most).
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace gmseal::service {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  struct Limits {
    int failures_per_user = 5;
    int failures_per_address = 20;
    std::chrono::seconds window{60};
  };

  LoginThrottle() = default;
  explicit LoginThrottle(Limits limits) : limits_(limits) {}

  // How long `username` / `address` must wait before the next attempt (whole seconds, at least
  // 1 while locked); zero when an attempt may go ahead.
  std::chrono::seconds retry_after(const std::string& username, const std::string& address,
                                   Clock::time_point now = Clock::now());
  void record_failure(const std::string& username, const std::string& address,
                      Clock::time_point now = Clock::now());
  // A good log-in clears the user name's failures (the address's stay: one address guessing
  // many names is still counted).
  void record_success(const std::string& username);

 private:
  using Failures = std::map<std::string, std::deque<Clock::time_point>>;
  std::chrono::seconds wait_for(Failures& failures, const std::string& key, int limit,
                                Clock::time_point now);
  void forget_old(Failures& failures, Clock::time_point now);

  Limits limits_;
  std::mutex mutex_;
  Failures by_user_;
  Failures by_address_;
};

}  // namespace gmseal::service
