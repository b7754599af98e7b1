#include "ofd/stamp_placement.h"

#include "ofd/page_text.h"

namespace gmseal::ofd {

Result<std::vector<PlacedStamp>> place_at(const DocumentInfo& document, std::size_t page_number,
                                          double x, double y, SealSize size) {
  if (page_number == 0 || page_number > document.pages.size()) {
    return make_error("ofd.place.bad_page",
                      "page " + std::to_string(page_number) + " does not exist; the document has " +
                          std::to_string(document.pages.size()) + " page(s)",
                      "page");
  }
  return std::vector<PlacedStamp>{PlacedStamp{
      page_number - 1, Box{x - size.width / 2, y - size.height / 2, size.width, size.height}, {}}};
}

Result<std::vector<PlacedStamp>> place_at_keyword(const Package& package,
                                                  const DocumentInfo& document,
                                                  const std::string& keyword,
                                                  std::size_t occurrence, SealSize size) {
  GMSEAL_ASSIGN_OR_RETURN(const std::vector<KeywordMatch> matches,
                          find_keyword(package, document, keyword));
  if (matches.empty()) {
    return make_error("ofd.place.keyword_not_found",
                      "the keyword '" + keyword + "' does not occur in the page text", "keyword");
  }
  if (occurrence > matches.size()) {
    return make_error("ofd.place.bad_occurrence",
                      "the keyword '" + keyword + "' occurs " + std::to_string(matches.size()) +
                          " time(s); occurrence " + std::to_string(occurrence) + " was asked for",
                      "occurrence");
  }
  std::vector<PlacedStamp> out;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    if (occurrence != 0 && i + 1 != occurrence) continue;
    const Box& box = matches[i].box;
    const double cx = box.x + box.w / 2;
    const double cy = box.y + box.h / 2;
    out.push_back(
        PlacedStamp{matches[i].page_index,
                    Box{cx - size.width / 2, cy - size.height / 2, size.width, size.height},
                    {}});
  }
  return out;
}

Result<std::vector<PlacedStamp>> place_riding(const Package& package, const DocumentInfo& document,
                                              RidingSide side, std::optional<double> y,
                                              SealSize size) {
  if (document.pages.empty()) {
    return make_error("ofd.place.no_pages", "the document has no pages to seal across");
  }
  const double n = static_cast<double>(document.pages.size());
  const double strip = size.width / n;
  std::vector<PlacedStamp> out;
  for (const Page& page : document.pages) {
    const Box media = page_box(package, document, page);
    const double i = static_cast<double>(page.index);
    const double centre_y = y ? *y : media.y + media.h / 2;
    // Strip i of the seal (clip x = i*strip) lands flush with the chosen page edge.
    const double left =
        side == RidingSide::kRight ? media.x + media.w - (i + 1) * strip : media.x - i * strip;
    out.push_back(PlacedStamp{page.index,
                              Box{left, centre_y - size.height / 2, size.width, size.height},
                              Box{i * strip, 0, strip, size.height}});
  }
  return out;
}

}  // namespace gmseal::ofd
