#include "pdf/revision_diff.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace gmseal::pdf {

namespace {

using XRef = std::map<QPDFObjGen, QPDFXRefEntry>;

std::string og_text(QPDFObjGen og) {
  return std::to_string(og.getObj()) + " " + std::to_string(og.getGen());
}

bool has_name(QPDFObjectHandle dict, const char* key, const char* name) {
  if (!dict.isDictionary()) return false;
  QPDFObjectHandle v = dict.getKey(key);
  return v.isName() && v.getName() == name;
}

bool same_value(QPDFObjectHandle a, QPDFObjectHandle b) {
  if (a.isStream() != b.isStream()) return false;
  // unparse() of an indirect object is only its reference ("4 0 R"): compare the values.
  if (!a.isStream()) return a.unparseResolved() == b.unparseResolved();
  if (a.getDict().unparse() != b.getDict().unparse()) return false;
  auto da = a.getRawStreamData();
  auto db = b.getRawStreamData();
  return da->getSize() == db->getSize() &&
         std::equal(da->getBuffer(), da->getBuffer() + da->getSize(), db->getBuffer());
}

// Both revisions read the object from the same bytes: the same offset in the same file, or the
// same slot of an object stream that itself sits at the same offset. An object stream is never
// itself compressed (ISO 32000-1, 7.5.7): a file that says so (even of a stream holding itself,
// which looped here until the stack ran out) is not read from the same place.
bool same_place(const XRef& before, const XRef& after, QPDFObjGen og) {
  const auto same_offset = [&](QPDFObjGen in_file) {
    auto a = before.find(in_file);
    auto b = after.find(in_file);
    return a != before.end() && b != after.end() && a->second.getType() == 1 &&
           b->second.getType() == 1 && a->second.getOffset() == b->second.getOffset();
  };
  auto a = before.find(og);
  auto b = after.find(og);
  if (a == before.end() || b == after.end() || a->second.getType() != b->second.getType()) {
    return false;
  }
  if (a->second.getType() == 1) return same_offset(og);
  if (a->second.getType() != 2) return false;
  const int stream = a->second.getObjStreamNumber();
  return stream == b->second.getObjStreamNumber() &&
         a->second.getObjStreamIndex() == b->second.getObjStreamIndex() &&
         same_offset(QPDFObjGen(stream, 0));
}

std::vector<std::string> items_of(QPDFObjectHandle array) {
  std::vector<std::string> items;
  if (array.isArray()) {
    for (QPDFObjectHandle i : array.getArrayAsVector()) items.push_back(i.unparse());
  }
  return items;
}

// Every item of `before` is still in `after` (reordering is not a removal); how many were added.
bool only_grows(QPDFObjectHandle before, QPDFObjectHandle after, std::size_t* added) {
  const std::vector<std::string> a = items_of(before);
  const std::vector<std::string> b = items_of(after);
  const std::multiset<std::string> have(b.begin(), b.end());
  std::multiset<std::string> left = have;
  for (const std::string& s : a) {
    auto it = left.find(s);
    if (it == left.end()) return false;
    left.erase(it);
  }
  if (!before.isNull() && !before.isArray()) return false;
  if (!after.isNull() && !after.isArray()) return false;
  *added = left.size();
  return true;
}

// What each object of the earlier revision is for.
struct Roles {
  QPDFObjGen catalog, acroform, fields, info, metadata;
  std::map<QPDFObjGen, int> page_number;            // page dictionaries
  std::map<QPDFObjGen, std::vector<int>> shown_on;  // what a page's display reaches
  std::set<QPDFObjGen> annots_arrays;               // indirect /Annots arrays
  std::set<QPDFObjGen> unsigned_signature_parts;    // /FT /Sig fields without /V + widgets
  std::set<QPDFObjGen> dss_parts;                   // the DSS and all it references
};

// Calls `visit` for every indirect object reachable from `start` without passing through /Parent
// or /P (back-links to the page tree and to a widget's page) or into another page.
void reach(QPDFObjectHandle start, const std::function<void(QPDFObjGen)>& visit) {
  std::set<QPDFObjGen> seen;
  std::function<void(QPDFObjectHandle, int)> walk = [&](QPDFObjectHandle o, int depth) {
    if (depth > 64) return;
    if (o.isIndirect()) {
      if (!seen.insert(o.getObjGen()).second) return;
      if (depth > 0 && (has_name(o, "/Type", "/Page") || has_name(o, "/Type", "/Pages"))) return;
      visit(o.getObjGen());
    }
    if (o.isStream()) {
      walk(o.getDict(), depth + 1);
    } else if (o.isDictionary()) {
      for (const auto& [key, value] : o.getDictAsMap()) {
        if (key != "/Parent" && key != "/P") walk(value, depth + 1);
      }
    } else if (o.isArray()) {
      for (QPDFObjectHandle item : o.getArrayAsVector()) walk(item, depth + 1);
    }
  };
  walk(start, 0);
}

void mark_unsigned_signature_fields(QPDFObjectHandle field, bool inherited_sig, Roles& roles,
                                    std::set<QPDFObjGen>& seen, int depth) {
  if (depth > 32 || !field.isDictionary()) return;
  if (field.isIndirect() && !seen.insert(field.getObjGen()).second) return;
  QPDFObjectHandle ft = field.getKey("/FT");
  const bool is_sig = ft.isName() ? ft.getName() == "/Sig" : inherited_sig;
  QPDFObjectHandle kids = field.getKey("/Kids");
  if (is_sig && field.getKey("/V").isNull()) {
    if (field.isIndirect()) roles.unsigned_signature_parts.insert(field.getObjGen());
    if (kids.isArray()) {
      for (QPDFObjectHandle kid : kids.getArrayAsVector()) {
        if (kid.isIndirect() && kid.getKey("/T").isNull()) {
          roles.unsigned_signature_parts.insert(kid.getObjGen());  // a widget
        }
      }
    }
  }
  if (kids.isArray()) {
    for (QPDFObjectHandle kid : kids.getArrayAsVector()) {
      mark_unsigned_signature_fields(kid, is_sig, roles, seen, depth + 1);
    }
  }
}

Roles roles_of(Document& doc) {
  Roles r;
  QPDFObjectHandle root = doc.qpdf().getRoot();
  r.catalog = root.getObjGen();
  QPDFObjectHandle form = root.getKey("/AcroForm");
  if (form.isIndirect()) r.acroform = form.getObjGen();
  if (form.isDictionary()) {
    if (form.getKey("/Fields").isIndirect()) r.fields = form.getKey("/Fields").getObjGen();
    if (form.getKey("/Fields").isArray()) {
      std::set<QPDFObjGen> seen;
      for (QPDFObjectHandle f : form.getKey("/Fields").getArrayAsVector()) {
        mark_unsigned_signature_fields(f, false, r, seen, 0);
      }
    }
  }
  if (root.getKey("/Metadata").isIndirect()) r.metadata = root.getKey("/Metadata").getObjGen();
  QPDFObjectHandle info = doc.qpdf().getTrailer().getKey("/Info");
  if (info.isIndirect()) r.info = info.getObjGen();
  QPDFObjectHandle dss = root.getKey("/DSS");
  if (dss.isIndirect()) r.dss_parts.insert(dss.getObjGen());
  reach(dss, [&r](QPDFObjGen og) { r.dss_parts.insert(og); });
  int number = 0;
  for (QPDFObjectHandle page : doc.pages()) {
    ++number;
    r.page_number.emplace(page.getObjGen(), number);
    if (page.getKey("/Annots").isIndirect()) {
      r.annots_arrays.insert(page.getKey("/Annots").getObjGen());
    }
    reach(page, [&r, number](QPDFObjGen og) {
      std::vector<int>& pages = r.shown_on[og];
      if (pages.empty() || pages.back() != number) pages.push_back(number);
    });
  }
  return r;
}

// Why a disallowed key matters, in words, for the keys that decide what a page or the
// document shows.
std::string key_meaning(const std::string& key) {
  static const std::map<std::string, std::string> meanings = {
      {"/Contents", "the page's content streams replaced"},
      {"/Resources", "the page's resources (fonts, images, forms) replaced"},
      {"/MediaBox", "the page's size changed"},
      {"/CropBox", "the page's visible area changed"},
      {"/Rotate", "the page's rotation changed"},
      {"/Pages", "the page tree replaced"},
      {"/Kids", "the page tree's or a field's children changed"},
      {"/OCProperties", "optional content (layer visibility) changed"},
      {"/OC", "the optional content group that shows or hides it changed"},
      {"/AP", "the appearance replaced"},
      {"/V", "the field value changed"},
      {"/AS", "the appearance state changed"},
      {"/F", "the annotation flags (hidden, printable) changed"},
      {"/NeedAppearances", "viewers told to redraw field appearances from their values"},
      {"/XFA", "an XFA form (which replaces the displayed form) changed"},
      {"/OpenAction", "an action run on opening changed"},
      {"/AA", "additional actions changed"},
      {"/Names", "the name trees (scripts, embedded files, destinations) changed"},
  };
  auto it = meanings.find(key);
  return it == meanings.end() ? "changed" : it->second;
}

class Differ {
 public:
  Differ(Document& before, Document& after) : before_(before), after_(after) {}

  std::vector<RevisionChange> run() {
    roles_ = roles_of(before_);
    compare_trailer();
    const XRef old_xref = before_.qpdf().getXRefTable();
    const XRef new_xref = after_.qpdf().getXRefTable();
    for (const auto& [og, entry] : old_xref) {
      if (entry.getType() != 1 && entry.getType() != 2) continue;
      if (same_place(old_xref, new_xref, og)) continue;
      QPDFObjectHandle a = before_.qpdf().getObject(og);
      if (a.isStream() &&
          (has_name(a.getDict(), "/Type", "/XRef") || has_name(a.getDict(), "/Type", "/ObjStm"))) {
        continue;  // containers: the objects inside them are compared one by one
      }
      QPDFObjectHandle b = after_.qpdf().getObject(og);
      if (same_value(a, b)) continue;
      compare_object(og, a, b);
    }
    return std::move(changes_);
  }

 private:
  void add(QPDFObjGen og, std::string key, std::string what, bool allowed) {
    RevisionChange c;
    c.object = og_text(og);
    if (auto it = roles_.page_number.find(og); it != roles_.page_number.end()) {
      c.pages = {it->second};
    } else if (auto s = roles_.shown_on.find(og); s != roles_.shown_on.end()) {
      c.pages = s->second;
    }
    c.key = std::move(key);
    c.what = std::move(what);
    c.allowed = allowed;
    changes_.push_back(std::move(c));
  }

  void compare_trailer() {
    QPDFObjectHandle a = before_.qpdf().getTrailer();
    QPDFObjectHandle b = after_.qpdf().getTrailer();
    auto add_trailer = [this](std::string key, std::string what, bool allowed) {
      RevisionChange c;
      c.object = "trailer";
      c.key = std::move(key);
      c.what = std::move(what);
      c.allowed = allowed;
      changes_.push_back(std::move(c));
    };
    QPDFObjectHandle root_a = a.getKey("/Root");
    QPDFObjectHandle root_b = b.getKey("/Root");
    if (root_a.isIndirect() != root_b.isIndirect() ||
        (root_a.isIndirect() && root_a.getObjGen() != root_b.getObjGen())) {
      add_trailer("/Root",
                  "the document catalog replaced (" + root_a.unparse() + " -> " + root_b.unparse() +
                      "): every page may show something else",
                  false);
    }
    if (a.getKey("/Encrypt").unparse() != b.getKey("/Encrypt").unparse()) {
      add_trailer("/Encrypt", "encryption added or changed", false);
    }
    if (a.getKey("/Info").unparse() != b.getKey("/Info").unparse()) {
      add_trailer("/Info", "the document information dictionary replaced", true);
    }
  }

  void compare_object(QPDFObjGen og, QPDFObjectHandle a, QPDFObjectHandle b) {
    if (b.isNull()) {
      add(og, "", "object deleted (the later revision no longer defines it)", false);
      return;
    }
    if (roles_.dss_parts.count(og)) return add(og, "", "DSS validation data updated", true);
    if (og == roles_.info) return add(og, "", "document information updated", true);
    if (og == roles_.metadata) return add(og, "", "XMP metadata updated", true);
    if (a.isStream() || b.isStream()) {
      const bool content = roles_.shown_on.count(og) > 0;
      add(og, "",
          std::string(content ? "stream redefined (displayed content changed)"
                              : "stream redefined") +
              (a.isStream() && b.isStream() ? "" : " (type changed)"),
          false);
      return;
    }
    if (a.isArray() && b.isArray()) {
      const bool annots = roles_.annots_arrays.count(og) > 0;
      if (annots || og == roles_.fields) {
        std::size_t added = 0;
        const bool grows = only_grows(a, b, &added);
        add(og, "",
            grows
                ? std::to_string(added) + (annots ? " annotation(s) added" : " field(s) added")
                : (annots ? "annotations removed or replaced" : "form fields removed or replaced"),
            grows);
        return;
      }
      add(og, "", "array redefined", false);
      return;
    }
    if (!a.isDictionary() || !b.isDictionary()) {
      add(og, "",
          std::string("object redefined (") + a.getTypeName() + " -> " + b.getTypeName() + ")",
          false);
      return;
    }
    compare_dictionary(og, a, b);
  }

  void compare_dictionary(QPDFObjGen og, QPDFObjectHandle a, QPDFObjectHandle b) {
    std::set<std::string> keys = a.getKeys();
    for (const std::string& k : b.getKeys()) keys.insert(k);
    const bool page = roles_.page_number.count(og) > 0;
    const bool signing_field = roles_.unsigned_signature_parts.count(og) > 0;
    for (const std::string& k : keys) {
      QPDFObjectHandle va = a.getKey(k);
      QPDFObjectHandle vb = b.getKey(k);
      if (va.unparse() == vb.unparse()) continue;
      if (og == roles_.catalog) {
        compare_catalog_key(og, k, va, vb);
      } else if (og == roles_.acroform) {
        compare_acroform_key(og, k, va, vb);
      } else if (page && k == "/Annots") {
        std::size_t added = 0;
        const bool grows = only_grows(va, vb, &added);
        add(og, k,
            grows ? std::to_string(added) + " annotation(s) added"
                  : "annotations removed or replaced",
            grows);
      } else if (signing_field && (k == "/V" || k == "/AP" || k == "/Lock" || k == "/SV" ||
                                   k == "/Kids" || k == "/MK")) {
        add(og, k, "an unsigned signature field signed", true);
      } else {
        const std::string type = has_name(b, "/Type", "/Page") ? "" : type_of(b);
        add(og, k, type + key_meaning(k), false);
      }
    }
  }

  static std::string type_of(QPDFObjectHandle dict) {
    QPDFObjectHandle t = dict.getKey("/Type");
    if (!t.isName()) t = dict.getKey("/Subtype");
    return t.isName() ? t.getName() + " dictionary: " : "";
  }

  void compare_catalog_key(QPDFObjGen og, const std::string& k, QPDFObjectHandle va,
                           QPDFObjectHandle vb) {
    if (k == "/DSS" || k == "/Extensions") {
      add(og, k, k == "/DSS" ? "DSS validation data added" : "extension levels declared", true);
    } else if (k == "/Metadata" && (vb.isNull() || vb.isStream())) {
      add(og, k, "XMP metadata replaced", true);
    } else if (k == "/AcroForm") {
      // The catalog now points at another (or a direct) AcroForm: judge it against the old one.
      QPDFObjectHandle empty = QPDFObjectHandle::newDictionary();
      QPDFObjectHandle fa = va.isDictionary() ? va : empty;
      if (!vb.isDictionary()) {
        add(og, k, "the interactive form (and its fields) removed", false);
        return;
      }
      std::set<std::string> keys = fa.getKeys();
      for (const std::string& key : vb.getKeys()) keys.insert(key);
      bool any = false;
      for (const std::string& key : keys) {
        if (fa.getKey(key).unparse() == vb.getKey(key).unparse()) continue;
        compare_acroform_key(og, k + key, fa.getKey(key), vb.getKey(key));
        any = true;
      }
      if (!any) add(og, k, "the interactive form moved to another object", true);
    } else {
      add(og, k, "catalog: " + key_meaning(k), false);
    }
  }

  // `k` may be prefixed with "/AcroForm" when the AcroForm is judged through the catalog.
  void compare_acroform_key(QPDFObjGen og, const std::string& k, QPDFObjectHandle va,
                            QPDFObjectHandle vb) {
    const std::string key = k.rfind("/AcroForm/", 0) == 0 ? k.substr(9) : k;
    if (key == "/Fields") {
      std::size_t added = 0;
      const bool grows = only_grows(va, vb, &added);
      add(og, k,
          grows ? std::to_string(added) + " field(s) added" : "form fields removed or replaced",
          grows);
    } else if (key == "/SigFlags" || key == "/DR" || key == "/DA") {
      add(og, k, "form defaults updated", true);
    } else if (key == "/NeedAppearances" && va.isNull() && vb.isBool() && !vb.getBoolValue()) {
      add(og, k, "form appearances declared up to date", true);
    } else {
      add(og, k, "interactive form: " + key_meaning(key), false);
    }
  }

  Document& before_;
  Document& after_;
  Roles roles_;
  std::vector<RevisionChange> changes_;
};

}  // namespace

std::string RevisionChange::text() const {
  std::string out;
  if (!pages.empty()) {
    out = pages.size() == 1 ? "page " : "pages ";
    for (std::size_t i = 0; i < pages.size() && i < 8; ++i) {
      out += (i == 0 ? "" : ",") + std::to_string(pages[i]);
    }
    if (pages.size() > 8) out += ",...";
    out += ": ";
  }
  out += object == "trailer" ? "trailer" : "object " + object;
  if (!key.empty()) out += " " + key;
  return out + ": " + what;
}

std::vector<RevisionChange> diff_revisions(Document& before, Document& after) {
  return Differ(before, after).run();
}

}  // namespace gmseal::pdf
