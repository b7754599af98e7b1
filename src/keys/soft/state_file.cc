#include "keys/soft/state_file.h"

#include "util/file_io.h"

namespace gmseal::keys::soft {

namespace {
bool is_value_char(char c) { return c >= 0x20 && c < 0x7f; }
}  // namespace

bool is_state_key(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Result<StateFile> StateFile::parse(std::string_view text) {
  StateFile file;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty()) continue;
    const std::size_t eq = line.find('=');
    const std::string where = "line " + std::to_string(line_number);
    if (eq == std::string_view::npos) {
      return make_error("keys.soft.corrupt", where + ": expected key=value");
    }
    const std::string_view key = line.substr(0, eq);
    const std::string_view value = line.substr(eq + 1);
    if (!is_state_key(key)) {
      return make_error("keys.soft.corrupt", where + ": bad key");
    }
    for (const char c : value) {
      if (!is_value_char(c)) {
        return make_error("keys.soft.corrupt", where + ": control character in value");
      }
    }
    if (!file.values_.emplace(std::string(key), std::string(value)).second) {
      return make_error("keys.soft.duplicate_key",
                        where + ": key '" + std::string(key) + "' appears twice");
    }
  }
  return file;
}

Result<StateFile> StateFile::load(const std::filesystem::path& path) {
  GMSEAL_ASSIGN_OR_RETURN(const std::string text, read_text_file(path));
  auto parsed = parse(text);
  if (!parsed.ok()) {
    return make_error(parsed.error().code,
                      "token state file '" + path.string() + "': " + parsed.error().message);
  }
  return parsed;
}

std::string StateFile::encode() const {
  std::string out;
  for (const auto& [key, value] : values_) out += key + "=" + value + "\n";
  return out;
}

Status StateFile::save(const std::filesystem::path& path) const {
  return write_file_atomic(path, encode(), 0600);
}

Result<std::string> StateFile::text(const std::string& key) const {
  const auto it = values_.find(key);
  if (it == values_.end()) {
    return make_error("keys.soft.corrupt", "token state lacks '" + key + "'", key);
  }
  return it->second;
}

Result<Bytes> StateFile::bytes(const std::string& key) const {
  GMSEAL_ASSIGN_OR_RETURN(const std::string value, text(key));
  auto decoded = hex_decode(value);
  if (!decoded.ok()) {
    return make_error("keys.soft.corrupt", "token state '" + key + "' is not hex", key);
  }
  return decoded;
}

Result<std::uint32_t> StateFile::number(const std::string& key) const {
  GMSEAL_ASSIGN_OR_RETURN(const std::string value, text(key));
  if (value.empty() || value.size() > 10) {
    return make_error("keys.soft.corrupt", "token state '" + key + "' is not a number", key);
  }
  std::uint64_t n = 0;
  for (const char c : value) {
    if (c < '0' || c > '9') {
      return make_error("keys.soft.corrupt", "token state '" + key + "' is not a number", key);
    }
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (n > 0xffffffffu) {
    return make_error("keys.soft.corrupt", "token state '" + key + "' is out of range", key);
  }
  return static_cast<std::uint32_t>(n);
}

void StateFile::set(const std::string& key, std::string value) {
  if (!is_state_key(key)) std::abort();
  for (const char c : value) {
    if (!is_value_char(c)) std::abort();
  }
  values_[key] = std::move(value);
}

void StateFile::set_bytes(const std::string& key, ByteView value) { set(key, hex_encode(value)); }

void StateFile::set_number(const std::string& key, std::uint32_t value) {
  set(key, std::to_string(value));
}

std::string name_to_path_component(std::string_view name) {
  return "n" + hex_encode(to_bytes(name));
}

Result<std::string> path_component_to_name(std::string_view component) {
  if (component.size() < 1 || component[0] != 'n') {
    return make_error("keys.soft.corrupt", "unexpected entry '" + std::string(component) + "'");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes raw, hex_decode(component.substr(1)));
  return to_string(raw);
}

}  // namespace gmseal::keys::soft
