// The UKey seal flow through the gmseal program: key generated on the soft UKey, signer
// certificate issued by the test CA from the UKey's request, seal made by a maker, written to the
// UKey, read back, and used with `--token` to seal an OFD that `gmseal verify` accepts.
#include <gtest/gtest.h>

#include "keys/test_support.h"
#include "ofd/sample_document.h"
#include "util/file_io.h"
#include "util/time.h"

namespace gmseal::keys {
namespace {

using testing::quote;
using testing::run_command;

TEST(UkeyOfdCliTest, SealFromTheUkeySealsAnOfdThroughToken) {
  testing::TempDir dir;
  const auto path = [&](const std::string& name) { return (dir.path() / name).string(); };
  const std::string env = "GMSEAL_SKF_ROOT=" + quote(path("skf")) + " ";
  const std::string gmseal = env + quote(GMSEAL_BINARY) + " ";
  const std::string uri =
      quote(std::string("skf:lib=") + testing::kSkfLibrary + ";dev=ukey0;con=seal;pin=user-1234");
  const auto ok = [&](const std::string& command) {
    const auto result = run_command(command);
    EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.output;
    return result;
  };

  ok(gmseal + "token skf init --root " + quote(path("skf")) +
     " --label 'seal key' --admin-pin admin-123456 --user-pin user-1234 --kdf-iterations 1000");
  ok(gmseal + "token gen-key --token " + uri);
  ok(gmseal + "token csr --token " + uri + " --name 'UKey unit' --out " + quote(path("req.pem")));
  ok(gmseal + "ca init --dir " + quote(path("ca")) + " --name 'Seal CA'");
  ok(gmseal + "cert issue --ca " + quote(path("ca")) +
     " --profile unit --name 'UKey unit' --id 91350100M000100Y43 --csr " + quote(path("req.pem")) +
     " --out " + quote(path("signer.pem")));
  ok(gmseal + "token import-cert --token " + uri + " --cert " + quote(path("signer.pem")));
  ok(gmseal + "key gen --out " + quote(path("maker.key")));
  ok(gmseal + "cert issue --ca " + quote(path("ca")) +
     " --profile maker --name 'Seal maker' --id 91350100M000100Y43 --key " +
     quote(path("maker.key")) + " --out " + quote(path("maker.pem")));
  ASSERT_TRUE(write_file_atomic(path("seal.svg"),
                                std::string_view("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                                 "width=\"40mm\" height=\"40mm\"><circle cx=\"20\" "
                                                 "cy=\"20\" r=\"18\" fill=\"none\" "
                                                 "stroke=\"red\"/></svg>"))
                  .ok());
  ok(gmseal + "seal make --maker-key " + quote(path("maker.key")) + " --maker-cert " +
     quote(path("maker.pem")) + " --signer-cert " + quote(path("signer.pem")) + " --picture " +
     quote(path("seal.svg")) + " --es-id 43010000000777 --name 'UKey contract seal' --out " +
     quote(path("seal.esl")));

  ok(gmseal + "token write-seal --token " + uri + " --id contract --seal " +
     quote(path("seal.esl")) + " --admin-pin admin-123456");
  ok(gmseal + "token read-seal --token " + uri + " --id contract --out " +
     quote(path("from-ukey.esl")));
  EXPECT_EQ(*read_file(path("from-ukey.esl")), *read_file(path("seal.esl")));

  auto document = ofd::make_sample_document({{"Contract", "signed with a UKey"}}, now());
  ASSERT_TRUE(document.ok()) << document.error().to_string();
  ASSERT_TRUE(write_file_atomic(path("in.ofd"), ByteView(*document)).ok());
  ok(gmseal + "sign ofd --in " + quote(path("in.ofd")) + " --out " + quote(path("out.ofd")) +
     " --seal " + quote(path("from-ukey.esl")) + " --token " + uri +
     " --page 1 --x 50 --y 50 --trust " + quote(path("ca/ca.cert.pem")));
  const auto verified =
      ok(gmseal + "verify " + quote(path("out.ofd")) + " --trust " + quote(path("ca/ca.cert.pem")));
  EXPECT_NE(verified.output.find("VALID, trusted"), std::string::npos) << verified.output;

  // A wrong PIN on the token stops the sealing with the device's reason.
  const std::string bad_uri =
      quote(std::string("skf:lib=") + testing::kSkfLibrary + ";dev=ukey0;con=seal;pin=nope-nope");
  const auto refused =
      run_command(gmseal + "sign ofd --in " + quote(path("in.ofd")) + " --out " +
                  quote(path("x.ofd")) + " --seal " + quote(path("from-ukey.esl")) + " --token " +
                  bad_uri + " --page 1 --x 50 --y 50");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.output.find("SAR_PIN_INCORRECT"), std::string::npos) << refused.output;
}

}  // namespace
}  // namespace gmseal::keys
