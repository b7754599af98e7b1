#include "pdf/byte_range.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace gmseal::pdf {

namespace {

void walk(Document& doc, QPDFObjectHandle field, const std::string& prefix, bool inherited_sig,
          std::vector<SignatureField>& out, std::set<QPDFObjGen>& seen, int depth) {
  if (depth > 32 || !field.isDictionary()) return;
  if (field.isIndirect() && !seen.insert(field.getObjGen()).second) return;
  std::string name = prefix;
  if (field.getKey("/T").isString()) {
    name = (prefix.empty() ? "" : prefix + ".") + field.getKey("/T").getUTF8Value();
  }
  QPDFObjectHandle ft = field.getKey("/FT");
  const bool is_sig = ft.isName() ? ft.getName() == "/Sig" : inherited_sig;
  QPDFObjectHandle value = field.getKey("/V");
  if (is_sig && value.isDictionary()) {
    SignatureField sf;
    sf.name = name;
    sf.value = value.getObjGen();
    QPDFObjectHandle br = value.getKey("/ByteRange");
    if (br.isArray()) {
      for (QPDFObjectHandle n : br.getArrayAsVector()) {
        sf.byte_range.push_back(n.isInteger() ? n.getIntValue() : -1);
      }
    }
    QPDFObjectHandle contents = value.getKey("/Contents");
    if (contents.isString()) {
      const std::string s = contents.getStringValue();
      sf.contents.assign(s.begin(), s.end());
    }
    auto text = [&](const char* key) {
      QPDFObjectHandle v = value.getKey(key);
      if (v.isName()) return v.getName().substr(1);
      return v.isString() ? v.getUTF8Value() : std::string();
    };
    sf.filter = text("/Filter");
    sf.sub_filter = text("/SubFilter");
    sf.signing_time = text("/M");
    sf.reason = text("/Reason");
    sf.signer_name = text("/Name");
    // Pages of the widgets: this field itself when merged, else its kids.
    std::vector<QPDFObjectHandle> widgets = {field};
    if (field.getKey("/Kids").isArray()) widgets = field.getKey("/Kids").getArrayAsVector();
    std::vector<QPDFObjectHandle> pages = doc.pages();
    for (QPDFObjectHandle w : widgets) {
      QPDFObjectHandle p = w.getKey("/P");
      for (std::size_t i = 0; p.isIndirect() && i < pages.size(); ++i) {
        if (pages[i].getObjGen() != p.getObjGen()) continue;
        sf.pages.push_back(static_cast<int>(i) + 1);
        QPDFObjectHandle rect = w.getKey("/Rect");
        if (!rect.isRectangle()) continue;
        const QPDFObjectHandle::Rectangle r = rect.getArrayAsRectangle();
        const DisplayedRect shown = displayed_rect(
            doc.geometry(pages[i]), UserRect{std::min(r.llx, r.urx), std::min(r.lly, r.ury),
                                             std::max(r.llx, r.urx), std::max(r.lly, r.ury)});
        if (shown.width > 0 && shown.height > 0) {
          sf.boxes.push_back({static_cast<int>(i) + 1, shown});
        }
      }
    }
    out.push_back(std::move(sf));
    return;  // a signature field's kids are its widgets
  }
  QPDFObjectHandle kids = field.getKey("/Kids");
  if (kids.isArray()) {
    for (QPDFObjectHandle kid : kids.getArrayAsVector()) {
      walk(doc, kid, name, is_sig, out, seen, depth + 1);
    }
  }
}

bool is_hex_or_space(std::uint8_t c) {
  return std::isxdigit(c) != 0 || c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

}  // namespace

Result<std::vector<SignatureField>> find_signature_fields(Document& doc) {
  return guard_qpdf("pdf.open_failed", "reading the signature fields",
                    [&]() -> Result<std::vector<SignatureField>> {
                      std::vector<SignatureField> out;
                      std::set<QPDFObjGen> seen;
                      QPDFObjectHandle form = doc.qpdf().getRoot().getKey("/AcroForm");
                      if (!form.isDictionary() || !form.getKey("/Fields").isArray()) return out;
                      for (QPDFObjectHandle f : form.getKey("/Fields").getArrayAsVector()) {
                        walk(doc, f, "", false, out, seen, 0);
                      }
                      return out;
                    });
}

ByteRangeFacts check_byte_range(ByteView file, const SignatureField& field,
                                std::optional<std::uint64_t> dict_offset) {
  ByteRangeFacts facts;
  const auto& br = field.byte_range;
  auto fail = [&facts](std::string why) {
    facts.problem = std::move(why);
    return facts;
  };
  if (br.size() != 4)
    return fail("/ByteRange has " + std::to_string(br.size()) + " numbers, not 4");
  for (const std::int64_t v : br) {
    if (v < 0) return fail("/ByteRange holds a negative or non-integer number");
  }
  if (br[0] != 0) return fail("/ByteRange does not start at offset 0");
  const auto a = static_cast<std::uint64_t>(br[1]);
  const auto b = static_cast<std::uint64_t>(br[2]);
  const auto c = static_cast<std::uint64_t>(br[3]);
  if (b <= a + 1 || b > file.size() || c > file.size() - b) {
    return fail("/ByteRange segments are out of order or beyond the file's " +
                std::to_string(file.size()) + " bytes");
  }
  facts.end = b + c;
  facts.whole_file = facts.end == file.size();
  if (file[a] != '<' || file[b - 1] != '>') {
    return fail("the /ByteRange hole is not a <hex> string (bytes at " + std::to_string(a) +
                " and " + std::to_string(b - 1) + ")");
  }
  for (std::uint64_t i = a + 1; i < b - 1; ++i) {
    if (!is_hex_or_space(file[i])) {
      return fail("the /ByteRange hole holds a non-hex byte at offset " + std::to_string(i));
    }
  }
  // The hole must be the /Contents of this very dictionary (not of another object).
  std::uint64_t p = a;
  while (p > 0 && std::isspace(file[p - 1])) --p;
  const std::string_view key = "/Contents";
  if (p < key.size() ||
      std::string_view(reinterpret_cast<const char*>(&file[p - key.size()]), key.size()) != key) {
    return fail("the /ByteRange hole is not preceded by /Contents");
  }
  if (dict_offset) {
    if (*dict_offset >= a) return fail("the /ByteRange hole lies before its signature dictionary");
    const std::string_view between(reinterpret_cast<const char*>(&file[*dict_offset]),
                                   static_cast<std::size_t>(a - *dict_offset));
    if (between.find("endobj") != std::string_view::npos) {
      return fail("the /ByteRange hole is not inside its own signature dictionary");
    }
    // The hole must hold the same bytes QPDF decoded as this dictionary's /Contents.
    auto hex = hex_decode(std::string_view(reinterpret_cast<const char*>(&file[a + 1]),
                                           static_cast<std::size_t>(b - a - 2)));
    if (!hex.ok() || *hex != field.contents) {
      return fail("the /ByteRange hole differs from the dictionary's /Contents value");
    }
  }
  // An empty or zero-filled /Contents is a placeholder, not a signature (universal signature
  // forgery feeds such dictionaries to validators that then skip the cryptography).
  if (std::all_of(field.contents.begin(), field.contents.end(),
                  [](std::uint8_t b) { return b == 0; })) {
    return fail("/Contents holds no signature (empty or only zeros)");
  }
  // The signed revision ends with %%EOF and an optional end-of-line.
  std::uint64_t e = facts.end;
  while (e > 0 && (file[e - 1] == '\n' || file[e - 1] == '\r' || file[e - 1] == ' ')) --e;
  if (e < 5 || std::string_view(reinterpret_cast<const char*>(&file[e - 5]), 5) != "%%EOF") {
    return fail("the signed range does not end at an %%EOF marker");
  }
  facts.ok = true;
  return facts;
}

}  // namespace gmseal::pdf
