#include "crypto/crl.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "crypto/internal/cert_access.h"
#include "crypto/internal/ossl.h"
#include "crypto/internal/x509_signing.h"
#include "util/der.h"

namespace gmseal::crypto {

using internal::openssl_error;
using internal::X509CrlPtr;

struct Crl::State {
  Bytes der;
  X509CrlPtr crl;
  ByteView tbs;
  ByteView signature;
  std::vector<RevokedEntry> revoked;
};

Result<Crl> Crl::from_der(ByteView der) {
  auto state = std::make_shared<State>();
  state->der.assign(der.begin(), der.end());
  const unsigned char* p = state->der.data();
  state->crl.reset(d2i_X509_CRL(nullptr, &p, static_cast<long>(state->der.size())));
  if (!state->crl || p != state->der.data() + state->der.size()) {
    return openssl_error("crypto.crl.parse_failed", "not a DER X.509 CRL");
  }
  auto top = der::parse_single(state->der);
  if (!top.ok()) return make_error("crypto.crl.parse_failed", top.error().message);
  der::Reader reader(top->content);
  auto tbs = reader.expect(der::kSequence, "tbsCertList");
  auto alg = reader.expect(der::kSequence, "signatureAlgorithm");
  auto sig = reader.expect(der::kBitString, "signatureValue");
  if (!tbs.ok() || !alg.ok() || !sig.ok()) {
    return make_error("crypto.crl.parse_failed",
                      "CRL is not SEQUENCE{tbsCertList, alg, signature}");
  }
  auto sig_bits = der::read_bit_string(*sig, "signatureValue");
  if (!sig_bits.ok()) return make_error("crypto.crl.parse_failed", sig_bits.error().message);
  state->tbs = tbs->whole;
  state->signature = *sig_bits;
  STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(state->crl.get());
  for (int i = 0; i < sk_X509_REVOKED_num(entries); ++i) {
    const X509_REVOKED* entry = sk_X509_REVOKED_value(entries, i);
    RevokedEntry out;
    out.serial_hex = internal::CertAccess::serial_hex_of(X509_REVOKED_get0_serialNumber(entry));
    out.revoked_at = internal::CertAccess::time_of(X509_REVOKED_get0_revocationDate(entry));
    int critical = 0;
    auto* reason = static_cast<ASN1_ENUMERATED*>(
        X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, &critical, nullptr));
    if (reason != nullptr) {
      out.reason = static_cast<int>(ASN1_ENUMERATED_get(reason));
      ASN1_ENUMERATED_free(reason);
    }
    state->revoked.push_back(std::move(out));
  }
  internal::clear_openssl_errors();
  return Crl(std::move(state));
}

Result<Crl> Crl::from_pem(std::string_view pem) {
  internal::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  X509CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
  if (!crl) return openssl_error("crypto.crl.parse_failed", "no PEM X509 CRL found");
  unsigned char* out = nullptr;
  const int size = i2d_X509_CRL(crl.get(), &out);
  if (size <= 0) return openssl_error("crypto.crl.parse_failed", "cannot re-read the PEM CRL");
  Bytes der(out, out + size);
  OPENSSL_free(out);
  return from_der(der);
}

Result<Crl> Crl::parse_any(ByteView data) {
  if (looks_like_pem(data)) return from_pem(to_string(data));
  return from_der(data);
}

const Bytes& Crl::der() const { return state_->der; }

std::string Crl::pem() const {
  internal::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_CRL(bio.get(), state_->crl.get());
  return to_string(internal::bio_contents(bio.get()));
}

DistinguishedName Crl::issuer() const {
  return internal::CertAccess::name_of(X509_CRL_get_issuer(state_->crl.get()));
}

Time Crl::this_update() const {
  return internal::CertAccess::time_of(X509_CRL_get0_lastUpdate(state_->crl.get()));
}

std::optional<Time> Crl::next_update() const {
  const ASN1_TIME* t = X509_CRL_get0_nextUpdate(state_->crl.get());
  if (t == nullptr) return std::nullopt;
  return internal::CertAccess::time_of(t);
}

const std::vector<RevokedEntry>& Crl::revoked() const { return state_->revoked; }

std::optional<RevokedEntry> Crl::find(std::string_view serial_hex) const {
  for (const RevokedEntry& e : state_->revoked) {
    if (e.serial_hex == serial_hex) return e;
  }
  return std::nullopt;
}

Status Crl::verify_signature(const Sm2PublicKey& issuer_key, std::string_view id) const {
  Sm2VerifyOptions options;
  options.id = std::string(id);
  const Status status = sm2_verify(issuer_key, state_->tbs, state_->signature, options);
  if (!status.ok()) {
    return make_error(
        "crypto.crl.bad_signature",
        "CRL signature does not verify with the issuer key (" + status.error().message + ")");
  }
  return {};
}

bool Crl::issued_by(const Certificate& cert) const {
  return X509_NAME_cmp(X509_CRL_get_issuer(state_->crl.get()),
                       X509_get_subject_name(internal::CertAccess::get0(cert))) == 0;
}

Result<Crl> issue_crl(const Certificate& issuer, Signer& issuer_signer,
                      const std::vector<RevokedEntry>& revoked, Time this_update, Time next_update,
                      std::uint64_t crl_number, std::string_view id) {
  if (next_update <= this_update) {
    return make_error("crypto.crl.bad_validity", "nextUpdate must be later than thisUpdate");
  }
  X509CrlPtr crl(X509_CRL_new());
  internal::Asn1TimePtr last(ASN1_TIME_set(nullptr, to_unix(this_update)));
  internal::Asn1TimePtr next(ASN1_TIME_set(nullptr, to_unix(next_update)));
  X509* issuer_x509 = internal::CertAccess::get0(issuer);
  if (!crl || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer_x509)) != 1 ||
      X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1) {
    return openssl_error("crypto.crl.sign_failed", "cannot fill the CRL");
  }
  for (const RevokedEntry& entry : revoked) {
    internal::X509RevokedPtr r(X509_REVOKED_new());
    BIGNUM* bn = nullptr;
    if (BN_hex2bn(&bn, entry.serial_hex.c_str()) == 0) {
      return make_error("crypto.crl.bad_serial", "serial '" + entry.serial_hex + "' is not hex");
    }
    internal::BnPtr owned(bn);
    internal::Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(owned.get(), nullptr));
    internal::Asn1TimePtr when(ASN1_TIME_set(nullptr, to_unix(entry.revoked_at)));
    if (!r || !serial || X509_REVOKED_set_serialNumber(r.get(), serial.get()) != 1 ||
        X509_REVOKED_set_revocationDate(r.get(), when.get()) != 1) {
      return openssl_error("crypto.crl.sign_failed", "cannot add a revoked entry");
    }
    if (entry.reason != 0) {
      internal::OsslPtr<ASN1_ENUMERATED, ASN1_ENUMERATED_free> reason(ASN1_ENUMERATED_new());
      ASN1_ENUMERATED_set(reason.get(), entry.reason);
      X509_REVOKED_add1_ext_i2d(r.get(), NID_crl_reason, reason.get(), 0, 0);
    }
    if (X509_CRL_add0_revoked(crl.get(), r.release()) != 1) {
      return openssl_error("crypto.crl.sign_failed", "cannot add a revoked entry");
    }
  }
  X509_CRL_sort(crl.get());
  internal::Asn1IntegerPtr number(ASN1_INTEGER_new());
  ASN1_INTEGER_set_uint64(number.get(), crl_number);
  X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer_x509, nullptr, nullptr, crl.get(), 0);
  internal::X509ExtensionPtr aki(
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
  if (!aki || X509_CRL_add_ext(crl.get(), aki.get(), -1) != 1) {
    return openssl_error("crypto.crl.sign_failed", "cannot add the authority key identifier");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes der, internal::sign_crl(crl.get(), issuer_signer, id));
  return Crl::from_der(der);
}

}  // namespace gmseal::crypto
