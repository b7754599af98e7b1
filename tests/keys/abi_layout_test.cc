// StructLayout against the compiler's own layout of the same structures under each ABI option.
#include <gtest/gtest.h>

#include <gmseal/sdf.h>
#include <gmseal/skf.h>

#include <cstddef>
#include <cstdint>

#include "keys/abi_options.h"
#include "util/bytes.h"

namespace gmseal::keys {
namespace {

template <typename Ulong>
struct DevInfoNatural {
  std::uint8_t version[2];
  char manufacturer[64], issuer[64], label[32], serial[32];
  std::uint8_t hw[2], fw[2];
  Ulong caps[8];
  std::uint8_t reserved[64];
};

#pragma pack(push, 1)
template <typename Ulong>
struct DevInfoPacked {
  std::uint8_t version[2];
  char manufacturer[64], issuer[64], label[32], serial[32];
  std::uint8_t hw[2], fw[2];
  Ulong caps[8];
  std::uint8_t reserved[64];
};
#pragma pack(pop)

std::size_t devinfo_size(const AbiOptions& options, std::size_t* caps_offset) {
  StructLayout layout(options);
  layout.add_bytes(2);
  layout.add_bytes(64);
  layout.add_bytes(64);
  layout.add_bytes(32);
  layout.add_bytes(32);
  layout.add_bytes(2);
  layout.add_bytes(2);
  *caps_offset = layout.add_ulong();
  for (int i = 1; i < 8; ++i) layout.add_ulong();
  layout.add_bytes(64);
  return layout.size();
}

TEST(AbiLayoutTest, DevInfoMatchesTheCompilerUnderEveryOption) {
  std::size_t caps = 0;
  AbiOptions standard;
  EXPECT_EQ(devinfo_size(standard, &caps), sizeof(DEVINFO));  // our header
  EXPECT_EQ(caps, offsetof(DEVINFO, AlgSymCap));
  EXPECT_EQ(devinfo_size(standard, &caps), sizeof(DevInfoNatural<std::uint32_t>));

  AbiOptions packed;
  packed.packed = true;
  EXPECT_EQ(devinfo_size(packed, &caps), sizeof(DevInfoPacked<std::uint32_t>));
  EXPECT_EQ(caps, offsetof(DevInfoPacked<std::uint32_t>, caps));

  AbiOptions wide;
  wide.ulong_bits = 64;
  EXPECT_EQ(devinfo_size(wide, &caps), sizeof(DevInfoNatural<std::uint64_t>));
  EXPECT_EQ(caps, offsetof(DevInfoNatural<std::uint64_t>, caps));

  wide.packed = true;
  EXPECT_EQ(devinfo_size(wide, &caps), sizeof(DevInfoPacked<std::uint64_t>));
  EXPECT_EQ(caps, offsetof(DevInfoPacked<std::uint64_t>, caps));
}

TEST(AbiLayoutTest, PublicKeyBlobs) {
  AbiOptions standard;
  StructLayout blob(standard);
  EXPECT_EQ(blob.add_ulong(), 0u);
  EXPECT_EQ(blob.add_bytes(64), offsetof(ECCPUBLICKEYBLOB, XCoordinate));
  EXPECT_EQ(blob.add_bytes(64), offsetof(ECCPUBLICKEYBLOB, YCoordinate));
  EXPECT_EQ(blob.size(), sizeof(ECCPUBLICKEYBLOB));
  EXPECT_EQ(blob.size(), sizeof(ECCrefPublicKey));

  AbiOptions wide;
  wide.ulong_bits = 64;
  StructLayout wide_blob(wide);
  wide_blob.add_ulong();
  EXPECT_EQ(wide_blob.add_bytes(32), 8u);  // 256-bit ECC fields
  wide_blob.add_bytes(32);
  EXPECT_EQ(wide_blob.size(), 72u);
}

TEST(AbiLayoutTest, UlongRoundTripAndValidation) {
  AbiOptions wide;
  wide.ulong_bits = 64;
  StructLayout layout(wide);
  Bytes buffer(16, 0);
  layout.put_ulong(buffer, 8, 0x0102030405060708ull);
  EXPECT_EQ(buffer[8], 0x08);
  EXPECT_EQ(layout.get_ulong(buffer, 8), 0x0102030405060708ull);
  AbiOptions narrow;
  StructLayout narrow_layout(narrow);
  narrow_layout.put_ulong(buffer, 0, 0xAABBCCDDull);
  EXPECT_EQ(narrow_layout.get_ulong(buffer, 0), 0xAABBCCDDull);
  AbiOptions bad;
  bad.ecc_field_bytes = 48;
  EXPECT_EQ(bad.validate().error().code, "keys.abi.bad_option");
  EXPECT_EQ(AbiOptions().to_string(), "ulong=32;bool=32;pack=natural;ecc=512");
}

}  // namespace
}  // namespace gmseal::keys
