#include "protocol/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <vector>

namespace gmseal::protocol {

namespace {

struct ParseAbort {
  Error error;
};

// UTF-8 to UTF-16 code units, for RFC 8785 §3.2.3 member ordering. Input is valid UTF-8 (the
// parser checked it); a malformed byte becomes U+FFFD.
std::u16string to_utf16(std::string_view text) {
  std::u16string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    char32_t cp = 0xfffd;
    std::size_t length = 1;
    if (b < 0x80) {
      cp = b;
    } else if ((b >> 5) == 0x6 && i + 1 < text.size()) {
      cp = (b & 0x1fu) << 6 | (static_cast<unsigned char>(text[i + 1]) & 0x3fu);
      length = 2;
    } else if ((b >> 4) == 0xe && i + 2 < text.size()) {
      cp = (b & 0x0fu) << 12 | (static_cast<unsigned char>(text[i + 1]) & 0x3fu) << 6 |
           (static_cast<unsigned char>(text[i + 2]) & 0x3fu);
      length = 3;
    } else if ((b >> 3) == 0x1e && i + 3 < text.size()) {
      cp = (b & 0x07u) << 18 | (static_cast<unsigned char>(text[i + 1]) & 0x3fu) << 12 |
           (static_cast<unsigned char>(text[i + 2]) & 0x3fu) << 6 |
           (static_cast<unsigned char>(text[i + 3]) & 0x3fu);
      length = 4;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xd800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xdc00 + (cp & 0x3ff)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += length;
  }
  return out;
}

void write_string(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out.push_back(kHex[(c >> 4) & 0xf]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void write_value(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::null:
      out += "null";
      break;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      break;
    case Json::value_t::number_integer:
      out += es_number_to_string(static_cast<double>(value.get<std::int64_t>()));
      break;
    case Json::value_t::number_unsigned:
      out += es_number_to_string(static_cast<double>(value.get<std::uint64_t>()));
      break;
    case Json::value_t::number_float:
      out += es_number_to_string(value.get<double>());
      break;
    case Json::value_t::string:
      write_string(value.get_ref<const std::string&>(), out);
      break;
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& element : value) {
        if (!first) out.push_back(',');
        first = false;
        write_value(element, out);
      }
      out.push_back(']');
      break;
    }
    case Json::value_t::object: {
      std::vector<std::pair<std::u16string, Json::const_iterator>> members;
      members.reserve(value.size());
      for (auto it = value.begin(); it != value.end(); ++it) {
        members.emplace_back(to_utf16(it.key()), it);
      }
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& [name, it] : members) {
        if (!first) out.push_back(',');
        first = false;
        write_string(it.key(), out);
        out.push_back(':');
        write_value(it.value(), out);
      }
      out.push_back('}');
      break;
    }
    default:
      out += "null";
      break;  // binary and discarded values never come from parse_json
  }
}

}  // namespace

std::string es_number_to_string(double value) {
  if (value == 0 || !std::isfinite(value)) return "0";  // -0 is "0"; non-finite cannot occur
  std::string out;
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  // Shortest round-trip digits and exponent: "d.ddde+XX".
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const std::string_view sci(buffer, static_cast<std::size_t>(result.ptr - buffer));
  const std::size_t e = sci.find('e');
  std::string digits;
  for (const char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // value = 0.digits * 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out.push_back('.');
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out += digits.substr(1);
    }
    out.push_back('e');
    out.push_back(n - 1 >= 0 ? '+' : '-');
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

std::string canonical_json(const Json& value) {
  std::string out;
  write_value(value, out);
  return out;
}

Result<Json> parse_json(std::string_view text) {
  if (text.size() > kMaxMessageBytes) {
    return make_error("protocol.json.too_large",
                      "message has " + std::to_string(text.size()) + " bytes; at most " +
                          std::to_string(kMaxMessageBytes) + " are accepted");
  }
  // One set of member names per open object; a key event belongs to the innermost object.
  std::vector<std::set<std::string>> open_objects;
  const Json::parser_callback_t check = [&open_objects](int depth, Json::parse_event_t event,
                                                        Json& parsed) {
    if (depth > kMaxJsonDepth) {
      throw ParseAbort{make_error("protocol.json.too_deep",
                                  "JSON nesting is deeper than " + std::to_string(kMaxJsonDepth))};
    }
    switch (event) {
      case Json::parse_event_t::object_start:
        open_objects.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!open_objects.empty() &&
            !open_objects.back().insert(parsed.get<std::string>()).second) {
          throw ParseAbort{
              make_error("protocol.json.duplicate_key",
                         "member '" + parsed.get<std::string>() + "' appears twice in one object",
                         parsed.get<std::string>())};
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), check, /*allow_exceptions=*/true,
                       /*ignore_comments=*/false);
  } catch (const ParseAbort& abort) {
    return abort.error;
  } catch (const Json::exception& e) {
    return make_error("protocol.json.malformed",
                      std::string("message is not valid JSON: ") + e.what());
  }
}

}  // namespace gmseal::protocol
