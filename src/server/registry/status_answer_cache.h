// server::StatusAnswerCache: signed status answers kept for reuse for a short while.
//
// Why: the SM2 signature is nearly all of what a status query costs (about 350 us of CPU against
// tens of microseconds for the database read and HTTP), so signing every answer held a 2-core
// machine to about 3 000 queries per second. An answer is reused only while the seal's stored
// statement is unchanged: the caller reads the seal from the database on every query and passes
// the status and since it found, so a status change (on this node or any other node sharing the
// database) is answered at once with a fresh signature. What may be older is signedAt: it says
// when the platform signed that same statement, at most `max_age` ago.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace gmseal::server {

class StatusAnswerCache {
 public:
  explicit StatusAnswerCache(std::chrono::milliseconds max_age = std::chrono::seconds(1),
                             std::size_t max_entries = 100000)
      : max_age_(max_age), max_entries_(max_entries) {}

  // The answer (its JSON text, ready to send) signed for exactly this statement (code, status,
  // since) no more than max_age ago, or null.
  std::shared_ptr<const std::string> find(const std::string& code, const std::string& status,
                                          const std::string& since) const;
  void store(const std::string& code, const std::string& status, const std::string& since,
             std::string answer);

 private:
  struct Entry {
    std::string status;
    std::string since;
    std::chrono::steady_clock::time_point signed_at;
    std::shared_ptr<const std::string> answer;
  };

  const std::chrono::milliseconds max_age_;
  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace gmseal::server
