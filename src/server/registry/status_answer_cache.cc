#include "server/registry/status_answer_cache.h"

namespace gmseal::server {

std::shared_ptr<const std::string> StatusAnswerCache::find(const std::string& code,
                                                           const std::string& status,
                                                           const std::string& since) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = entries_.find(code);
  if (it == entries_.end()) return nullptr;
  const Entry& entry = it->second;
  if (entry.status != status || entry.since != since) return nullptr;
  if (std::chrono::steady_clock::now() - entry.signed_at > max_age_) return nullptr;
  return entry.answer;
}

void StatusAnswerCache::store(const std::string& code, const std::string& status,
                              const std::string& since, std::string answer) {
  const auto at = std::chrono::steady_clock::now();
  auto shared = std::make_shared<const std::string>(std::move(answer));
  std::lock_guard<std::mutex> lock(mutex_);
  // Expired entries are never used again; dropping them when the map is full bounds its memory
  // by the seals asked about within one max_age (and by max_entries at worst).
  if (entries_.size() >= max_entries_) {
    std::erase_if(entries_,
                  [&](const auto& item) { return at - item.second.signed_at > max_age_; });
    if (entries_.size() >= max_entries_) entries_.clear();
  }
  entries_[code] = Entry{status, since, at, std::move(shared)};
}

}  // namespace gmseal::server
