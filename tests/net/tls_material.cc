#include "tls_material.h"

#include <fstream>

#include "cli/cli_test_support.h"

namespace gmseal::testing {

Result<TlsMaterial> make_tls_material(const std::filesystem::path& dir) {
  const std::string new_key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes ";
  std::ofstream(dir / "server.ext") << "subjectAltName=IP:127.0.0.1\n"
                                    << "extendedKeyUsage=serverAuth\n";
  for (const std::string& command : {
           "openssl req -x509 " + new_key +
               "-days 2 -subj /CN=gmseal-test-ca -keyout ca.key "
               "-out ca.pem",
           "openssl req -x509 " + new_key +
               "-days 2 -subj /CN=other-test-ca -keyout other.key "
               "-out other-ca.pem",
           "openssl req " + new_key + "-subj /CN=127.0.0.1 -keyout server.key -out server.csr",
           std::string("openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
                       "-CAcreateserial -days 2 -extfile server.ext -out server.pem"),
       }) {
    const CommandResult made = run_command(command, dir);
    if (made.exit_code != 0) {
      return make_error("test.tls_material", command + " failed:\n" + made.output);
    }
  }
  return TlsMaterial{dir / "ca.pem", dir / "other-ca.pem", dir / "server.pem", dir / "server.key"};
}

}  // namespace gmseal::testing
