#include "pdf/text_locator.h"

#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "pdf/standard_fonts.h"

namespace gmseal::pdf {

namespace {

using Matrix = std::array<double, 6>;  // a b c d e f
constexpr Matrix kIdentity = {1, 0, 0, 1, 0, 0};

// m1 × m2 (PDF row-vector convention: apply m1 first).
Matrix multiply(const Matrix& m1, const Matrix& m2) {
  return {m1[0] * m2[0] + m1[1] * m2[2],         m1[0] * m2[1] + m1[1] * m2[3],
          m1[2] * m2[0] + m1[3] * m2[2],         m1[2] * m2[1] + m1[3] * m2[3],
          m1[4] * m2[0] + m1[5] * m2[2] + m2[4], m1[4] * m2[1] + m1[5] * m2[3] + m2[5]};
}

std::u32string utf8_to_u32(std::string_view s, bool& ok) {
  std::u32string out;
  ok = true;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int extra = b < 0x80 ? 0 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    if (extra < 0 || i + extra >= s.size() + (extra == 0 ? 1 : 0)) {
      if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size() + 0) {
        if (extra != 0) {
          ok = false;
          return out;
        }
      }
    }
    char32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1f) : extra == 2 ? (b & 0x0f) : (b & 0x07);
    ++i;
    for (int k = 0; k < extra; ++k, ++i) {
      if (i >= s.size()) {
        ok = false;
        return out;
      }
      cp = cp << 6 | (static_cast<unsigned char>(s[i]) & 0x3f);
    }
    out.push_back(cp);
  }
  return out;
}

std::u32string utf16be_to_u32(const Bytes& b) {
  std::u32string out;
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) {
    char32_t u = static_cast<char32_t>(b[i] << 8 | b[i + 1]);
    if (u >= 0xd800 && u < 0xdc00 && i + 3 < b.size()) {
      const char32_t low = static_cast<char32_t>(b[i + 2] << 8 | b[i + 3]);
      u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
      i += 2;
    }
    out.push_back(u);
  }
  return out;
}

std::uint32_t code_of(const Bytes& b) {
  std::uint32_t c = 0;
  for (const auto x : b) c = c << 8 | x;
  return c;
}

struct FontInfo {
  int code_bytes = 1;
  std::map<std::uint32_t, std::u32string> to_unicode;
  std::map<std::uint32_t, double> widths;
  double default_width = 500;
};

// Hex tokens <...> and [ ] and keywords of a CMap, in order.
struct CmapToken {
  char kind;  // 'h' hex, '[' , ']', 'k' keyword
  Bytes hex;
  std::string word;
};

std::vector<CmapToken> tokenize_cmap(const std::string& text) {
  std::vector<CmapToken> tokens;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '<' && i + 1 < text.size() && text[i + 1] != '<') {
      const auto end = text.find('>', i);
      if (end == std::string::npos) break;
      auto hex = hex_decode(text.substr(i + 1, end - i - 1));
      tokens.push_back({'h', hex.ok() ? *hex : Bytes{}, {}});
      i = end + 1;
    } else if (c == '[' || c == ']') {
      tokens.push_back({c, {}, {}});
      ++i;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      std::size_t j = i;
      while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j]))) ++j;
      tokens.push_back({'k', {}, text.substr(i, j - i)});
      i = j;
    } else {
      ++i;
    }
  }
  return tokens;
}

void parse_to_unicode(const std::string& text, FontInfo& font) {
  const std::vector<CmapToken> t = tokenize_cmap(text);
  std::string section;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].kind == 'k') {
      if (t[i].word.rfind("begin", 0) == 0) section = t[i].word;
      if (t[i].word.rfind("end", 0) == 0) section.clear();
      continue;
    }
    if (section == "begincodespacerange" && t[i].kind == 'h' && i + 1 < t.size()) {
      font.code_bytes = static_cast<int>(std::max<std::size_t>(1, t[i].hex.size()));
      ++i;
    } else if (section == "beginbfchar" && t[i].kind == 'h' && i + 1 < t.size() &&
               t[i + 1].kind == 'h') {
      font.to_unicode[code_of(t[i].hex)] = utf16be_to_u32(t[i + 1].hex);
      ++i;
    } else if (section == "beginbfrange" && t[i].kind == 'h' && i + 2 < t.size() &&
               t[i + 1].kind == 'h') {
      const std::uint32_t lo = code_of(t[i].hex), hi = code_of(t[i + 1].hex);
      if (hi < lo || hi - lo > 65535) {
        i += 2;
        continue;
      }
      if (t[i + 2].kind == 'h') {
        std::u32string base = utf16be_to_u32(t[i + 2].hex);
        for (std::uint32_t c = lo; c <= hi && !base.empty(); ++c) {
          font.to_unicode[c] = base;
          ++base.back();
        }
        i += 2;
      } else if (t[i + 2].kind == '[') {
        std::size_t j = i + 3;
        for (std::uint32_t c = lo; j < t.size() && t[j].kind == 'h'; ++c, ++j) {
          font.to_unicode[c] = utf16be_to_u32(t[j].hex);
        }
        i = j;
      }
    }
  }
}

FontInfo load_font(QPDFObjectHandle font) {
  FontInfo info;
  if (!font.isDictionary()) return info;
  const bool type0 =
      font.getKey("/Subtype").isName() && font.getKey("/Subtype").getName() == "/Type0";
  if (type0) {
    info.code_bytes = 2;
    info.default_width = 1000;
    QPDFObjectHandle descendants = font.getKey("/DescendantFonts");
    if (descendants.isArray() && descendants.getArrayNItems() > 0) {
      QPDFObjectHandle cid = descendants.getArrayItem(0);
      if (cid.getKey("/DW").isNumber()) info.default_width = cid.getKey("/DW").getNumericValue();
      QPDFObjectHandle w = cid.getKey("/W");
      if (w.isArray()) {
        auto items = w.getArrayAsVector();
        for (std::size_t i = 0; i + 1 < items.size();) {
          if (!items[i].isInteger()) break;
          const auto first = static_cast<std::uint32_t>(items[i].getIntValue());
          if (items[i + 1].isArray()) {
            std::uint32_t c = first;
            for (QPDFObjectHandle v : items[i + 1].getArrayAsVector()) {
              if (v.isNumber()) info.widths[c] = v.getNumericValue();
              ++c;
            }
            i += 2;
          } else if (i + 2 < items.size() && items[i + 1].isInteger() && items[i + 2].isNumber()) {
            const auto last = static_cast<std::uint32_t>(items[i + 1].getIntValue());
            for (std::uint32_t c = first; c <= last && c - first < 65536; ++c) {
              info.widths[c] = items[i + 2].getNumericValue();
            }
            i += 3;
          } else {
            break;
          }
        }
      }
    }
  } else {
    QPDFObjectHandle widths = font.getKey("/Widths");
    const int first =
        font.getKey("/FirstChar").isInteger() ? font.getKey("/FirstChar").getIntValueAsInt() : 0;
    if (widths.isArray()) {
      int c = first;
      for (QPDFObjectHandle v : widths.getArrayAsVector()) {
        if (v.isNumber()) info.widths[static_cast<std::uint32_t>(c)] = v.getNumericValue();
        ++c;
      }
    } else if (font.getKey("/BaseFont").isName()) {
      // A standard 14 font may come without /Widths: its metrics are built into readers.
      const std::string base = font.getKey("/BaseFont").getName().substr(1);
      for (unsigned c = 0; c < 256; ++c) {
        if (auto w = standard_font_width(base, c)) info.widths[c] = *w;
      }
    }
  }
  QPDFObjectHandle tu = font.getKey("/ToUnicode");
  if (tu.isStream()) {
    auto data = tu.getStreamData(qpdf_dl_generalized);
    const int code_bytes = info.code_bytes;
    parse_to_unicode(std::string(reinterpret_cast<const char*>(data->getBuffer()), data->getSize()),
                     info);
    if (type0 && info.code_bytes == 1 && code_bytes == 2) info.code_bytes = 2;
  }
  return info;
}

struct Glyph {
  std::u32string text;
  double x0, y0, x1, y1;  // start and end of the advance, user space
  double up_x, up_y;      // the font-size vector perpendicular to the baseline
};

class PageScanner : public QPDFObjectHandle::ParserCallbacks {
 public:
  PageScanner(std::vector<Glyph>& glyphs, QPDFObjectHandle resources, Matrix ctm,
              std::map<QPDFObjGen, std::shared_ptr<FontInfo>>& fonts, int depth)
      : glyphs_(glyphs), resources_(resources), fonts_(fonts), depth_(depth) {
    state_.ctm = ctm;
  }

  void handleObject(QPDFObjectHandle obj) override {
    if (!obj.isOperator()) {
      operands_.push_back(obj);
      return;
    }
    run(obj.getOperatorValue());
    operands_.clear();
  }
  void handleEOF() override {}

 private:
  struct State {
    Matrix ctm = kIdentity;
    std::shared_ptr<FontInfo> font;
    double size = 12, char_spacing = 0, word_spacing = 0, scale = 1, leading = 0, rise = 0;
  };

  double num(std::size_t i) {
    return i < operands_.size() && operands_[i].isNumber() ? operands_[i].getNumericValue() : 0;
  }

  void move_line(double tx, double ty) {
    line_ = multiply({1, 0, 0, 1, tx, ty}, line_);
    text_ = line_;
  }

  void show(const std::string& bytes) {
    if (!state_.font) state_.font = std::make_shared<FontInfo>();
    const FontInfo& font = *state_.font;
    const std::size_t step = static_cast<std::size_t>(font.code_bytes);
    for (std::size_t i = 0; i + step <= bytes.size(); i += step) {
      std::uint32_t code = 0;
      for (std::size_t k = 0; k < step; ++k)
        code = code << 8 | static_cast<unsigned char>(bytes[i + k]);
      const Matrix trm =
          multiply(multiply({state_.size * state_.scale, 0, 0, state_.size, 0, state_.rise}, text_),
                   state_.ctm);
      Glyph g;
      auto u = font.to_unicode.find(code);
      g.text =
          u != font.to_unicode.end() ? u->second : std::u32string(1, static_cast<char32_t>(code));
      g.x0 = trm[4];
      g.y0 = trm[5];
      g.up_x = trm[2];
      g.up_y = trm[3];
      auto w = font.widths.find(code);
      const double w0 = (w != font.widths.end() ? w->second : font.default_width) / 1000.0;
      const double spacing = (step == 1 && code == 32) ? state_.word_spacing : 0;
      const double tx = (w0 * state_.size + state_.char_spacing + spacing) * state_.scale;
      text_ = multiply({1, 0, 0, 1, tx, 0}, text_);
      const Matrix end =
          multiply(multiply({state_.size * state_.scale, 0, 0, state_.size, 0, state_.rise}, text_),
                   state_.ctm);
      g.x1 = end[4];
      g.y1 = end[5];
      glyphs_.push_back(std::move(g));
    }
  }

  void run(const std::string& op) {
    if (op == "q") {
      stack_.push_back(state_);
    } else if (op == "Q") {
      if (!stack_.empty()) {
        state_ = stack_.back();
        stack_.pop_back();
      }
    } else if (op == "cm" && operands_.size() == 6) {
      state_.ctm = multiply({num(0), num(1), num(2), num(3), num(4), num(5)}, state_.ctm);
    } else if (op == "BT") {
      text_ = line_ = kIdentity;
    } else if (op == "Tm" && operands_.size() == 6) {
      text_ = line_ = {num(0), num(1), num(2), num(3), num(4), num(5)};
    } else if (op == "Td") {
      move_line(num(0), num(1));
    } else if (op == "TD") {
      state_.leading = -num(1);
      move_line(num(0), num(1));
    } else if (op == "T*") {
      move_line(0, -state_.leading);
    } else if (op == "TL") {
      state_.leading = num(0);
    } else if (op == "Tc") {
      state_.char_spacing = num(0);
    } else if (op == "Tw") {
      state_.word_spacing = num(0);
    } else if (op == "Tz") {
      state_.scale = num(0) / 100.0;
    } else if (op == "Ts") {
      state_.rise = num(0);
    } else if (op == "Tf" && operands_.size() == 2 && operands_[0].isName()) {
      state_.size = num(1);
      state_.font = font_named(operands_[0].getName());
    } else if (op == "Tj" && !operands_.empty() && operands_[0].isString()) {
      show(operands_[0].getStringValue());
    } else if (op == "'" && !operands_.empty() && operands_[0].isString()) {
      move_line(0, -state_.leading);
      show(operands_[0].getStringValue());
    } else if (op == "\"" && operands_.size() == 3 && operands_[2].isString()) {
      state_.word_spacing = num(0);
      state_.char_spacing = num(1);
      move_line(0, -state_.leading);
      show(operands_[2].getStringValue());
    } else if (op == "TJ" && !operands_.empty() && operands_[0].isArray()) {
      for (QPDFObjectHandle item : operands_[0].getArrayAsVector()) {
        if (item.isString()) {
          show(item.getStringValue());
        } else if (item.isNumber()) {
          text_ = multiply(
              {1, 0, 0, 1, -item.getNumericValue() / 1000.0 * state_.size * state_.scale, 0},
              text_);
        }
      }
    } else if (op == "Do" && !operands_.empty() && operands_[0].isName() && depth_ < 8) {
      QPDFObjectHandle xobjects =
          resources_.isDictionary() ? resources_.getKey("/XObject") : QPDFObjectHandle::newNull();
      QPDFObjectHandle form = xobjects.isDictionary() ? xobjects.getKey(operands_[0].getName())
                                                      : QPDFObjectHandle::newNull();
      if (form.isStream() && form.getDict().getKey("/Subtype").isName() &&
          form.getDict().getKey("/Subtype").getName() == "/Form") {
        Matrix m = kIdentity;
        QPDFObjectHandle mx = form.getDict().getKey("/Matrix");
        if (mx.isArray() && mx.getArrayNItems() == 6) {
          for (int i = 0; i < 6; ++i)
            m[i] = mx.getArrayItem(i).isNumber() ? mx.getArrayItem(i).getNumericValue() : m[i];
        }
        QPDFObjectHandle res = form.getDict().getKey("/Resources");
        PageScanner inner(glyphs_, res.isDictionary() ? res : resources_, multiply(m, state_.ctm),
                          fonts_, depth_ + 1);
        form.parseAsContents(&inner);
      }
    }
  }

  std::shared_ptr<FontInfo> font_named(const std::string& name) {
    QPDFObjectHandle fonts =
        resources_.isDictionary() ? resources_.getKey("/Font") : QPDFObjectHandle::newNull();
    QPDFObjectHandle font = fonts.isDictionary() ? fonts.getKey(name) : QPDFObjectHandle::newNull();
    if (!font.isDictionary()) return std::make_shared<FontInfo>();
    if (font.isIndirect()) {
      auto& cached = fonts_[font.getObjGen()];
      if (!cached) cached = std::make_shared<FontInfo>(load_font(font));
      return cached;
    }
    return std::make_shared<FontInfo>(load_font(font));
  }

  std::vector<Glyph>& glyphs_;
  QPDFObjectHandle resources_;
  std::map<QPDFObjGen, std::shared_ptr<FontInfo>>& fonts_;
  int depth_;
  State state_;
  std::vector<State> stack_;
  Matrix text_ = kIdentity, line_ = kIdentity;
  std::vector<QPDFObjectHandle> operands_;
};

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xa0;
}

}  // namespace

Result<std::vector<TextHit>> find_text(Document& doc, std::string_view keyword) {
  bool ok = false;
  std::u32string wanted;
  for (const char32_t c : utf8_to_u32(keyword, ok)) {
    if (!is_space(c)) wanted.push_back(c);
  }
  if (!ok || wanted.empty()) {
    return make_error("pdf.text.bad_keyword", "the keyword is empty or not valid UTF-8");
  }
  return guard_qpdf("pdf.open_failed", "reading page text", [&]() -> Result<std::vector<TextHit>> {
    std::vector<TextHit> hits;
    std::map<QPDFObjGen, std::shared_ptr<FontInfo>> fonts;
    std::vector<QPDFObjectHandle> pages = doc.pages();
    for (std::size_t p = 0; p < pages.size(); ++p) {
      std::vector<Glyph> glyphs;
      QPDFPageObjectHelper helper(pages[p]);
      PageScanner scanner(glyphs, helper.getAttribute("/Resources", false), kIdentity, fonts, 0);
      helper.parseContents(&scanner);
      // Text without spaces, each character pointing at its glyph.
      std::u32string text;
      std::vector<std::size_t> owner;
      for (std::size_t g = 0; g < glyphs.size(); ++g) {
        for (const char32_t c : glyphs[g].text) {
          if (is_space(c)) continue;
          text.push_back(c);
          owner.push_back(g);
        }
      }
      for (std::size_t at = text.find(wanted); at != std::u32string::npos;
           at = text.find(wanted, at + wanted.size())) {
        const Glyph& first = glyphs[owner[at]];
        const Glyph& last = glyphs[owner[at + wanted.size() - 1]];
        TextHit hit;
        hit.page_index = static_cast<int>(p);
        hit.x = (first.x0 + last.x1) / 2 + 0.35 * first.up_x;
        hit.y = (first.y0 + last.y1) / 2 + 0.35 * first.up_y;
        hit.width = std::hypot(last.x1 - first.x0, last.y1 - first.y0);
        hit.height = std::hypot(first.up_x, first.up_y);
        hits.push_back(hit);
      }
    }
    return hits;
  });
}

}  // namespace gmseal::pdf
