#include "service/auth/login_throttle.h"

#include <algorithm>

namespace gmseal::service {

namespace {

// Beyond this many tracked names or addresses, expired entries are swept at once, so that
// guessing random user names cannot grow the maps without bound.
constexpr std::size_t kSweepAbove = 10000;

void drop_expired(std::deque<LoginThrottle::Clock::time_point>& times,
                  LoginThrottle::Clock::time_point cutoff) {
  while (!times.empty() && times.front() <= cutoff) times.pop_front();
}

}  // namespace

std::chrono::seconds LoginThrottle::wait_for(Failures& failures, const std::string& key, int limit,
                                             Clock::time_point now) {
  const auto found = failures.find(key);
  if (found == failures.end()) return std::chrono::seconds(0);
  std::deque<Clock::time_point>& times = found->second;
  drop_expired(times, now - limits_.window);
  if (times.empty()) {
    failures.erase(found);
    return std::chrono::seconds(0);
  }
  if (static_cast<int>(times.size()) < limit) return std::chrono::seconds(0);
  // Attempts resume when enough failures have aged out to leave limit - 1 of them.
  const Clock::time_point frees_at =
      times[times.size() - static_cast<std::size_t>(limit)] + limits_.window;
  const auto left = std::chrono::ceil<std::chrono::seconds>(frees_at - now);
  return std::max(left, std::chrono::seconds(1));
}

std::chrono::seconds LoginThrottle::retry_after(const std::string& username,
                                                const std::string& address, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::max(wait_for(by_user_, username, limits_.failures_per_user, now),
                  wait_for(by_address_, address, limits_.failures_per_address, now));
}

void LoginThrottle::forget_old(Failures& failures, Clock::time_point now) {
  for (auto it = failures.begin(); it != failures.end();) {
    drop_expired(it->second, now - limits_.window);
    it = it->second.empty() ? failures.erase(it) : std::next(it);
  }
}

void LoginThrottle::record_failure(const std::string& username, const std::string& address,
                                   Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (by_user_.size() > kSweepAbove) forget_old(by_user_, now);
  if (by_address_.size() > kSweepAbove) forget_old(by_address_, now);
  by_user_[username].push_back(now);
  by_address_[address].push_back(now);
}

void LoginThrottle::record_success(const std::string& username) {
  std::lock_guard<std::mutex> lock(mutex_);
  by_user_.erase(username);
}

}  // namespace gmseal::service
