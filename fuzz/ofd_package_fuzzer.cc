// The OFD package reader, the signing layout and everything the verifier parses from a package
// (document, pages, page text, signature list, Signature.xml, references) must never crash on any
// input, and must stop at the inflation limits.
#include <cstddef>
#include <cstdint>

#include "ofd/add_signature.h"
#include "ofd/document.h"
#include "ofd/package.h"
#include "ofd/page_text.h"
#include "ofd/reference_check.h"
#include "ofd/signature_list.h"
#include "ofd/signature_xml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gmseal::ofd;
  PackageLimits limits;
  limits.max_entry_size = 4u << 20;
  limits.max_total_size = 16u << 20;
  limits.max_entries = 2000;
  auto package = Package::open(gmseal::ByteView(data, size), limits);
  if (!package.ok()) return 0;
  auto document = read_document(*package);
  if (!document.ok()) {
    document = read_ofd_entry(*package);
    if (!document.ok()) return 0;
  }
  for (const Page& page : document->pages) {
    (void)page_box(*package, *document, page);
    (void)read_page_glyphs(*package, page);
  }
  (void)find_keyword(*package, *document, "OFD");
  // The signing layout over whatever the package holds (IDs, OFD.xml edit, list rewrite, writer);
  // the SignedValue.dat stand-in skips the cryptography.
  if (!document->pages.empty() && package->entries().size() < 64) {
    NewSignature spec;
    spec.stamps.push_back(PlacedStamp{0, Box{10, 10, 40, 40}, {}});
    spec.seal_esl = gmseal::Bytes{0x30, 0x00};
    auto signed_package = add_signature(
        *package, spec,
        [](gmseal::ByteView xml, const std::string&) -> gmseal::Result<gmseal::Bytes> {
          return gmseal::Bytes(xml.begin(), xml.begin() + (xml.size() < 16 ? xml.size() : 16));
        });
    if (signed_package.ok() && !Package::open(signed_package->archive, limits).ok())
      __builtin_trap();
  }
  if (document->signatures_path.empty()) return 0;
  auto list_xml = package->read(document->signatures_path);
  if (!list_xml.ok()) return 0;
  auto list = parse_signature_list(*list_xml, document->signatures_path, *package);
  if (!list.ok()) return 0;
  (void)serialize_signature_list(*list);
  for (const SignatureEntry& entry : list->entries) {
    auto xml = package->read(entry.signature_path);
    if (!xml.ok()) continue;
    auto signature = parse_signature_xml(*xml, entry.signature_path);
    if (!signature.ok()) continue;
    (void)serialize_signature_xml(*signature);
    (void)check_references(*package, *signature, {});
  }
  return 0;
}
