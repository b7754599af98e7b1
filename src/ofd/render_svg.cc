#include "ofd/render_svg.h"

#include <sstream>

#include "ofd/internal/page_templates.h"
#include "ofd/internal/svg_content.h"
#include "ofd/internal/svg_resources.h"
#include "ofd/internal/xml.h"
#include "ofd/path.h"
#include "ofd/signature_list.h"
#include "ofd/signature_xml.h"
#include "ses/signature.h"
#include "util/bytes.h"
#include "util/markup.h"
#include "util/media_type.h"

namespace gmseal::ofd {

namespace {

std::string seal_picture_uri(ByteView data);

void draw_stamps(const Package& package, const DocumentInfo& document, const Page& page,
                 std::ostringstream& svg) {
  if (document.signatures_path.empty()) return;
  auto list_xml = package.read(document.signatures_path);
  if (!list_xml.ok()) return;
  auto list = parse_signature_list(*list_xml, document.signatures_path, package);
  if (!list.ok()) return;
  int clip_count = 0;  // clipPath ids, unique within the page's SVG
  for (const SignatureEntry& entry : list->entries) {
    auto bytes = package.read(entry.signature_path);
    if (!bytes.ok()) continue;
    auto xml = parse_signature_xml(*bytes, entry.signature_path);
    if (!xml.ok()) continue;
    std::string picture;
    if (auto value_path = resolve_in_package(package, xml->signed_value_loc,
                                             parent_dir(entry.signature_path), "/");
        value_path.ok()) {
      if (auto value = package.read(*value_path); value.ok()) {
        if (auto signature = ses::Signature::parse(*value); signature.ok())
          picture = seal_picture_uri(signature->seal().info().picture.data);
      }
    }
    for (const StampAnnot& stamp : xml->stamp_annots) {
      if (stamp.page_ref != page.id) continue;
      const Box& b = stamp.boundary;
      // A riding seal's Boundary holds the whole seal, mostly off this page; its Clip (relative
      // to the Boundary) is the slice this page shows.
      const Box shown =
          stamp.clip ? Box{b.x + stamp.clip->x, b.y + stamp.clip->y, stamp.clip->w, stamp.clip->h}
                     : b;
      const std::string id = escape_markup(entry.id);
      if (!picture.empty()) {
        std::string clip_ref;
        if (stamp.clip) {
          const std::string clip_id = "stamp-clip-" + std::to_string(++clip_count);
          svg << "<clipPath id=\"" << clip_id << "\"><rect x=\"" << format_number(shown.x)
              << "\" y=\"" << format_number(shown.y) << "\" width=\"" << format_number(shown.w)
              << "\" height=\"" << format_number(shown.h) << "\"/></clipPath>\n";
          clip_ref = " clip-path=\"url(#" + clip_id + ")\"";
        }
        svg << "<image class=\"stamp\" x=\"" << format_number(b.x) << "\" y=\""
            << format_number(b.y) << "\" width=\"" << format_number(b.w) << "\" height=\""
            << format_number(b.h) << "\" preserveAspectRatio=\"none\"" << clip_ref << " href=\""
            << picture << "\"/>\n";
      }
      svg << "<rect class=\"stamp-box\" data-signature=\"" << id << "\" x=\""
          << format_number(shown.x) << "\" y=\"" << format_number(shown.y) << "\" width=\""
          << format_number(shown.w) << "\" height=\"" << format_number(shown.h)
          << "\" fill=\"none\" stroke=\"#c8102e\" stroke-width=\"0.3\" "
             "stroke-dasharray=\"1 0.6\"/>\n";
    }
  }
}

// A content file's objects with the document's resources and the file's own PageRes.
void draw_content_file(const Package& package, const pugi::xml_node& root, const std::string& path,
                       const internal::Resources& doc_res, internal::SvgIds& ids,
                       std::ostringstream& svg) {
  internal::Resources res = doc_res;
  internal::read_resource_list(package, root, parent_dir(path), "PageRes", res);
  internal::draw_content(package, root, res, ids, svg);
}

// The templates on one side of the page content, each in a group that says which one and on
// which side. An unreadable template file is left out: the page's own content is still worth
// showing.
void draw_templates(const Package& package, const std::vector<internal::PageTemplate>& templates,
                    bool foreground, const internal::Resources& doc_res, internal::SvgIds& ids,
                    std::ostringstream& svg) {
  for (const internal::PageTemplate& t : templates) {
    if (t.foreground != foreground) continue;
    auto bytes = package.read(t.content_path);
    if (!bytes.ok()) continue;
    pugi::xml_document xml;
    if (!internal::parse_xml(*bytes, xml, t.content_path).ok()) continue;
    svg << "<g class=\"template\" data-template=\"" << escape_markup(t.id) << "\" data-zorder=\""
        << (foreground ? "Foreground" : "Background") << "\">\n";
    draw_content_file(package, xml.document_element(), t.content_path, doc_res, ids, svg);
    svg << "</g>\n";
  }
}

// A page as a page preview, or as a seal's picture: then without the white sheet (the document
// under the seal shows through) and without stamps of its own (no seal within a seal).
enum class Mode { kPage, kSealPicture };

Result<std::string> render_page(const Package& package, const DocumentInfo& document,
                                std::size_t page_index, Mode mode) {
  if (page_index >= document.pages.size()) {
    return make_error("ofd.render.no_page",
                      "page " + std::to_string(page_index + 1) +
                          " does not exist (the document has " +
                          std::to_string(document.pages.size()) + ")",
                      "page");
  }
  const Page& page = document.pages[page_index];
  // The document's resources and templates: a page without them is still drawn.
  internal::Resources doc_res;
  pugi::xml_document doc_xml;
  if (auto doc_bytes = package.read(document.doc_root); doc_bytes.ok()) {
    if (internal::parse_xml(*doc_bytes, doc_xml, document.doc_root).ok()) {
      const pugi::xml_node common = internal::child(doc_xml.document_element(), "CommonData");
      const std::string base = parent_dir(document.doc_root);
      internal::read_resource_list(package, common, base, "PublicRes", doc_res);
      internal::read_resource_list(package, common, base, "DocumentRes", doc_res);
    }
  }
  GMSEAL_ASSIGN_OR_RETURN(const ByteView content, package.read(page.content_path));
  pugi::xml_document xml;
  GMSEAL_RETURN_IF_ERROR(internal::parse_xml(content, xml, page.content_path));
  const Box box = page_box(package, document, page);

  std::ostringstream svg;
  internal::SvgIds ids;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << format_number(box.w)
      << "mm\" height=\"" << format_number(box.h) << "mm\" viewBox=\"" << format_box(box)
      << "\" data-page=\"" << page_index + 1 << "\">\n";
  if (mode == Mode::kPage) {
    svg << "<rect x=\"" << format_number(box.x) << "\" y=\"" << format_number(box.y)
        << "\" width=\"" << format_number(box.w) << "\" height=\"" << format_number(box.h)
        << "\" fill=\"#fff\"/>\n";
  }
  const std::vector<internal::PageTemplate> templates = internal::page_templates(
      doc_xml.document_element(), document.doc_root, xml.document_element());
  draw_templates(package, templates, /*foreground=*/false, doc_res, ids, svg);
  svg << "<g class=\"page-content\">\n";
  draw_content_file(package, xml.document_element(), page.content_path, doc_res, ids, svg);
  svg << "</g>\n";
  draw_templates(package, templates, /*foreground=*/true, doc_res, ids, svg);
  if (mode == Mode::kPage) draw_stamps(package, document, page, svg);
  svg << "</svg>\n";
  return svg.str();
}

// A seal picture as a data: URI: a raster image as it is; an OFD picture (GB/T 38540 picture
// type "ofd": the tax seals of gomain-bw-invoice.ofd and kinggrid-gomain-chongqing.ofd are
// vector OFD documents) as the SVG of its first page. Empty when neither reads.
std::string seal_picture_uri(ByteView data) {
  if (std::string uri = image_data_uri(data); !uri.empty()) return uri;
  auto package = Package::open(data);
  if (!package.ok()) return "";
  auto document = read_document(*package);
  if (!document.ok() || document->pages.empty()) return "";
  auto svg = render_page(*package, *document, 0, Mode::kSealPicture);
  if (!svg.ok()) return "";
  return "data:image/svg+xml;base64," + base64_encode(to_bytes(*svg));
}

}  // namespace

Result<std::string> render_page_svg(const Package& package, const DocumentInfo& document,
                                    std::size_t page_index) {
  return render_page(package, document, page_index, Mode::kPage);
}

}  // namespace gmseal::ofd
