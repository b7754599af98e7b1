// Internal to src/ofd: the template pages a page is drawn with (GB/T 33190-2016 §7.5
// CommonData/TemplatePage, §7.7 Page/Template).
//
//   Document.xml: <CommonData><TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"
//                               ZOrder="Background"/>?...</CommonData>
//   page:         <Page><Template TemplateID="2" ZOrder="Background"/>*<Content>...</Page>
//
// A template's content file is laid out like a page's. Real e-invoices (gomain, KingGrid) keep
// their whole frame, title and labels in a template and only the filled-in values on the page.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace gmseal::ofd::internal {

struct PageTemplate {
  std::string id;            // TemplatePage@ID
  std::string content_path;  // canonical path of the template's content file
  bool foreground = false;   // drawn over the page content (ZOrder="Foreground")
};

// The templates `page_root` (the root element of a page's content file) names, in the order it
// names them. ZOrder comes from the page's Template element, else from the TemplatePage, else
// Background (the standard's default). `document_root` is the root element of Document.xml,
// whose canonical path is `doc_root_path` (TemplatePage@BaseLoc is relative to its folder).
// Template IDs the document does not declare and locations that do not resolve are skipped.
std::vector<PageTemplate> page_templates(const pugi::xml_node& document_root,
                                         std::string_view doc_root_path,
                                         const pugi::xml_node& page_root);

}  // namespace gmseal::ofd::internal
