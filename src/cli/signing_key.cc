#include "cli/signing_key.h"

#include "cli/inputs.h"
#include "cli/secrets.h"

namespace gmseal::cli {

Result<SigningKey> open_signing_key(const SigningKeySource& source) {
  if (source.key_path.empty() == source.token_uri.empty()) {
    return make_error("cli.usage", "give exactly one of " + source.key_flag + " and --token",
                      source.key_flag);
  }
  SigningKey out;
  if (!source.token_uri.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(TokenSigner opened, open_token_signer(source.token_uri));
    out.signer = std::move(opened.signer);
    out.stored_certificate = std::move(opened.certificate);
    return out;
  }
  const std::string password = password_from(source.password, "GMSEAL_KEY_PASS");
  GMSEAL_ASSIGN_OR_RETURN(crypto::Sm2PrivateKey key, load_private_key(source.key_path, password));
  out.signer = std::make_shared<crypto::SoftSigner>(std::move(key));
  GMSEAL_ASSIGN_OR_RETURN(out.stored_certificate,
                          load_key_store_certificate(source.key_path, password));
  return out;
}

Result<crypto::Certificate> signing_certificate(const SigningKey& key, const std::string& cert_path,
                                                const std::string& cert_flag) {
  if (!cert_path.empty()) return load_certificate(cert_path);
  if (key.stored_certificate) return *key.stored_certificate;
  return make_error("cli.usage", cert_flag + " is required (the key or token holds no certificate)",
                    cert_flag);
}

}  // namespace gmseal::cli
