#include "ofd/internal/page_templates.h"

#include "ofd/internal/xml.h"
#include "ofd/path.h"

namespace gmseal::ofd::internal {

std::vector<PageTemplate> page_templates(const pugi::xml_node& document_root,
                                         std::string_view doc_root_path,
                                         const pugi::xml_node& page_root) {
  std::vector<PageTemplate> out;
  const pugi::xml_node common = child(document_root, "CommonData");
  const std::string base = parent_dir(doc_root_path);
  for (const pugi::xml_node& use : children(page_root, "Template")) {
    const std::string id = trim(use.attribute("TemplateID").value());
    for (const pugi::xml_node& declared : children(common, "TemplatePage")) {
      if (trim(declared.attribute("ID").value()) != id) continue;
      auto path = resolve_loc(trim(declared.attribute("BaseLoc").value()), base);
      if (!path.ok()) break;
      std::string zorder = use.attribute("ZOrder").value();
      if (zorder.empty()) zorder = declared.attribute("ZOrder").value();
      out.push_back(PageTemplate{id, *path, trim(zorder) == "Foreground"});
      break;
    }
  }
  return out;
}

}  // namespace gmseal::ofd::internal
