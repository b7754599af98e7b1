// The small text files the software tokens keep their state in: one `key=value` per line.
//
// Keys are [a-z0-9_.]+; values are printable ASCII without newlines (binary values are stored
// as hex by the callers). Written atomically (temp + rename) by the stores; parsed here with
// every malformed line reported (keys.soft.corrupt) rather than skipped.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::keys::soft {

class StateFile {
 public:
  // Errors: keys.soft.corrupt (line number and reason), keys.soft.duplicate_key.
  static Result<StateFile> parse(std::string_view text);
  // Reads and parses `path`. Errors: io.read_failed, keys.soft.corrupt (naming the file).
  static Result<StateFile> load(const std::filesystem::path& path);

  std::string encode() const;
  Status save(const std::filesystem::path& path) const;  // atomic, mode 0600

  bool has(const std::string& key) const { return values_.count(key) != 0; }
  // Errors: keys.soft.corrupt when missing or of the wrong form.
  Result<std::string> text(const std::string& key) const;
  Result<Bytes> bytes(const std::string& key) const;  // hex value
  Result<std::uint32_t> number(const std::string& key) const;

  // Precondition: `key` matches [a-z0-9_.]+ and `value` has no control characters.
  void set(const std::string& key, std::string value);
  void set_bytes(const std::string& key, ByteView value);
  void set_number(const std::string& key, std::uint32_t value);

 private:
  std::map<std::string, std::string> values_;
};

// Whether `name` is a valid state key.
bool is_state_key(std::string_view name);

// Device object names (applications, files, containers) may hold any bytes the standard allows;
// on disk they become hex so that no name can escape its folder.
std::string name_to_path_component(std::string_view name);
Result<std::string> path_component_to_name(std::string_view component);

}  // namespace gmseal::keys::soft
