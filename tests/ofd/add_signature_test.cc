// Packaging of new signatures: which files change, what is referenced, how signatures stack.
// SignedValue.dat is a stand-in here (the SM3 of Signature.xml); the SES and CMS contents are
// tested with the verifier.
#include "ofd/add_signature.h"

#include <gtest/gtest.h>
#include <zip.h>

#include "crypto/sm3.h"
#include "ofd/document.h"
#include "ofd/reference_check.h"
#include "ofd/sample_document.h"
#include "ofd/signature_list.h"
#include "ofd/signature_xml.h"
#include "ofd_test_util.h"

namespace gmseal::ofd {
namespace {

Result<Bytes> stand_in_value(ByteView xml, const std::string&) {
  const crypto::Sm3Digest digest = crypto::sm3(xml);
  return Bytes(digest.begin(), digest.end());
}

Package sample() {
  auto zip = make_sample_document({{"Hello OFD", "甲方"}, {"page two"}}, from_unix(1700000000));
  EXPECT_TRUE(zip.ok());
  auto package = Package::open(*zip);
  EXPECT_TRUE(package.ok());
  return std::move(package).value();
}

NewSignature seal_on_page_one() {
  NewSignature spec;
  spec.signing_time = from_unix(1710000000);
  spec.stamps.push_back(PlacedStamp{0, Box{80, 100, 40, 40}, {}});
  spec.seal_esl = to_bytes("stand-in seal");
  return spec;
}

// Raw (compressed) bytes, method and CRC of each entry, straight from the archive.
std::map<std::string, std::tuple<Bytes, int, std::uint32_t>> raw_entries(ByteView archive) {
  std::map<std::string, std::tuple<Bytes, int, std::uint32_t>> out;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(archive.data(), archive.size(), 0, &error);
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  EXPECT_NE(zip, nullptr);
  for (zip_int64_t i = 0; i < zip_get_num_entries(zip, 0); ++i) {
    zip_stat_t stat;
    zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &stat);
    zip_file_t* file = zip_fopen_index(zip, static_cast<zip_uint64_t>(i), ZIP_FL_COMPRESSED);
    Bytes raw(stat.comp_size);
    EXPECT_EQ(zip_fread(file, raw.data(), raw.size()), static_cast<zip_int64_t>(raw.size()));
    zip_fclose(file);
    out[stat.name] = {raw, stat.comp_method, stat.crc};
  }
  zip_discard(zip);
  zip_error_fini(&error);
  return out;
}

TEST(OfdAddSignature, FirstSignatureAddsItsFilesAndEditsOnlyOfdXml) {
  const Package before = sample();
  auto signed_package = add_signature(before, seal_on_page_one(), stand_in_value);
  ASSERT_TRUE(signed_package.ok()) << signed_package.error().to_string();
  EXPECT_EQ(signed_package->signature_xml_path, "/Doc_0/Signs/Sign_0/Signature.xml");
  auto after = Package::open(signed_package->archive);
  ASSERT_TRUE(after.ok()) << after.error().to_string();

  // Every old entry but OFD.xml is byte-identical, down to its compressed form.
  const auto old_raw = raw_entries(before.archive());
  const auto new_raw = raw_entries(after->archive());
  for (const auto& [name, raw] : old_raw) {
    if (name == "OFD.xml") continue;
    ASSERT_EQ(new_raw.count(name), 1u) << name;
    EXPECT_EQ(new_raw.at(name), raw) << name << " was recompressed or changed";
  }
  // OFD.xml: the old bytes with one element inserted after DocRoot.
  const std::string old_ofd = to_string(*before.read("/OFD.xml"));
  const std::string new_ofd = to_string(*after->read("/OFD.xml"));
  const std::string inserted = "<ofd:Signatures>/Doc_0/Signs/Signatures.xml</ofd:Signatures>";
  const std::size_t at = new_ofd.find(inserted);
  ASSERT_NE(at, std::string::npos) << new_ofd;
  EXPECT_EQ(new_ofd.substr(0, at) + new_ofd.substr(at + inserted.size()), old_ofd);
  EXPECT_EQ(new_ofd.substr(at - 14, 14), "</ofd:DocRoot>");

  // New files, and the list.
  for (const char* path : {"/Doc_0/Signs/Signatures.xml", "/Doc_0/Signs/Sign_0/Signature.xml",
                           "/Doc_0/Signs/Sign_0/SignedValue.dat", "/Doc_0/Signs/Sign_0/Seal.esl"}) {
    EXPECT_TRUE(after->contains(path)) << path;
  }
  auto document = read_document(*after);
  ASSERT_TRUE(document.ok());
  auto list = parse_signature_list(*after->read(document->signatures_path),
                                   document->signatures_path, *after);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->entries.size(), 1u);
  EXPECT_EQ(list->entries[0].id, "1");
  EXPECT_EQ(list->max_sign_id, "2");  // the StampAnnot took ID 2

  // References: everything but Signatures.xml (continue mode) and the signature's own two files.
  auto xml = parse_signature_xml(*after->read(list->entries[0].signature_path), "Signature.xml");
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(xml->stamp_annots[0].page_ref, document->pages[0].id);
  const ReferenceReport report =
      check_references(*after, *xml,
                       {"/Doc_0/Signs/Signatures.xml", "/Doc_0/Signs/Sign_0/Signature.xml",
                        "/Doc_0/Signs/Sign_0/SignedValue.dat"});
  EXPECT_TRUE(report.all_match()) << report.failures();
  EXPECT_TRUE(report.unreferenced.empty());
  EXPECT_EQ(report.results.size(), after->entries().size() - 3);
  // The SignedValue maker saw exactly the stored Signature.xml.
  const crypto::Sm3Digest digest = crypto::sm3(*after->read("/Doc_0/Signs/Sign_0/Signature.xml"));
  const ByteView value = *after->read("/Doc_0/Signs/Sign_0/SignedValue.dat");
  EXPECT_EQ(Bytes(value.begin(), value.end()), Bytes(digest.begin(), digest.end()));
}

TEST(OfdAddSignature, SignaturesAccumulateAndFinalModeClosesTheDocument) {
  const Package unsigned_doc = sample();
  auto first = add_signature(unsigned_doc, seal_on_page_one(), stand_in_value);
  ASSERT_TRUE(first.ok());
  auto one = Package::open(first->archive);
  ASSERT_TRUE(one.ok());

  NewSignature final_spec = seal_on_page_one();
  final_spec.mode = SignMode::kFinal;
  auto second = add_signature(*one, final_spec, stand_in_value);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  EXPECT_EQ(second->signature_xml_path, "/Doc_0/Signs/Sign_1/Signature.xml");
  auto two = Package::open(second->archive);
  ASSERT_TRUE(two.ok());
  // OFD.xml untouched by the second signature, so the first still verifies.
  EXPECT_EQ(Bytes(one->read("/OFD.xml")->begin(), one->read("/OFD.xml")->end()),
            Bytes(two->read("/OFD.xml")->begin(), two->read("/OFD.xml")->end()));
  auto list = parse_signature_list(*two->read("/Doc_0/Signs/Signatures.xml"),
                                   "/Doc_0/Signs/Signatures.xml", *two);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->entries.size(), 2u);
  EXPECT_EQ(list->entries[1].id, "3");
  EXPECT_EQ(list->max_sign_id, "4");
  auto first_xml = parse_signature_xml(*two->read("/Doc_0/Signs/Sign_0/Signature.xml"), "x");
  EXPECT_TRUE(check_references(*two, *first_xml, {}).all_match());
  auto second_xml = parse_signature_xml(*two->read("/Doc_0/Signs/Sign_1/Signature.xml"), "x");
  const ReferenceReport second_report = check_references(*two, *second_xml, {});
  EXPECT_TRUE(second_report.all_match()) << second_report.failures();
  bool covers_list = false;
  for (const Reference& r : second_xml->references)
    covers_list |= r.file_ref == "/Doc_0/Signs/Signatures.xml";
  EXPECT_TRUE(covers_list);

  auto third = add_signature(*two, seal_on_page_one(), stand_in_value);
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, "ofd.sign.document_closed");
}

TEST(OfdAddSignature, FollowsTheIdStyleOfExistingSignatures) {
  GMSEAL_REQUIRE_TESTDATA("ofd/gomain-bw-invoice.ofd");
  // gomain: IDs "1", MaxSignId 1, StampAnnot ID 1 -> next "2". Relative DocRoot and Signatures.
  const Package gomain = testing::open_testdata("ofd/gomain-bw-invoice.ofd");
  auto signed_package = add_signature(gomain, seal_on_page_one(), stand_in_value);
  ASSERT_TRUE(signed_package.ok()) << signed_package.error().to_string();
  auto after = Package::open(signed_package->archive);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(signed_package->signature_id, "2");
  EXPECT_TRUE(after->contains("/Doc_0/Signs/Sign_1/Signature.xml"));
  // OFD.xml unchanged (the document already had a signature list): the vendor's signature keeps
  // every reference.
  EXPECT_EQ(to_string(*after->read("/OFD.xml")), to_string(*gomain.read("/OFD.xml")));
  auto vendor = parse_signature_xml(*after->read("/Doc_0/Signs/Sign_0/Signature.xml"), "x");
  EXPECT_TRUE(check_references(*after, *vendor, {}).all_match());

  // ofdrw riding seal: IDs "s001".."s006" and its signature covers Signatures.xml (final).
  const Package riding = testing::open_testdata("ofd/ofdrw-riding-seal.ofd");
  EXPECT_EQ(add_signature(riding, seal_on_page_one(), stand_in_value).error().code,
            "ofd.sign.document_closed");
}

}  // namespace
}  // namespace gmseal::ofd
