// The opaque handles a soft token hands out through its C ABI (DEVHANDLE, HAPPLICATION,
// HCONTAINER, session handles...): each is the address of a live object of one of the kinds
// `Kinds`, kept alive by this registry until the matching close call. Looking a handle up
// checks its kind, so a container handle passed where a device handle belongs is rejected
// rather than misused. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>
#include <variant>

namespace gmseal::tokens {

template <typename... Kinds>
class HandleRegistry {
 public:
  template <typename T>
  void* add(std::shared_ptr<T> object) {
    void* handle = object.get();
    std::lock_guard<std::mutex> lock(mutex_);
    objects_[handle] = std::move(object);
    return handle;
  }

  // Null when `handle` is unknown or of another kind.
  template <typename T>
  std::shared_ptr<T> find(void* handle) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = objects_.find(handle);
    if (it == objects_.end()) return nullptr;
    const auto* object = std::get_if<std::shared_ptr<T>>(&it->second);
    return object != nullptr ? *object : nullptr;
  }

  // False when `handle` is unknown or of another kind.
  template <typename T>
  bool remove(void* handle) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = objects_.find(handle);
    if (it == objects_.end() || !std::holds_alternative<std::shared_ptr<T>>(it->second)) {
      return false;
    }
    objects_.erase(it);
    return true;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<void*, std::variant<std::shared_ptr<Kinds>...>> objects_;
};

}  // namespace gmseal::tokens
