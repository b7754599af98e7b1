#include "status/status_url.h"

namespace gmseal::status {

namespace {

constexpr std::string_view kCodePlaceholder = "{code}";

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

Error bad_url(std::string_view url, const std::string& why) {
  return make_error("status.bad_url", "status URL '" + std::string(url) + "': " + why,
                    "--status-url");
}

}  // namespace

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

Result<UrlParts> split_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else {
    return bad_url(url, "only http:// and https:// URLs are supported");
  }
  const std::size_t authority_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, authority_end);
  if (authority.empty()) return bad_url(url, "no host");
  if (authority.find('@') != std::string_view::npos) {
    return bad_url(url, "user names and passwords in the URL are not supported");
  }
  for (const char c : authority) {
    if (static_cast<unsigned char>(c) <= ' ') return bad_url(url, "blank or control in the host");
  }
  UrlParts parts;
  parts.origin = std::string(url.substr(0, url.size() - rest.size() + authority.size()));
  std::string_view target =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  target = target.substr(0, target.find('#'));
  parts.target =
      target.empty() || target.front() != '/' ? "/" + std::string(target) : std::string(target);
  return parts;
}

Result<std::string> status_url_for(std::string_view url_form, std::string_view code) {
  const std::string encoded = percent_encode(code);
  std::string url;
  if (url_form.find(kCodePlaceholder) != std::string_view::npos) {
    std::size_t from = 0;
    for (std::size_t at = url_form.find(kCodePlaceholder); at != std::string_view::npos;
         at = url_form.find(kCodePlaceholder, from)) {
      url.append(url_form.substr(from, at - from));
      url += encoded;
      from = at + kCodePlaceholder.size();
    }
    url.append(url_form.substr(from));
  } else {
    if (url_form.find_first_of("?#") != std::string_view::npos) {
      return bad_url(url_form,
                     "a URL with a query or fragment needs {code} to say where the seal code goes");
    }
    url = std::string(url_form);
    if (url.empty() || url.back() != '/') url += '/';
    url += encoded;
  }
  GMSEAL_RETURN_IF_ERROR(split_url(url));
  return url;
}

}  // namespace gmseal::status
