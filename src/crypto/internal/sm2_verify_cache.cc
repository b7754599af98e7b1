#include "crypto/internal/sm2_verify_cache.h"

#include <array>
#include <cstring>
#include <functional>
#include <list>
#include <mutex>
#include <string_view>
#include <unordered_map>

namespace gmseal::crypto::internal {

namespace {

using Point = std::array<std::uint8_t, 64>;

struct PointHash {
  std::size_t operator()(const Point& p) const {
    return std::hash<std::string_view>()(
        std::string_view(reinterpret_cast<const char*>(p.data()), p.size()));
  }
};

// Two least-recently-used lists, most recent first, each with an index by point: keys being
// counted (no table yet) and keys with a table.
class VerifyCache {
 public:
  std::shared_ptr<const sm2_engine::PublicKeyTable> lookup(const sm2_engine::PublicKey& key,
                                                           const std::uint8_t xy[64]) {
    Point point;
    std::memcpy(point.data(), xy, point.size());
    {
      const std::lock_guard lock(mutex_);
      if (const auto held = held_index_.find(point); held != held_index_.end()) {
        held_.splice(held_.begin(), held_, held->second);
        ++stats_.table_hits;
        return held->second->table;
      }
      auto seen = seen_index_.find(point);
      if (seen == seen_index_.end()) {
        seen_.push_front(Seen{point, 0, false});
        seen = seen_index_.emplace(point, seen_.begin()).first;
        if (seen_.size() > kVerifyCacheSeenKeys) {
          seen_index_.erase(seen_.back().point);
          seen_.pop_back();
        }
      } else {
        seen_.splice(seen_.begin(), seen_, seen->second);
      }
      Seen& entry = *seen->second;
      // One thread builds; others verify without a table meanwhile.
      if (++entry.count < kVerifyCacheThreshold || entry.building) return nullptr;
      entry.building = true;
    }

    // Hundreds of microseconds: outside the lock, so other keys' verifications go on.
    std::shared_ptr<const sm2_engine::PublicKeyTable> table =
        sm2_engine::make_public_key_table(key);

    std::shared_ptr<const sm2_engine::PublicKeyTable> evicted;  // freed after the lock is released
    const std::lock_guard lock(mutex_);
    ++stats_.tables_built;
    if (const auto seen = seen_index_.find(point); seen != seen_index_.end()) {
      seen_.erase(seen->second);
      seen_index_.erase(seen);
    }
    if (const auto held = held_index_.find(point); held != held_index_.end()) {
      // Another build of this key finished first: possible only when its counter was forgotten
      // (or cleared) during this build and it reached the threshold again.
      return held->second->table;
    }
    held_.push_front(Held{point, table});
    held_index_.emplace(point, held_.begin());
    if (held_.size() > kVerifyCacheTables) {
      evicted = std::move(held_.back().table);
      held_index_.erase(held_.back().point);
      held_.pop_back();
      ++stats_.tables_evicted;
    }
    return table;
  }

  VerifyCacheStats stats() {
    const std::lock_guard lock(mutex_);
    VerifyCacheStats stats = stats_;
    stats.tables_held = held_.size();
    stats.keys_counted = seen_.size();
    return stats;
  }

  void clear() {
    std::list<Held> held;  // freed after the lock is released
    const std::lock_guard lock(mutex_);
    held.swap(held_);
    held_index_.clear();
    seen_.clear();
    seen_index_.clear();
    stats_ = VerifyCacheStats{};
  }

 private:
  struct Seen {
    Point point;
    unsigned count;
    bool building;
  };
  struct Held {
    Point point;
    std::shared_ptr<const sm2_engine::PublicKeyTable> table;
  };

  std::mutex mutex_;
  std::list<Seen> seen_;
  std::unordered_map<Point, std::list<Seen>::iterator, PointHash> seen_index_;
  std::list<Held> held_;
  std::unordered_map<Point, std::list<Held>::iterator, PointHash> held_index_;
  VerifyCacheStats stats_;
};

// Never destroyed: verifications may still run in other threads while the process exits.
VerifyCache& cache() {
  static VerifyCache* const instance = new VerifyCache();
  return *instance;
}

}  // namespace

std::shared_ptr<const sm2_engine::PublicKeyTable> verify_table_for(const sm2_engine::PublicKey& key,
                                                                   const std::uint8_t xy[64]) {
  return cache().lookup(key, xy);
}

VerifyCacheStats verify_cache_stats() { return cache().stats(); }

void clear_verify_cache() { cache().clear(); }

}  // namespace gmseal::crypto::internal
