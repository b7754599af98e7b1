#include "crypto/cert_verify.h"

#include <openssl/x509_vfy.h>

#include "crypto/internal/ossl.h"

namespace gmseal::crypto {

using internal::X509Ptr;

namespace {

using X509StackPtr = std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)>;

void free_x509_stack(STACK_OF(X509) * stack) { sk_X509_pop_free(stack, X509_free); }

// A private copy of `cert` carrying the SM2 distinguishing ID, so that OpenSSL's path
// validation computes Z with the right ID (its default in 3.0 is empty).
X509Ptr copy_with_id(const Certificate& cert, std::string_view id) {
  const unsigned char* p = cert.der().data();
  X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(cert.der().size())));
  if (!x) return x;
  ASN1_OCTET_STRING* id_string = ASN1_OCTET_STRING_new();
  ASN1_OCTET_STRING_set(id_string, reinterpret_cast<const unsigned char*>(id.data()),
                        static_cast<int>(id.size()));
  X509_set0_distinguishing_id(x.get(), id_string);  // takes ownership
  return x;
}

Error map_verify_error(int code, int depth, const std::string& subject) {
  const std::string where =
      " (certificate at depth " + std::to_string(depth) + ": " + subject + ")";
  const std::string text = X509_verify_cert_error_string(code);
  switch (code) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return make_error("crypto.chain.expired", "certificate has expired" + where);
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return make_error("crypto.chain.not_yet_valid", "certificate is not yet valid" + where);
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
      return make_error("crypto.chain.bad_signature",
                        "certificate signature does not verify" + where);
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return make_error("crypto.chain.untrusted", "no path to a trusted root: " + text + where);
    default:
      return make_error("crypto.chain.invalid", "certificate path is invalid: " + text + where);
  }
}

}  // namespace

Result<std::vector<std::string>> check_revocation(const Certificate& cert,
                                                  const Certificate& issuer, const Crl& crl,
                                                  Time at, std::string_view id) {
  auto issuer_key = issuer.public_key();
  if (!issuer_key.ok()) return issuer_key.error();
  if (const Status sig = crl.verify_signature(*issuer_key, id); !sig.ok()) {
    return make_error("crypto.chain.crl_invalid", sig.error().message);
  }
  const std::string who =
      "certificate '" + cert.subject().to_string() + "' (serial " + cert.serial_hex() + ")";
  std::vector<std::string> warnings;
  // A CRL issued after `at` is still evidence about `at`: the revocationDate of an entry says
  // from when the certificate stopped being good (RFC 5280 section 5.3.2 / 6.3).
  if (const auto entry = crl.find(cert.serial_hex())) {
    if (entry->revoked_at <= at) {
      return make_error("crypto.chain.revoked", who + " was revoked at " +
                                                    format_iso8601(entry->revoked_at) +
                                                    ", at or before " + format_iso8601(at));
    }
    warnings.push_back(who + " was not revoked at " + format_iso8601(at) +
                       " but was revoked later, on " + format_iso8601(entry->revoked_at));
  }
  if (const auto next = crl.next_update(); next && *next < now()) {
    warnings.push_back("the CRL of '" + issuer.subject().to_string() +
                       "' is stale: its nextUpdate " + format_iso8601(*next) +
                       " has passed (a newer CRL may list more)");
  }
  return warnings;
}

Result<ValidatedChain> validate_chain(const Certificate& leaf, const TrustStore& store,
                                      const ChainOptions& options) {
  if (store.anchors.empty()) {
    return make_error("crypto.chain.untrusted", "no trust anchor was given");
  }
  internal::X509StorePtr x509_store(X509_STORE_new());
  for (const Certificate& anchor : store.anchors) {
    X509Ptr x = copy_with_id(anchor, options.id);
    if (!x || X509_STORE_add_cert(x509_store.get(), x.get()) != 1) {
      return internal::openssl_error("crypto.chain.invalid", "cannot load a trust anchor");
    }
  }
  X509StackPtr untrusted(sk_X509_new_null(), free_x509_stack);
  for (const Certificate& intermediate : store.intermediates) {
    sk_X509_push(untrusted.get(), copy_with_id(intermediate, options.id).release());
  }
  X509Ptr leaf_copy = copy_with_id(leaf, options.id);
  internal::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!leaf_copy || !ctx ||
      X509_STORE_CTX_init(ctx.get(), x509_store.get(), leaf_copy.get(), untrusted.get()) != 1) {
    return internal::openssl_error("crypto.chain.invalid", "cannot set up path validation");
  }
  const Time at = options.at.value_or(now());
  X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(to_unix(at)));
  // Check the root's own signature too: a tampered anchor file must not pass.
  X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_CHECK_SS_SIGNATURE);
  if (X509_verify_cert(ctx.get()) != 1) {
    const int depth = X509_STORE_CTX_get_error_depth(ctx.get());
    X509* failing = X509_STORE_CTX_get_current_cert(ctx.get());
    char subject[256] = "?";
    if (failing != nullptr)
      X509_NAME_oneline(X509_get_subject_name(failing), subject, sizeof(subject));
    internal::clear_openssl_errors();
    return map_verify_error(X509_STORE_CTX_get_error(ctx.get()), depth, subject);
  }
  ValidatedChain validated;
  std::vector<Certificate>& chain = validated.path;
  STACK_OF(X509)* path = X509_STORE_CTX_get0_chain(ctx.get());
  for (int i = 0; i < sk_X509_num(path); ++i) {
    unsigned char* out = nullptr;
    const int size = i2d_X509(sk_X509_value(path, i), &out);
    Bytes der(out, out + std::max(size, 0));
    OPENSSL_free(out);
    GMSEAL_ASSIGN_OR_RETURN(Certificate cert, Certificate::from_der(der));
    chain.push_back(std::move(cert));
  }
  // Revocation: OpenSSL 3.0 verifies CRL signatures without an SM2 ID, so CRLs are checked
  // here, over their original bytes, with the configured ID.
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    const Certificate& issuer = chain[i + 1];
    bool found = false;
    for (const Crl& crl : store.crls) {
      if (!crl.issued_by(issuer)) continue;
      found = true;
      GMSEAL_ASSIGN_OR_RETURN(std::vector<std::string> warnings,
                              check_revocation(chain[i], issuer, crl, at, options.id));
      validated.warnings.insert(validated.warnings.end(), warnings.begin(), warnings.end());
    }
    if (!found && options.require_crl) {
      return make_error("crypto.chain.crl_missing",
                        "no CRL from '" + issuer.subject().to_string() + "' was given");
    }
  }
  return validated;
}

Result<std::vector<Certificate>> verify_chain(const Certificate& leaf, const TrustStore& store,
                                              const ChainOptions& options) {
  GMSEAL_ASSIGN_OR_RETURN(ValidatedChain validated, validate_chain(leaf, store, options));
  return std::move(validated.path);
}

}  // namespace gmseal::crypto
