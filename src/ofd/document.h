// The document structure gmseal needs from an OFD package (GB/T 33190-2016 §7.4 OFD.xml,
// §7.5 Document.xml, §7.7 pages): the first document's root file, where its signature list
// lives, its pages (ID, content file, PhysicalBox in mm).
//
//   <OFD><DocBody><DocInfo/><DocRoot>Doc_0/Document.xml</DocRoot><Versions/>?
//        <Signatures>/Doc_0/Signs/Signatures.xml</Signatures>?</DocBody>...</OFD>
//   <Document><CommonData><PageArea><PhysicalBox>0 0 210 297</PhysicalBox></PageArea>...
//             </CommonData><Pages><Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>...</Pages>
//
// Only the first DocBody is read (multi-document packages are rare and unsigned in practice).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ofd/package.h"
#include "util/error.h"

namespace gmseal::ofd {

// A rectangle "x y w h" in millimetres (ST_Box).
struct Box {
  double x = 0;
  double y = 0;
  double w = 0;
  double h = 0;
};
// Errors: ofd.xml.bad_box.
Result<Box> parse_box(std::string_view text);
// "x y w h" with at most 3 decimals, no trailing zeros ("100 200.5 40 40").
std::string format_box(const Box& box);
std::string format_number(double value);

struct Page {
  std::size_t index = 0;     // 0-based position in <Pages>
  std::string id;            // Page@ID, what StampAnnot@PageRef names
  std::string content_path;  // canonical path of the page's Content.xml
};

struct DocumentInfo {
  std::string doc_root;         // canonical path of Document.xml
  std::string signatures_loc;   // DocBody/Signatures as written; empty when unsigned
  std::string signatures_path;  // canonical; empty when unsigned
  Box default_page_box;         // CommonData/PageArea/PhysicalBox (A4 when absent)
  std::vector<Page> pages;
};

// Reads OFD.xml and the document root. Errors: ofd.document.* (no DocBody/DocRoot, a location
// that points back at OFD.xml or at the document root: ofd.document.cyclic_path), ofd.xml.*,
// ofd.package.missing_file.
Result<DocumentInfo> read_document(const Package& package);

// Reads only OFD.xml: the document root and signature list locations (cheap; the verifier uses
// it so that a damaged Document.xml does not hide the signatures).
Result<DocumentInfo> read_ofd_entry(const Package& package);

// The page's own Area/PhysicalBox when its content file has one, else the document default.
Box page_box(const Package& package, const DocumentInfo& document, const Page& page);

// The page whose ID is `page_ref`, or null.
const Page* find_page(const DocumentInfo& document, std::string_view page_ref);

}  // namespace gmseal::ofd
