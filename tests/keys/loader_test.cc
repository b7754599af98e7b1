// The loaders against libraries that are not gmseal's: missing functions, and a vendor ABI with
// 64-bit ULONG/BOOL and packed structures.
#include <gtest/gtest.h>

#include "crypto/sm2.h"
#include "keys/device_errors.h"
#include "keys/sdf_library.h"
#include "keys/skf_library.h"
#include "keys/test_support.h"
#include "keys/token_signer.h"

namespace gmseal::keys {
namespace {

TEST(LoaderTest, RejectsSkfLibraryMissingRequiredFunctionsNamingThem) {
  auto library = SkfLibrary::load(GMSEAL_INCOMPLETE_SKF);
  ASSERT_FALSE(library.ok());
  EXPECT_EQ(library.error().code, "keys.skf.missing_functions");
  const std::string& message = library.error().message;
  for (const char* name : {"SKF_VerifyPIN", "SKF_OpenContainer", "SKF_CloseContainer",
                           "SKF_ExportPublicKey", "SKF_ECCSignData"}) {
    EXPECT_NE(message.find(name), std::string::npos) << name << " not named in: " << message;
  }
  // Functions it does have are not reported as missing.
  EXPECT_EQ(message.find("SKF_EnumDev"), std::string::npos) << message;
  EXPECT_EQ(message.find("SKF_ConnectDev"), std::string::npos) << message;
}

TEST(LoaderTest, RejectsSdfLibraryMissingRequiredFunctionsNamingThem) {
  auto library = SdfLibrary::load(GMSEAL_INCOMPLETE_SDF);
  ASSERT_FALSE(library.ok());
  EXPECT_EQ(library.error().code, "keys.sdf.missing_functions");
  for (const char* name : {"SDF_OpenSession", "SDF_GetPrivateKeyAccessRight",
                           "SDF_ExportSignPublicKey_ECC", "SDF_InternalSign_ECC"}) {
    EXPECT_NE(library.error().message.find(name), std::string::npos) << name;
  }
  EXPECT_EQ(library.error().message.find("SDF_OpenDevice"), std::string::npos);
}

TEST(LoaderTest, ReportsUnloadableLibraries) {
  auto skf = SkfLibrary::load("/nonexistent/libvendor_skf.so");
  ASSERT_FALSE(skf.ok());
  EXPECT_EQ(skf.error().code, "keys.skf.load_failed");
  EXPECT_NE(skf.error().message.find("/nonexistent/libvendor_skf.so"), std::string::npos);
  EXPECT_EQ(SdfLibrary::load("/nonexistent/libsdf.so").error().code, "keys.sdf.load_failed");
  AbiOptions bad;
  bad.ulong_bits = 16;
  EXPECT_EQ(SkfLibrary::load(testing::kSkfLibrary, bad).error().code, "keys.abi.bad_option");
}

TEST(LoaderTest, OurTokensHaveEveryFunctionTheLoadersKnow) {
  auto skf = SkfLibrary::load(testing::kSkfLibrary);
  ASSERT_TRUE(skf.ok());
  EXPECT_TRUE((*skf)->missing_functions().empty());
  auto sdf = SdfLibrary::load(testing::kSdfLibrary);
  ASSERT_TRUE(sdf.ok());
  EXPECT_TRUE((*sdf)->missing_functions().empty());
}

// The stand-in vendor library declares ULONG/BOOL as 64-bit and packs its structures.
TEST(LoaderTest, VendorAbiWith64BitUlongAndPackedStructs) {
  AbiOptions options;
  options.ulong_bits = 64;
  options.bool_bits = 64;
  options.packed = true;
  auto library = SkfLibrary::load(GMSEAL_VENDOR_SKF_LP64, options);
  ASSERT_TRUE(library.ok()) << library.error().to_string();
  EXPECT_FALSE((*library)->missing_functions().empty());  // a minimal library
  EXPECT_EQ(*(*library)->enum_devices(), std::vector<std::string>{"V1"});
  auto device = (*library)->connect("V1");
  ASSERT_TRUE(device.ok());
  auto info = device->info();
  ASSERT_TRUE(info.ok()) << info.error().to_string();
  EXPECT_EQ(info->manufacturer, "Vendor LP64");
  EXPECT_EQ(info->label, "packed key");
  EXPECT_EQ(info->serial, "SN-0001");
  EXPECT_EQ(info->alg_asym_cap, 0x00020200u);
  EXPECT_EQ(info->total_space, 0x123456789Aull);
  EXPECT_EQ(info->free_space, 4242u);
  auto absent = device->set_label("x");
  EXPECT_EQ(absent.error().code, "keys.skf.function_missing");
  EXPECT_NE(absent.error().message.find("SKF_SetLabel"), std::string::npos);

  auto app = device->open_application("A");
  ASSERT_TRUE(app.ok());
  std::uint32_t remaining = 0;
  auto wrong = app->verify_pin(SkfPinType::kUser, "000000", &remaining);
  EXPECT_EQ(wrong.error().code, "keys.skf.pin_incorrect");
  EXPECT_EQ(remaining, 7u);
  ASSERT_TRUE(app->verify_pin(SkfPinType::kUser, "123456", &remaining).ok());
  EXPECT_EQ(remaining, 8u);
  auto con = app->open_container("C");
  ASSERT_TRUE(con.ok());
  auto key = con->sign_public_key();
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ(hex_encode(key->x()),
            "32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7");
  auto signature = con->sign_digest(Bytes(32, 0xab));
  ASSERT_TRUE(signature.ok()) << signature.error().to_string();
  auto raw = crypto::sm2_signature_der_to_raw(*signature);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(hex_encode(*raw), std::string(62, '0') + "11" + std::string(60, '0') + "2222");
}

TEST(LoaderTest, SameVendorLibraryMisreadWithTheStandardAbi) {
  // With the default (32-bit, natural) reading the vendor's structures do not line up; the loader
  // notices the public key's BitLen is not 256 instead of building a wrong key.
  auto library = SkfLibrary::load(GMSEAL_VENDOR_SKF_LP64);
  ASSERT_TRUE(library.ok());
  auto device = (*library)->connect("V1");
  ASSERT_TRUE(device.ok());
  auto app = device->open_application("A");
  auto con = app->open_container("C");
  auto key = con->sign_public_key();
  EXPECT_FALSE(key.ok());
}

TEST(DeviceErrorsTest, EveryCodeHasANameAndUnknownCodesSaySo) {
  const Error pin = skf_error(0x0A000024, "SKF_VerifyPIN");
  EXPECT_EQ(pin.code, "keys.skf.pin_incorrect");
  EXPECT_EQ(pin.message, "SKF_VerifyPIN returned SAR_PIN_INCORRECT (0x0A000024): the PIN is wrong");
  for (std::uint32_t code = 0x0A000001; code <= 0x0A000031; ++code) {
    EXPECT_FALSE(skf_code_name(code).empty()) << std::hex << code;
    EXPECT_EQ(skf_code_for(skf_error(code, "f").code), code) << std::hex << code;
  }
  for (std::uint32_t code = 0x01000001; code <= 0x0100001E; ++code) {
    EXPECT_FALSE(sdf_code_name(code).empty()) << std::hex << code;
    EXPECT_EQ(sdf_code_for(sdf_error(code, "f").code), code) << std::hex << code;
  }
  const Error vendor = skf_error(0x0B000077, "SKF_Transmit", "talking to the card");
  EXPECT_EQ(vendor.code, "keys.skf.vendor_error");
  EXPECT_NE(vendor.message.find("0x0B000077"), std::string::npos);
  EXPECT_NE(vendor.message.find("talking to the card"), std::string::npos);
}

}  // namespace
}  // namespace gmseal::keys
