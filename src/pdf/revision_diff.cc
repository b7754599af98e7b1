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

// Every item of `before` is still in `after` (reordering is not a removal); `added` gets the
// new items.
bool only_grows(QPDFObjectHandle before, QPDFObjectHandle after,
                std::vector<QPDFObjectHandle>* added) {
  added->clear();
  if (!before.isNull() && !before.isArray()) return false;
  if (!after.isNull() && !after.isArray()) return false;
  const std::vector<std::string> a = items_of(before);
  std::multiset<std::string> old_items(a.begin(), a.end());
  if (after.isArray()) {
    for (QPDFObjectHandle item : after.getArrayAsVector()) {
      auto it = old_items.find(item.unparse());
      if (it == old_items.end()) {
        added->push_back(item);
      } else {
        old_items.erase(it);
      }
    }
  }
  return old_items.empty();
}

// "2 annotation(s) added (17 0 /Stamp, 18 0 /Widget)".
std::string annotations_added(std::vector<QPDFObjectHandle> items) {
  std::string list;
  for (std::size_t i = 0; i < items.size() && i < 4; ++i) {
    QPDFObjectHandle item = items[i];
    QPDFObjectHandle subtype =
        item.isDictionary() ? item.getKey("/Subtype") : QPDFObjectHandle::newNull();
    list += (i == 0 ? "" : ", ") +
            (item.isIndirect() ? og_text(item.getObjGen()) : std::string("direct")) +
            (subtype.isName() ? " " + subtype.getName() : std::string());
  }
  if (items.size() > 4) list += ", ...";
  return std::to_string(items.size()) + " annotation(s) added" +
         (items.empty() ? std::string() : " (" + list + ")");
}

// What each object of the earlier revision is for.
struct Roles {
  QPDFObjGen catalog, acroform, fields, info, metadata;
  std::map<QPDFObjGen, int> page_number;            // page dictionaries
  std::map<QPDFObjGen, std::vector<int>> shown_on;  // what a page's display reaches
  std::set<QPDFObjGen> annots_arrays;               // indirect /Annots arrays
  // /FT /Sig fields without /V and their widgets, each with its field.
  std::map<QPDFObjGen, QPDFObjGen> unsigned_signature_parts;
  std::set<QPDFObjGen> signature_values;  // signed fields' /V dictionaries
  // Everything the catalog reaches except through /DSS and /Metadata: the pages, the form, the
  // optional content... An object here is judged as what it is, whatever role it also plays.
  std::set<QPDFObjGen> document_parts;
  std::set<QPDFObjGen> dss_parts;           // what only the DSS reaches
  std::set<QPDFObjGen> ocproperties_parts;  // /OCProperties and what it reaches
};

// Calls `visit` for every indirect object reachable from `start` (references to undefined objects
// included) without passing through /Parent or /P (back-links to the page tree and to a widget's
// page), into another page or into an object of `skip`.
void reach(QPDFObjectHandle start, const std::function<void(QPDFObjGen)>& visit,
           const std::set<QPDFObjGen>& skip = {}) {
  std::set<QPDFObjGen> seen;
  std::function<void(QPDFObjectHandle, int)> walk = [&](QPDFObjectHandle o, int depth) {
    if (depth > 64) return;
    if (o.isIndirect()) {
      if (skip.count(o.getObjGen()) || !seen.insert(o.getObjGen()).second) return;
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

// Every indirect object reachable from `start` by any key (references to undefined objects
// included), and `start` when it is indirect. Iterative, and the depth counts only direct
// nesting, so a long chain of objects (outline items linked by /Next) is followed to its end.
std::set<QPDFObjGen> closure(QPDFObjectHandle start) {
  std::set<QPDFObjGen> seen;
  std::vector<std::pair<QPDFObjectHandle, int>> todo = {{start, 0}};
  while (!todo.empty()) {
    auto [o, depth] = todo.back();
    todo.pop_back();
    if (o.isIndirect()) {
      if (!seen.insert(o.getObjGen()).second) continue;
      depth = 0;
    }
    if (depth > 64) continue;
    if (o.isStream()) {
      todo.emplace_back(o.getDict(), depth + 1);
    } else if (o.isDictionary()) {
      for (const auto& [key, value] : o.getDictAsMap()) todo.emplace_back(value, depth + 1);
    } else if (o.isArray()) {
      for (QPDFObjectHandle item : o.getArrayAsVector()) todo.emplace_back(item, depth + 1);
    }
  }
  return seen;
}

void mark_signature_fields(QPDFObjectHandle field, bool inherited_sig, Roles& roles,
                           std::set<QPDFObjGen>& seen, int depth) {
  if (depth > 32 || !field.isDictionary()) return;
  if (field.isIndirect() && !seen.insert(field.getObjGen()).second) return;
  QPDFObjectHandle ft = field.getKey("/FT");
  const bool is_sig = ft.isName() ? ft.getName() == "/Sig" : inherited_sig;
  QPDFObjectHandle kids = field.getKey("/Kids");
  QPDFObjectHandle value = field.getKey("/V");
  if (is_sig && value.isDictionary() && value.isIndirect()) {
    roles.signature_values.insert(value.getObjGen());
  }
  if (is_sig && value.isNull() && field.isIndirect()) {
    const QPDFObjGen og = field.getObjGen();
    roles.unsigned_signature_parts.emplace(og, og);
    if (kids.isArray()) {
      for (QPDFObjectHandle kid : kids.getArrayAsVector()) {
        if (kid.isIndirect() && kid.getKey("/T").isNull()) {
          roles.unsigned_signature_parts.emplace(kid.getObjGen(), og);  // a widget
        }
      }
    }
  }
  if (kids.isArray()) {
    for (QPDFObjectHandle kid : kids.getArrayAsVector()) {
      mark_signature_fields(kid, is_sig, roles, seen, depth + 1);
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
        mark_signature_fields(f, false, r, seen, 0);
      }
    }
  }
  if (root.getKey("/Metadata").isIndirect()) r.metadata = root.getKey("/Metadata").getObjGen();
  QPDFObjectHandle info = doc.qpdf().getTrailer().getKey("/Info");
  if (info.isIndirect()) r.info = info.getObjGen();
  // The roles that may change (DSS, Info, Metadata) hold only what nothing else reaches: a
  // document prepared with /DSS << /Certs [<page 1's content stream>] >> must not make that
  // stream's redefinition "validation data".
  QPDFObjectHandle document = root.shallowCopy();
  document.removeKey("/DSS");
  document.removeKey("/Metadata");
  r.document_parts = closure(document);
  r.document_parts.insert(r.catalog);
  QPDFObjectHandle dss = root.getKey("/DSS");
  if (dss.isIndirect()) r.dss_parts.insert(dss.getObjGen());
  reach(dss, [&r](QPDFObjGen og) { r.dss_parts.insert(og); });
  for (const QPDFObjGen& og : r.document_parts) r.dss_parts.erase(og);
  QPDFObjectHandle oc = root.getKey("/OCProperties");
  if (oc.isIndirect()) r.ocproperties_parts.insert(oc.getObjGen());
  reach(oc, [&r](QPDFObjGen og) { r.ocproperties_parts.insert(og); });
  int number = 0;
  for (QPDFObjectHandle page : doc.pages()) {
    ++number;
    r.page_number.emplace(page.getObjGen(), number);
    if (page.getKey("/Annots").isIndirect()) {
      r.annots_arrays.insert(page.getKey("/Annots").getObjGen());
    }
    // A signature dictionary (a signature widget's /V) is not drawn.
    reach(
        page,
        [&r, number](QPDFObjGen og) {
          std::vector<int>& pages = r.shown_on[og];
          if (pages.empty() || pages.back() != number) pages.push_back(number);
        },
        r.signature_values);
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

// Default visibility of each optional content group of `ocproperties` (ISO 32000-1, 8.11.4.3:
// /BaseState, default ON, then the /ON and /OFF arrays of the default configuration /D).
std::map<QPDFObjGen, bool> layer_visibility(QPDFObjectHandle ocproperties) {
  std::map<QPDFObjGen, bool> shown;
  if (!ocproperties.isDictionary()) return shown;
  QPDFObjectHandle d = ocproperties.getKey("/D");
  const bool base = !has_name(d, "/BaseState", "/OFF");
  QPDFObjectHandle groups = ocproperties.getKey("/OCGs");
  if (groups.isArray()) {
    for (QPDFObjectHandle g : groups.getArrayAsVector()) {
      if (g.isIndirect()) shown[g.getObjGen()] = base;
    }
  }
  if (!d.isDictionary()) return shown;
  for (const char* key : {"/ON", "/OFF"}) {
    QPDFObjectHandle list = d.getKey(key);
    if (!list.isArray()) continue;
    for (QPDFObjectHandle g : list.getArrayAsVector()) {
      if (g.isIndirect()) shown[g.getObjGen()] = std::string(key) == "/ON";
    }
  }
  return shown;
}

class Differ {
 public:
  Differ(Document& before, Document& after, const std::set<QPDFObjGen>& new_signatures)
      : before_(before), after_(after), new_signatures_(new_signatures) {}

  std::vector<RevisionChange> run() {
    roles_ = roles_of(before_);
    compare_trailer();
    const XRef old_xref = before_.qpdf().getXRefTable();
    const XRef new_xref = after_.qpdf().getXRefTable();
    std::set<QPDFObjGen> objects;
    for (const auto& [og, entry] : old_xref) {
      if (entry.getType() == 1 || entry.getType() == 2) objects.insert(og);
    }
    // What a signed object means is the closure of what it references, resolved in the signed
    // revision; a reference to an object that revision does not define (a free entry, a number
    // beyond /Size) is null there. A later revision that defines such an object changes what
    // the objects referencing it mean, though none of them changed: it is compared as well.
    for (const QPDFObjGen& og : closure(before_.qpdf().getTrailer())) {
      if (objects.count(og) == 0 && before_.qpdf().getObject(og).isNull()) {
        objects.insert(og);
        undefined_.insert(og);
      }
    }
    for (const QPDFObjGen& og : objects) {
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
  RevisionChange& add(QPDFObjGen og, std::string key, std::string what, bool allowed) {
    RevisionChange c;
    c.object = og_text(og);
    if (auto it = roles_.page_number.find(og); it != roles_.page_number.end()) {
      c.pages = {it->second};
    } else if (auto s = roles_.shown_on.find(og); s != roles_.shown_on.end()) {
      c.pages = s->second;
    }
    if (roles_.ocproperties_parts.count(og) || (og == roles_.catalog && key == "/OCProperties")) {
      c.pages = layer_pages();
    }
    c.key = std::move(key);
    c.what = std::move(what);
    c.allowed = allowed;
    changes_.push_back(std::move(c));
    return changes_.back();
  }

  // A page's annotations grew (allowed) or lost some (disallowed).
  void annotations_changed(QPDFObjGen og, const std::string& key, QPDFObjectHandle a,
                           QPDFObjectHandle b) {
    std::vector<QPDFObjectHandle> added;
    if (only_grows(a, b, &added)) {
      add(og, key, annotations_added(added), true).adds_annotations = !added.empty();
    } else {
      add(og, key, "annotations removed or replaced", false);
    }
  }

  // The layers (optional content groups) whose default visibility differs between the
  // revisions, and in words, e.g. "layer 31 0 now shown".
  std::map<QPDFObjGen, bool> changed_layers() {
    const auto a = layer_visibility(before_.qpdf().getRoot().getKey("/OCProperties"));
    const auto b = layer_visibility(after_.qpdf().getRoot().getKey("/OCProperties"));
    std::map<QPDFObjGen, bool> changed;
    for (const auto& [og, shown] : b) {
      auto it = a.find(og);
      if (it == a.end() || it->second != shown) changed[og] = shown;
    }
    for (const auto& [og, shown] : a) {
      if (b.count(og) == 0) changed[og] = false;  // no longer a layer: its content is drawn
    }
    return changed;
  }

  // The pages that draw a layer whose visibility changed; when none did but optional content
  // changed otherwise (usage, intents, other configurations), the pages that draw any layer.
  std::vector<int> layer_pages() {
    std::map<QPDFObjGen, bool> layers = changed_layers();
    if (layers.empty()) {
      for (const auto& [og, shown] :
           layer_visibility(before_.qpdf().getRoot().getKey("/OCProperties"))) {
        layers[og] = shown;
      }
    }
    std::set<int> pages;
    for (const auto& [og, shown] : layers) {
      if (auto s = roles_.shown_on.find(og); s != roles_.shown_on.end()) {
        pages.insert(s->second.begin(), s->second.end());
      }
    }
    return {pages.begin(), pages.end()};
  }

  std::string layer_change_text() {
    std::string shown, hidden;
    for (const auto& [og, on] : changed_layers()) {
      std::string& list = on ? shown : hidden;
      list += (list.empty() ? "" : ", ") + og_text(og);
    }
    std::string text = "optional content (layer visibility) changed";
    if (!shown.empty()) text += ": layer(s) " + shown + " now shown";
    if (!hidden.empty())
      text += (shown.empty() ? ": " : "; ") + ("layer(s) " + hidden + " now hidden");
    return text;
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
    // The roles that may change, only for what nothing displayed reaches and only as the kind
    // of object the role holds: DSS certificates, CRLs and OCSP responses are streams in arrays
    // of a dictionary, the information dictionary a dictionary, XMP metadata a stream.
    const bool exclusive = roles_.document_parts.count(og) == 0;
    const bool same_kind =
        a.isNull() || (a.isStream() == b.isStream() && a.isDictionary() == b.isDictionary() &&
                       a.isArray() == b.isArray());
    if (exclusive && same_kind && roles_.dss_parts.count(og) &&
        (b.isStream() || b.isDictionary() || b.isArray())) {
      add(og, "", "DSS validation data updated", true);
      return;
    }
    if (exclusive && og == roles_.info && b.isDictionary() && !b.isStream() &&
        (a.isNull() || (a.isDictionary() && !a.isStream()))) {
      add(og, "", "document information updated", true);
      return;
    }
    if (exclusive && og == roles_.metadata && b.isStream() && (a.isNull() || a.isStream())) {
      add(og, "", "XMP metadata updated", true);
      return;
    }
    if (undefined_.count(og)) {
      add(og, "",
          std::string("undefined when signed (references to it read as null), now defined as ") +
              (b.isStream() ? "a stream" : b.getTypeName()) +
              ": what references it shows something else",
          false);
      return;
    }
    if (roles_.ocproperties_parts.count(og) && !a.isDictionary()) {
      add(og, "", layer_change_text(), false);
      return;
    }
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
      if (roles_.annots_arrays.count(og) > 0) {
        annotations_changed(og, "", a, b);
        return;
      }
      if (og == roles_.fields) {
        std::vector<QPDFObjectHandle> added;
        const bool grows = only_grows(a, b, &added);
        add(og, "",
            grows ? std::to_string(added.size()) + " field(s) added"
                  : "form fields removed or replaced",
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
    const auto signing_field = roles_.unsigned_signature_parts.find(og);
    const bool signature = roles_.signature_values.count(og) > 0;
    const bool layers = roles_.ocproperties_parts.count(og) > 0;
    for (const std::string& k : keys) {
      QPDFObjectHandle va = a.getKey(k);
      QPDFObjectHandle vb = b.getKey(k);
      if (va.unparse() == vb.unparse()) continue;
      if (og == roles_.catalog) {
        compare_catalog_key(og, k, va, vb);
      } else if (og == roles_.acroform) {
        compare_acroform_key(og, k, va, vb);
      } else if (page && k == "/Annots") {
        annotations_changed(og, k, va, vb);
      } else if (signing_field != roles_.unsigned_signature_parts.end() &&
                 (k == "/V" || k == "/AP" || k == "/Lock" || k == "/SV" || k == "/Kids" ||
                  k == "/MK")) {
        // Filling a prepared signature field is allowed only together with the signature that
        // covers it: without one, a new /AP is just a new picture over the signed page.
        if (signed_here(signing_field->second)) {
          add(og, k, "an unsigned signature field signed by this revision's signature", true);
        } else {
          add(og, k,
              "an unsigned signature field changed with no signature covering this revision: " +
                  key_meaning(k),
              false);
        }
      } else if (signature) {
        add(og, k, "signature dictionary: " + signature_key_meaning(k), false);
      } else if (layers) {
        add(og, k, layer_change_text(), false);
      } else {
        const std::string type = has_name(b, "/Type", "/Page") ? "" : type_of(b);
        add(og, k, type + key_meaning(k), false);
      }
    }
  }

  // The signature field `field` has, in the later revision, a /V that is one of the signatures
  // this revision adds with a /ByteRange covering it.
  bool signed_here(QPDFObjGen field) {
    QPDFObjectHandle v = after_.qpdf().getObject(field).getKey("/V");
    return v.isIndirect() && new_signatures_.count(v.getObjGen()) > 0;
  }

  static std::string signature_key_meaning(const std::string& key) {
    if (key == "/Contents") return "the signature value (/Contents) changed";
    if (key == "/ByteRange") return "the signed byte range changed";
    return "changed";
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
    } else if (k == "/OCProperties") {
      add(og, k, "catalog: " + layer_change_text(), false);
    } else {
      add(og, k, "catalog: " + key_meaning(k), false);
    }
  }

  // `k` may be prefixed with "/AcroForm" when the AcroForm is judged through the catalog.
  void compare_acroform_key(QPDFObjGen og, const std::string& k, QPDFObjectHandle va,
                            QPDFObjectHandle vb) {
    const std::string key = k.rfind("/AcroForm/", 0) == 0 ? k.substr(9) : k;
    if (key == "/Fields") {
      std::vector<QPDFObjectHandle> added;
      const bool grows = only_grows(va, vb, &added);
      add(og, k,
          grows ? std::to_string(added.size()) + " field(s) added"
                : "form fields removed or replaced",
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
  const std::set<QPDFObjGen>& new_signatures_;
  Roles roles_;
  std::set<QPDFObjGen> undefined_;  // referenced in the signed revision, not defined there
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

std::vector<RevisionChange> diff_revisions(Document& before, Document& after,
                                           const std::set<QPDFObjGen>& new_signatures) {
  return Differ(before, after, new_signatures).run();
}

}  // namespace gmseal::pdf
