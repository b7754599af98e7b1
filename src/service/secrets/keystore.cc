#include "service/secrets/keystore.h"

#include <cstdlib>

#include "crypto/kdf.h"
#include "crypto/random.h"
#include "crypto/sm3.h"
#include "crypto/sm4.h"
#include "util/file_io.h"

namespace gmseal::service {

namespace fs = std::filesystem;

namespace {
constexpr const char* kMasterFile = "master.key";
constexpr std::string_view kPlainPrefix = "gmseal-kek-v1 plain ";
constexpr std::string_view kSealedPrefix = "gmseal-kek-v1 scrypt ";

Result<Bytes> passphrase_key(std::string_view passphrase, ByteView salt) {
  return crypto::scrypt(passphrase, salt, crypto::kSm4KeySize);
}
}  // namespace

Result<KeyStore> KeyStore::open(const fs::path& data_dir) {
  std::error_code ec;
  fs::create_directories(data_dir / "keys", ec);
  const fs::path file = data_dir / kMasterFile;
  const char* passphrase = std::getenv("GMSEAL_MASTER_PASSPHRASE");
  if (!fs::exists(file)) {
    const Bytes kek = crypto::random_bytes(crypto::kSm4KeySize);
    std::string content;
    if (passphrase != nullptr && *passphrase != '\0') {
      const Bytes salt = crypto::random_bytes(16);
      GMSEAL_ASSIGN_OR_RETURN(const Bytes wrapping, passphrase_key(passphrase, salt));
      GMSEAL_ASSIGN_OR_RETURN(const Bytes sealed,
                              crypto::sm4_gcm_seal(wrapping, kek, to_bytes("master.key")));
      content =
          std::string(kSealedPrefix) + base64_encode(salt) + " " + base64_encode(sealed) + "\n";
    } else {
      content = std::string(kPlainPrefix) + base64_encode(kek) + "\n";
    }
    GMSEAL_RETURN_IF_ERROR(write_file_atomic(file, content, 0600));
    return KeyStore(data_dir, kek);
  }
  GMSEAL_ASSIGN_OR_RETURN(std::string content, read_text_file(file));
  while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) content.pop_back();
  if (content.rfind(kPlainPrefix, 0) == 0) {
    GMSEAL_ASSIGN_OR_RETURN(Bytes kek, base64_decode(content.substr(kPlainPrefix.size())));
    if (kek.size() != crypto::kSm4KeySize)
      return make_error("keystore.corrupt", file.string() + " is damaged");
    return KeyStore(data_dir, std::move(kek));
  }
  if (content.rfind(kSealedPrefix, 0) == 0) {
    if (passphrase == nullptr || *passphrase == '\0') {
      return make_error("keystore.locked",
                        file.string() + " is protected: set GMSEAL_MASTER_PASSPHRASE to start");
    }
    const std::string rest = content.substr(kSealedPrefix.size());
    const std::size_t space = rest.find(' ');
    GMSEAL_ASSIGN_OR_RETURN(const Bytes salt, base64_decode(rest.substr(0, space)));
    GMSEAL_ASSIGN_OR_RETURN(const Bytes sealed, base64_decode(rest.substr(space + 1)));
    GMSEAL_ASSIGN_OR_RETURN(const Bytes wrapping, passphrase_key(passphrase, salt));
    auto kek = crypto::sm4_gcm_open(wrapping, sealed, to_bytes("master.key"));
    if (!kek.ok())
      return make_error("keystore.bad_passphrase", "GMSEAL_MASTER_PASSPHRASE is wrong");
    return KeyStore(data_dir, std::move(*kek));
  }
  return make_error("keystore.corrupt", file.string() + " is not a gmseal master key file");
}

std::string KeyStore::key_password() const { return hex_encode(kek_); }

std::string KeyStore::derived_password(std::string_view purpose) const {
  Bytes input = kek_;
  input.insert(input.end(), purpose.begin(), purpose.end());
  return hex_encode(crypto::sm3(input));
}

Result<std::string> KeyStore::store_private_key(const std::string& name,
                                                const crypto::Sm2PrivateKey& key) {
  const std::string reference = "keys/" + name + ".key.pem";
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir_ / reference, key.to_pem(key_password()), 0600));
  return reference;
}

Result<crypto::Sm2PrivateKey> KeyStore::load_private_key(const std::string& reference) const {
  if (reference.find("..") != std::string::npos || reference.rfind("keys/", 0) != 0) {
    return make_error("keystore.bad_reference",
                      "key reference '" + reference + "' is not a stored key");
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::string pem, read_text_file(dir_ / reference));
  return crypto::Sm2PrivateKey::from_pem(pem, key_password());
}

Result<std::string> KeyStore::seal_secret(std::string_view plaintext,
                                          std::string_view context) const {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes sealed,
                          crypto::sm4_gcm_seal(kek_, to_bytes(plaintext), to_bytes(context)));
  return base64_encode(sealed);
}

Result<std::string> KeyStore::open_secret(std::string_view sealed, std::string_view context) const {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes data, base64_decode(sealed));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes plain, crypto::sm4_gcm_open(kek_, data, to_bytes(context)));
  return to_string(plain);
}

}  // namespace gmseal::service
