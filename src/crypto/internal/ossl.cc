#include "crypto/internal/ossl.h"

#include <openssl/err.h>

namespace gmseal::crypto::internal {

Error openssl_error(std::string code, std::string what, std::string field) {
  std::string details;
  unsigned long e = 0;
  while ((e = ERR_get_error()) != 0) {
    char buffer[256];
    ERR_error_string_n(e, buffer, sizeof(buffer));
    if (!details.empty()) details += "; ";
    details += buffer;
  }
  if (!details.empty()) what += " (OpenSSL: " + details + ")";
  return make_error(std::move(code), std::move(what), std::move(field));
}

void clear_openssl_errors() { ERR_clear_error(); }

BioPtr memory_bio(ByteView data) {
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

Bytes bio_contents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  if (size <= 0 || data == nullptr) return {};
  return Bytes(reinterpret_cast<std::uint8_t*>(data), reinterpret_cast<std::uint8_t*>(data) + size);
}

}  // namespace gmseal::crypto::internal
