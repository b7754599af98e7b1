// A small, valid, unsigned OFD document made from lines of text: for demos, tests and
// benchmarks that need documents of a chosen size without shipping files.
//
// Layout (GB/T 33190-2016 §7): OFD.xml -> Doc_0/Document.xml (A4 pages, one font in
// PublicRes.xml) -> Doc_0/Pages/Page_i/Content.xml, one TextObject per line, 5 mm font, each
// glyph advancing 5 mm (so keyword positions are predictable).
#pragma once

#include <string>
#include <vector>

#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::ofd {

// `pages[i]` holds the text lines of page i (UTF-8). Errors: ofd.package.write_failed.
Result<Bytes> make_sample_document(const std::vector<std::vector<std::string>>& pages,
                                   Time created);

}  // namespace gmseal::ofd
