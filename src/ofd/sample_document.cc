#include "ofd/sample_document.h"

#include "ofd/internal/xml.h"
#include "ofd/package_writer.h"
#include "ofd/page_text.h"
#include "util/markup.h"

namespace gmseal::ofd {

Result<Bytes> make_sample_document(const std::vector<std::vector<std::string>>& pages,
                                   Time created) {
  constexpr const char* kHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  constexpr const char* kNs = " xmlns:ofd=\"http://www.ofdspec.org/2016\"";
  const std::string date = format_iso8601(created).substr(0, 10);
  std::vector<FileWrite> files;
  files.push_back(
      FileWrite{"/OFD.xml",
                to_bytes(std::string(kHeader) + "<ofd:OFD" + kNs +
                         " Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>" +
                         "gmseal-sample</ofd:DocID><ofd:CreationDate>" + date +
                         "</ofd:CreationDate><ofd:Creator>gmseal</ofd:Creator></ofd:DocInfo>" +
                         "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")});
  // IDs: font 1, then per page: page ID, layer ID, one per text line.
  long next_id = 2;
  std::string page_list;
  std::vector<FileWrite> page_files;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const long page_id = next_id++;
    page_list += "<ofd:Page ID=\"" + std::to_string(page_id) + "\" BaseLoc=\"Pages/Page_" +
                 std::to_string(i) + "/Content.xml\"/>";
    std::string content = std::string(kHeader) + "<ofd:Page" + kNs +
                          "><ofd:Content><ofd:Layer ID=\"" + std::to_string(next_id++) + "\">";
    double y = 30;
    for (const std::string& line : pages[i]) {
      const std::size_t glyphs = decode_utf8(line).size();
      std::string deltas;
      if (glyphs > 1) deltas = "g " + std::to_string(glyphs - 1) + " 5";
      content += "<ofd:TextObject ID=\"" + std::to_string(next_id++) + "\" Boundary=\"20 " +
                 format_number(y) + " " + format_number(5.0 * static_cast<double>(glyphs) + 1) +
                 " 7\" Font=\"1\" Size=\"5\"><ofd:TextCode X=\"0\" Y=\"5\"" +
                 (deltas.empty() ? std::string() : " DeltaX=\"" + deltas + "\"") + ">" +
                 escape_markup(line) + "</ofd:TextCode></ofd:TextObject>";
      y += 8;
    }
    content += "</ofd:Layer></ofd:Content></ofd:Page>";
    page_files.push_back(
        FileWrite{"/Doc_0/Pages/Page_" + std::to_string(i) + "/Content.xml", to_bytes(content)});
  }
  files.push_back(FileWrite{
      "/Doc_0/Document.xml",
      to_bytes(std::string(kHeader) + "<ofd:Document" + kNs + "><ofd:CommonData><ofd:MaxUnitID>" +
               std::to_string(next_id - 1) +
               "</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>" +
               "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>" +
               "<ofd:Pages>" + page_list + "</ofd:Pages></ofd:Document>")});
  files.push_back(
      FileWrite{"/Doc_0/PublicRes.xml",
                to_bytes(std::string(kHeader) + "<ofd:Res" + kNs +
                         " BaseLoc=\"Res\"><ofd:Fonts><ofd:Font ID=\"1\" FontName=\"SimSun\" " +
                         "FamilyName=\"SimSun\"/></ofd:Fonts></ofd:Res>")});
  for (FileWrite& page : page_files) files.push_back(std::move(page));
  return build_package(files, created);
}

}  // namespace gmseal::ofd
