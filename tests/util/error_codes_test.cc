// The error code registry is the contract: well formed, documented (docs/error-codes.md is its
// exact rendering) and complete (every code literal in src/ and tokens/ is registered).
#include "util/error_codes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace gmseal {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = GMSEAL_SOURCE_DIR;

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A string literal found in a C++ file, with what precedes it on its line (to see calls).
struct Literal {
  std::string text;
  std::string before;
  std::string where;
};

// The string literals of C++ source `text`, skipping comments and character literals; raw
// strings are read but never match a code shape, so their content is left out.
std::vector<Literal> string_literals(const std::string& text, const std::string& file) {
  std::vector<Literal> out;
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = ++i;
    } else if (text.compare(i, 2, "//") == 0) {
      i = text.find('\n', i);
      if (i == std::string::npos) break;
    } else if (text.compare(i, 2, "/*") == 0) {
      const std::size_t end = text.find("*/", i + 2);
      for (std::size_t j = i; j < std::min(end, text.size()); ++j) line += text[j] == '\n';
      i = end == std::string::npos ? text.size() : end + 2;
    } else if (c == 'R' && i + 1 < text.size() && text[i + 1] == '"') {
      const std::size_t open = text.find('(', i);
      const std::string close = ")" + text.substr(i + 2, open - i - 2) + "\"";
      const std::size_t end = text.find(close, open);
      for (std::size_t j = i; j < std::min(end, text.size()); ++j) line += text[j] == '\n';
      i = end == std::string::npos ? text.size() : end + close.size();
    } else if (c == '\'' && !(i > 0 && std::isxdigit(static_cast<unsigned char>(text[i - 1])))) {
      // A character literal (a digit separator such as 1'000 follows a digit).
      ++i;
      while (i < text.size() && text[i] != '\'') i += text[i] == '\\' ? 2 : 1;
      ++i;
    } else if (c == '"') {
      std::string value;
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) value += text[i++];
        value += text[i++];
      }
      ++i;
      const std::size_t quote = i - value.size() - 2;
      out.push_back(
          {value, text.substr(line_start, quote - line_start), file + ":" + std::to_string(line)});
    } else {
      ++i;
    }
  }
  return out;
}

// Dotted lower-case names in registered families that are not error codes: audit actions,
// settings keys, file names, JSON paths, verdict check names, access-test case names.
const std::set<std::string> kNotErrorCodes = {
    "application.approve",
    "application.submit",
    "approval.approve",
    "approval.reject",
    "approval.request",
    "ca.cert.pem",
    "ca.key.pem",
    "grant.create",
    "grant.revoke",
    "province.failed",
    "province.make",
    "province.revoke",
    "province.status",
    "province.status_list_version",
    "province.sync.applied",
    "province.sync.conflict",
    "province.sync.unknown_status",
    "province.toml",
    "seal.carrier",
    "seal.category",
    "seal.download",
    "seal.esl",
    "seal.import",
    "seal.maker_signature",
    "seal.name",
    "seal.online_status",
    "seal.reserve",
    "seal.state",
    "seal_request.create",
    "signing.db",
    "status.query",
    "status.revocation_list",
    "store.db",
    "ukey.discarded",
    "ukey.release",
};

TEST(ErrorCodes, RegistryIsSortedUniqueAndWellFormed) {
  const std::regex shape("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");
  const std::set<int> statuses = {400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 502, 503};
  std::string_view previous;
  ASSERT_GT(error_codes().size(), 300u);
  for (const ErrorCodeInfo& info : error_codes()) {
    EXPECT_LT(previous, info.code) << "registry out of order or duplicated at " << info.code;
    previous = info.code;
    EXPECT_TRUE(std::regex_match(std::string(info.code), shape)) << info.code;
    EXPECT_TRUE(statuses.count(info.http_status)) << info.code << " " << info.http_status;
    EXPECT_FALSE(info.meaning.empty()) << info.code;
    EXPECT_EQ(info.meaning.find_first_of("\n|"), std::string_view::npos) << info.code;
  }
}

TEST(ErrorCodes, HttpStatusComesFromTheTableNotFromTheCodesWords) {
  EXPECT_EQ(http_status_for_code("invalid_field"), 400);
  EXPECT_EQ(http_status_for_code("auth.bad_credentials"), 401);
  EXPECT_EQ(http_status_for_code("forbidden"), 403);
  EXPECT_EQ(http_status_for_code("seal.not_found"), 404);
  EXPECT_EQ(http_status_for_code("seal.exists"), 409);
  EXPECT_EQ(http_status_for_code("province.unavailable"), 503);
  // Words that the old substring rule misread: a token already logged in is no conflict, and
  // a token's bad parameter is gmseal's fault, not the caller's.
  EXPECT_EQ(http_status_for_code("keys.skf.already_logged_in"), 500);
  EXPECT_EQ(http_status_for_code("keys.skf.bad_param"), 500);
  EXPECT_EQ(http_status_for_code("no.such_code"), 500);
  EXPECT_EQ(find_error_code("no.such_code"), nullptr);
  ASSERT_NE(find_error_code("validate.uscc.check_character"), nullptr);
}

TEST(ErrorCodes, DocumentIsTheRegistryRendered) {
  const fs::path doc = kSourceDir / "docs" / "error-codes.md";
  ASSERT_TRUE(fs::exists(doc)) << doc;
  EXPECT_TRUE(read_all(doc) == error_codes_markdown())
      << "docs/error-codes.md is stale: run `cmake --build --preset release --target "
         "error-codes-doc` (or `gmseal error-codes --output docs/error-codes.md`)";
}

TEST(ErrorCodes, EveryCodeUsedInTheSourcesIsRegistered) {
  std::set<std::string> families;
  for (const ErrorCodeInfo& info : error_codes()) {
    const auto dot = info.code.find('.');
    if (dot != std::string_view::npos) families.insert(std::string(info.code.substr(0, dot)));
  }
  const std::regex dotted("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");
  const std::regex bare("[a-z][a-z0-9_]*");
  // Undotted codes are recognised where they are made: make_error("x" and send_error(r, N, "x".
  const std::regex making("(make_error\\(\\s*|send_error\\(\\s*\\w+,\\s*\\d+,\\s*)$");
  std::size_t files = 0;
  std::size_t checked = 0;
  std::vector<std::string> unregistered;
  for (const char* part : {"src", "tokens"}) {
    for (const auto& entry : fs::recursive_directory_iterator(kSourceDir / part)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".cc" && ext != ".h") continue;
      ++files;
      const std::string file = fs::relative(entry.path(), kSourceDir).string();
      for (const Literal& literal : string_literals(read_all(entry.path()), file)) {
        bool is_code = false;
        if (std::regex_match(literal.text, dotted)) {
          is_code = families.count(literal.text.substr(0, literal.text.find('.'))) &&
                    !kNotErrorCodes.count(literal.text);
        } else if (std::regex_match(literal.text, bare)) {
          is_code = std::regex_search(literal.before, making);
        }
        if (!is_code) continue;
        ++checked;
        if (find_error_code(literal.text) == nullptr) {
          unregistered.push_back(literal.where + ": " + literal.text);
        }
      }
    }
  }
  EXPECT_GT(files, 100u);
  EXPECT_GT(checked, 300u);
  std::string list;
  for (const std::string& u : unregistered) list += "\n  " + u;
  EXPECT_TRUE(unregistered.empty())
      << "codes missing from src/util/error_codes.cc (or names to add to kNotErrorCodes):" << list;
}

// The scanner itself: it must see through comments and character literals.
TEST(ErrorCodes, ScannerReadsLiteralsOnly) {
  const auto found = string_literals(
      "// \"in.comment\"\nchar q = '\"'; f(\"a.b\"); /* \"x.y\" */ g(R\"(r.s)\", \"c\\\"d\");",
      "f");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "a.b");
  EXPECT_EQ(found[0].before, "char q = '\"'; f(");
  EXPECT_EQ(found[1].text, "c\\\"d");
}

}  // namespace
}  // namespace gmseal
