// The error code registry is the contract: well formed, documented (docs/error-codes.md is its
// exact rendering) and complete (every code literal in src/ and tokens/ is registered).
#include "util/error_codes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
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

// A string literal found in a C++ file, with what precedes it on its line (to see calls) and
// the offset of its opening quote.
struct Literal {
  std::string text;
  std::string before;
  std::string where;
  std::size_t offset = 0;
};

// A C++ file read for its string literals: `code` is the text with comments and the contents of
// literals blanked (same length, line breaks kept), so calls and brackets can be matched on it.
struct Scanned {
  std::string code;
  std::vector<Literal> literals;
};

// Reads C++ source `text`, skipping comments and character literals; raw strings are read but
// never match a code shape, so their content is left out.
Scanned scan(const std::string& text, const std::string& file) {
  Scanned out;
  out.code = text;
  const auto blank = [&](std::size_t from, std::size_t to) {
    for (std::size_t j = from; j < std::min(to, text.size()); ++j) {
      if (text[j] != '\n') out.code[j] = ' ';
    }
  };
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = ++i;
    } else if (text.compare(i, 2, "//") == 0) {
      const std::size_t end = text.find('\n', i);
      blank(i, end);
      if (end == std::string::npos) break;
      i = end;
    } else if (text.compare(i, 2, "/*") == 0) {
      const std::size_t end = text.find("*/", i + 2);
      for (std::size_t j = i; j < std::min(end, text.size()); ++j) line += text[j] == '\n';
      const std::size_t start = i;
      i = end == std::string::npos ? text.size() : end + 2;
      blank(start, i);
    } else if (c == 'R' && i + 1 < text.size() && text[i + 1] == '"' &&
               !(i > 0 &&
                 (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_'))) {
      const std::size_t open = text.find('(', i);
      const std::string close = ")" + text.substr(i + 2, open - i - 2) + "\"";
      const std::size_t end = text.find(close, open);
      for (std::size_t j = i; j < std::min(end, text.size()); ++j) line += text[j] == '\n';
      const std::size_t stop = end == std::string::npos ? text.size() : end + close.size();
      blank(i + 2, stop - 1);
      i = stop;
    } else if (c == '\'' && !(i > 0 && std::isxdigit(static_cast<unsigned char>(text[i - 1])))) {
      // A character literal (a digit separator such as 1'000 follows a digit).
      const std::size_t start = i;
      ++i;
      while (i < text.size() && text[i] != '\'') i += text[i] == '\\' ? 2 : 1;
      ++i;
      blank(start + 1, i - 1);
    } else if (c == '"') {
      const std::size_t quote = i;
      std::string value;
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) value += text[i++];
        value += text[i++];
      }
      ++i;
      blank(quote + 1, i - 1);
      out.literals.push_back({value, text.substr(line_start, quote - line_start),
                              file + ":" + std::to_string(line), quote});
    } else {
      ++i;
    }
  }
  return out;
}

std::vector<Literal> string_literals(const std::string& text, const std::string& file) {
  return scan(text, file).literals;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `[a-z][a-z0-9_]*(\.[a-z0-9_]+)*`, with at least one dot if `dotted`. (Hand-written: std::regex
// over every literal of the tree is slow in a sanitizer build.)
bool has_code_shape(std::string_view text, bool dotted) {
  if (text.empty() || text.front() < 'a' || text.front() > 'z') return false;
  bool dot_seen = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (i + 1 == text.size() || text[i + 1] == '.') return false;
      dot_seen = true;
    } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return dot_seen || !dotted;
}

// The offsets of the quotes that stand at the top level of the bracketed argument list opening
// just before `from` in `code`, up to its first top-level ',' or closing bracket.
std::set<std::size_t> first_argument_quotes(const std::string& code, std::size_t from) {
  std::set<std::size_t> quotes;
  int depth = 0;
  for (std::size_t i = from; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      if (depth == 0) break;
      --depth;
    } else if (c == ',' && depth == 0) {
      break;
    } else if (c == '"' && depth == 0) {
      quotes.insert(i);
    }
  }
  return quotes;
}

// The offsets just past `name(` (or `name{` for a brace) in `code`, where `name` is a whole word.
std::vector<std::size_t> calls_of(const std::string& code, const std::string& name, char open) {
  std::vector<std::size_t> out;
  for (std::size_t at = code.find(name); at != std::string::npos; at = code.find(name, at + 1)) {
    if (at > 0 && is_word_char(code[at - 1])) continue;
    std::size_t i = at + name.size();
    while (i < code.size() && std::isspace(static_cast<unsigned char>(code[i]))) ++i;
    if (i < code.size() && code[i] == open) out.push_back(i + 1);
  }
  return out;
}

// The offset of the bracket closing the one at `open`, or npos.
std::size_t matching_brace(const std::string& code, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < code.size(); ++i) {
    if (code[i] == '{') ++depth;
    if (code[i] == '}' && --depth == 0) return i;
  }
  return std::string::npos;
}

// Functions that make an Error from their first parameter, `code`: make_error itself and the
// wrappers that pass a `code` parameter on to it (or to another such wrapper), found in `files`.
std::set<std::string> error_makers(const std::map<std::string, Scanned>& files) {
  // A function body, and whether its first parameter is a string named `code`.
  struct Candidate {
    std::string name;
    std::string body;
  };
  const std::regex parameter(
      "\\s*(?:const\\s+)?(?:std::string_view|std::string|char\\s*const\\s*\\*|const\\s+char\\s*\\*)"
      "\\s*&?\\s*");
  std::vector<Candidate> candidates;
  for (const auto& [name, file] : files) {
    const std::string& code = file.code;
    for (std::size_t at = code.find("code"); at != std::string::npos;
         at = code.find("code", at + 1)) {
      if ((at > 0 && is_word_char(code[at - 1])) ||
          (at + 4 < code.size() && is_word_char(code[at + 4]))) {
        continue;
      }
      const std::size_t next = code.find_first_not_of(" \t\n", at + 4);
      if (next == std::string::npos ||
          std::string_view(",=)").find(code[next]) == std::string_view::npos) {
        continue;
      }
      const std::size_t paren = code.rfind('(', at);
      if (paren == std::string::npos || at - paren > 60 ||
          !std::regex_match(code.substr(paren + 1, at - paren - 1), parameter)) {
        continue;
      }
      std::size_t end = paren;
      while (end > 0 && std::isspace(static_cast<unsigned char>(code[end - 1]))) --end;
      std::size_t begin = end;
      while (begin > 0 && is_word_char(code[begin - 1])) --begin;
      if (begin == end) continue;
      const std::size_t open = code.find_first_of("{;", next);
      if (open == std::string::npos || code[open] != '{') continue;
      const std::size_t close = matching_brace(code, open);
      if (close == std::string::npos) continue;
      candidates.push_back({code.substr(begin, end - begin), code.substr(open, close - open)});
    }
  }
  std::set<std::string> makers = {"make_error"};
  const auto forwards = [&makers](const std::string& body) {
    std::vector<std::size_t> starts = calls_of(body, "Error", '{');
    for (const std::string& m : makers) {
      const auto more = calls_of(body, m, '(');
      starts.insert(starts.end(), more.begin(), more.end());
    }
    for (std::size_t from : starts) {
      std::size_t i = body.find_first_not_of(" \t\n", from);
      if (i != std::string::npos && body.compare(i, 10, "std::move(") == 0) {
        i = body.find_first_not_of(" \t\n", i + 10);
      }
      if (i != std::string::npos && body.compare(i, 4, "code") == 0 &&
          (i + 4 == body.size() || !is_word_char(body[i + 4]))) {
        return true;
      }
    }
    return false;
  };
  for (bool grew = true; grew;) {
    grew = false;
    for (const Candidate& c : candidates) {
      if (!makers.count(c.name) && forwards(c.body)) {
        makers.insert(c.name);
        grew = true;
      }
    }
  }
  return makers;
}

// Every code-shaped literal standing as (a branch of) the first argument of a call that makes an
// Error (make_error, an Error{...} brace, a wrapper from error_makers) or as the code of
// send_error(response, status, "code", ...), whatever its family.
std::vector<Literal> codes_made(const std::map<std::string, Scanned>& files) {
  const std::set<std::string> makers = error_makers(files);
  std::vector<Literal> out;
  for (const auto& [name, file] : files) {
    const std::string& code = file.code;
    std::vector<std::size_t> starts;
    for (const std::string& m : makers) {
      const auto found = calls_of(code, m, '(');
      starts.insert(starts.end(), found.begin(), found.end());
    }
    for (std::size_t from : calls_of(code, "Error", '{')) {
      // `struct Error {` declares the type; it makes no error.
      const std::size_t type = code.rfind("Error", from);
      const std::size_t word_end =
          type == 0 ? std::string::npos : code.find_last_not_of(" \t\n", type - 1);
      const std::size_t keyword = word_end == std::string::npos ? 0 : word_end + 1;
      if (keyword >= 6 && code.compare(keyword - 6, 6, "struct") == 0) continue;
      if (keyword >= 5 && code.compare(keyword - 5, 5, "class") == 0) continue;
      starts.push_back(from);
    }
    // send_error(response, status, "code", ...): the code is the third argument.
    static const std::regex status_then_code("^\\s*\\w+\\s*,\\s*\\d+\\s*,");
    for (std::size_t from : calls_of(code, "send_error", '(')) {
      std::smatch m;
      const std::string head = code.substr(from, 80);
      if (std::regex_search(head, m, status_then_code)) starts.push_back(from + m.length());
    }
    std::set<std::size_t> quotes;
    for (std::size_t from : starts) quotes.merge(first_argument_quotes(code, from));
    for (const Literal& literal : file.literals) {
      if (quotes.count(literal.offset) && has_code_shape(literal.text, false)) {
        out.push_back(literal);
      }
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
    "tsa.cert.pem",
    "tsa.key.pem",
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

// Two nets: every literal passed as the code of an error being made, whatever its family (so a
// new family cannot slip past), and every dotted literal of a registered family wherever it
// stands (codes compared against, kept in tables, passed through variables).
TEST(ErrorCodes, EveryCodeUsedInTheSourcesIsRegistered) {
  std::set<std::string> families;
  for (const ErrorCodeInfo& info : error_codes()) {
    const auto dot = info.code.find('.');
    if (dot != std::string_view::npos) families.insert(std::string(info.code.substr(0, dot)));
  }
  std::map<std::string, Scanned> files;
  for (const char* part : {"src", "tokens"}) {
    for (const auto& entry : fs::recursive_directory_iterator(kSourceDir / part)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".cc" && ext != ".h") continue;
      const std::string file = fs::relative(entry.path(), kSourceDir).string();
      files.emplace(file, scan(read_all(entry.path()), file));
    }
  }
  std::map<std::string, std::string> used;  // where -> code
  for (const Literal& literal : codes_made(files))
    used[literal.where + " " + literal.text] = literal.text;
  const std::size_t made = used.size();
  for (const auto& [file, scanned] : files) {
    for (const Literal& literal : scanned.literals) {
      if (has_code_shape(literal.text, true) &&
          families.count(literal.text.substr(0, literal.text.find('.'))) &&
          !kNotErrorCodes.count(literal.text)) {
        used[literal.where + " " + literal.text] = literal.text;
      }
    }
  }
  EXPECT_GT(files.size(), 100u);
  EXPECT_GT(made, 600u);
  EXPECT_GT(used.size(), made);
  std::string list;
  for (const auto& [where, code] : used) {
    if (find_error_code(code) == nullptr) list += "\n  " + where;
  }
  EXPECT_TRUE(list.empty())
      << "codes missing from src/util/error_codes.cc (or names to add to kNotErrorCodes):" << list;
}

// The net for made errors catches a family the registry has never seen, through make_error, an
// Error brace, a wrapper that forwards its `code` (and a wrapper of that wrapper), a ternary and
// a line break; it leaves out wrappers that only take a value named code, and declarations.
TEST(ErrorCodes, MadeCodesAreFoundWhateverTheirFamily) {
  std::map<std::string, Scanned> files;
  const std::string text =
      "Error fail(const std::string& code, std::string why) {\n"
      "  return make_error(code, why);\n"
      "}\n"
      "Error fail_hard(std::string code) { return fail(std::move(code), \"x\"); }\n"
      "Status lookup(const std::string& code) { return store.find(code); }\n"
      "struct Error {\n"
      "  std::string code;\n"
      "};\n"
      "Status f(bool a) {\n"
      "  if (a) return make_error(\n"
      "      \"newfam.one\", \"not.a_code\" + std::string(\"x\"));\n"
      "  if (a) return fail(\"newfam.two\", \"m\");  // make_error(\"in.comment\"\n"
      "  if (a) return fail_hard(b == \"--name\" ? \"newfam.three\" : \"newfam.four\");\n"
      "  if (a) return lookup(\"newfam.not_an_error\");\n"
      "  send_error(res, 400, \"bare_code\", \"message\");\n"
      "  return Error{\"newfam.five\", f(\"x\", \"y\")};\n"
      "}\n";
  files.emplace("f.cc", scan(text, "f.cc"));
  std::vector<std::string> found;
  for (const Literal& literal : codes_made(files)) found.push_back(literal.text);
  EXPECT_EQ(found, (std::vector<std::string>{"newfam.one", "newfam.two", "newfam.three",
                                             "newfam.four", "bare_code", "newfam.five"}));
  const std::set<std::string> makers = error_makers(files);
  EXPECT_EQ(makers, (std::set<std::string>{"fail", "fail_hard", "make_error"}));
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
