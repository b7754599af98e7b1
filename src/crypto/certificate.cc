#include "crypto/certificate.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "crypto/internal/cert_access.h"
#include "crypto/internal/key_access.h"
#include "crypto/internal/ossl.h"
#include "util/der.h"

namespace gmseal::crypto {

using internal::openssl_error;
using internal::X509Ptr;

struct Certificate::State {
  Bytes der;
  X509Ptr x509;
  ByteView tbs;        // into der
  ByteView signature;  // into der
};

X509* internal::CertAccess::get0(const Certificate& cert) { return cert.state_->x509.get(); }

namespace {

// Splits Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } into
// the signed span and the signature, over the original bytes.
Status split_signed(ByteView der, ByteView* tbs, ByteView* signature) {
  GMSEAL_ASSIGN_OR_RETURN(const der::Element top, der::parse_single(der));
  der::Reader reader(top.content);
  GMSEAL_ASSIGN_OR_RETURN(const der::Element tbs_element,
                          reader.expect(der::kSequence, "tbsCertificate"));
  GMSEAL_RETURN_IF_ERROR(reader.expect(der::kSequence, "signatureAlgorithm"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element sig_element,
                          reader.expect(der::kBitString, "signatureValue"));
  GMSEAL_ASSIGN_OR_RETURN(const ByteView sig, der::read_bit_string(sig_element, "signatureValue"));
  *tbs = tbs_element.whole;
  *signature = sig;
  return {};
}

std::string utf8_of(const ASN1_STRING* value) {
  unsigned char* utf8 = nullptr;
  const int size = ASN1_STRING_to_UTF8(&utf8, value);
  if (size < 0) {
    internal::clear_openssl_errors();
    return {};
  }
  std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(size));
  OPENSSL_free(utf8);
  return out;
}

std::string oid_text(const ASN1_OBJECT* object) {
  char buffer[128];
  const int size = OBJ_obj2txt(buffer, sizeof(buffer), object, 1);
  return size > 0 ? std::string(buffer, static_cast<std::size_t>(size)) : std::string();
}

DistinguishedName convert_name(const X509_NAME* name) {
  DistinguishedName out;
  const int count = X509_NAME_entry_count(name);
  for (int i = 0; i < count; ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    const ASN1_OBJECT* object = X509_NAME_ENTRY_get_object(entry);
    NameAttribute attribute;
    attribute.oid = oid_text(object);
    const int nid = OBJ_obj2nid(object);
    if (attribute.oid == kOidTitle) {
      attribute.short_name = "T";
    } else if (attribute.oid == kOidGivenName) {
      attribute.short_name = "G";
    } else if (nid != NID_undef && OBJ_nid2sn(nid) != nullptr) {
      attribute.short_name = OBJ_nid2sn(nid);
    } else {
      attribute.short_name = attribute.oid;
    }
    attribute.value = utf8_of(X509_NAME_ENTRY_get_data(entry));
    out.attributes.push_back(std::move(attribute));
  }
  return out;
}

Bytes octets_of(const ASN1_OCTET_STRING* s) {
  if (s == nullptr) return {};
  const unsigned char* data = ASN1_STRING_get0_data(s);
  return Bytes(data, data + ASN1_STRING_length(s));
}

}  // namespace

DistinguishedName internal::CertAccess::name_of(const X509_NAME* name) {
  return convert_name(name);
}

std::string internal::CertAccess::serial_hex_of(const ASN1_INTEGER* serial) {
  internal::BnPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) return {};
  char* hex = BN_bn2hex(bn.get());
  std::string out(hex);
  OPENSSL_free(hex);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::size_t first = out.find_first_not_of('0');
  return first == std::string::npos ? "0" : out.substr(first);
}

Time internal::CertAccess::time_of(const ASN1_TIME* t) {
  struct tm parsed {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &parsed) != 1) return Time{};
  return from_unix(static_cast<std::int64_t>(timegm(&parsed)));
}

std::string DistinguishedName::get(std::string_view oid) const {
  for (const NameAttribute& a : attributes) {
    if (a.oid == oid) return a.value;
  }
  return {};
}

std::size_t DistinguishedName::count(std::string_view oid) const {
  std::size_t n = 0;
  for (const NameAttribute& a : attributes) n += a.oid == oid ? 1 : 0;
  return n;
}

std::string DistinguishedName::to_string() const {
  std::string out;
  for (const NameAttribute& a : attributes) {
    if (!out.empty()) out += ", ";
    out += a.short_name + "=" + a.value;
  }
  return out;
}

Result<Certificate> Certificate::from_der(ByteView der) {
  auto state = std::make_shared<State>();
  state->der.assign(der.begin(), der.end());
  const unsigned char* p = state->der.data();
  state->x509.reset(d2i_X509(nullptr, &p, static_cast<long>(state->der.size())));
  if (!state->x509) {
    return openssl_error("crypto.cert.parse_failed", "not a DER X.509 certificate");
  }
  if (p != state->der.data() + state->der.size()) {
    return make_error("crypto.cert.parse_failed",
                      std::to_string(state->der.data() + state->der.size() - p) +
                          " bytes follow the certificate");
  }
  const Status split = split_signed(state->der, &state->tbs, &state->signature);
  if (!split.ok()) {
    return make_error("crypto.cert.parse_failed",
                      "certificate structure: " + split.error().message);
  }
  return Certificate(std::move(state));
}

Result<Certificate> Certificate::from_pem(std::string_view pem) {
  internal::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  X509Ptr x509(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!x509) return openssl_error("crypto.cert.parse_failed", "no PEM certificate found");
  unsigned char* out = nullptr;
  const int size = i2d_X509(x509.get(), &out);
  if (size <= 0)
    return openssl_error("crypto.cert.parse_failed", "cannot re-read the PEM certificate");
  // i2d_X509 of a freshly parsed certificate returns the cached original encoding.
  Bytes der(out, out + size);
  OPENSSL_free(out);
  return from_der(der);
}

Result<Certificate> Certificate::parse_any(ByteView data) {
  if (looks_like_pem(data)) return from_pem(to_string(data));
  if (!data.empty() && data[0] == 0x30) return from_der(data);
  // Base64 DER text (as some vendors ship .cer files).
  auto decoded = base64_decode(to_string(data));
  if (decoded.ok() && !decoded->empty() && (*decoded)[0] == 0x30) return from_der(*decoded);
  return make_error("crypto.cert.parse_failed", "input is neither PEM, DER nor base64 DER");
}

Result<std::vector<Certificate>> Certificate::from_pem_bundle(std::string_view pem) {
  std::vector<Certificate> out;
  std::size_t pos = 0;
  constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  while ((pos = pem.find(kBegin, pos)) != std::string_view::npos) {
    const std::size_t end = pem.find(kEnd, pos);
    if (end == std::string_view::npos) {
      return make_error("crypto.cert.parse_failed", "PEM certificate block is not terminated");
    }
    GMSEAL_ASSIGN_OR_RETURN(Certificate cert, from_pem(pem.substr(pos, end + kEnd.size() - pos)));
    out.push_back(std::move(cert));
    pos = end + kEnd.size();
  }
  if (out.empty()) return make_error("crypto.cert.parse_failed", "no PEM certificate found");
  return out;
}

const Bytes& Certificate::der() const { return state_->der; }

std::string Certificate::pem() const {
  internal::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), state_->x509.get());
  return to_string(internal::bio_contents(bio.get()));
}

DistinguishedName Certificate::subject() const {
  return convert_name(X509_get_subject_name(state_->x509.get()));
}
DistinguishedName Certificate::issuer() const {
  return convert_name(X509_get_issuer_name(state_->x509.get()));
}

std::string Certificate::serial_hex() const {
  return internal::CertAccess::serial_hex_of(X509_get0_serialNumber(state_->x509.get()));
}

Time Certificate::not_before() const {
  return internal::CertAccess::time_of(X509_get0_notBefore(state_->x509.get()));
}
Time Certificate::not_after() const {
  return internal::CertAccess::time_of(X509_get0_notAfter(state_->x509.get()));
}
int Certificate::version() const {
  return static_cast<int>(X509_get_version(state_->x509.get())) + 1;
}

std::optional<unsigned> Certificate::key_usage() const {
  X509* x = state_->x509.get();
  if ((X509_get_extension_flags(x) & EXFLAG_KUSAGE) == 0) return std::nullopt;
  const std::uint32_t bits = X509_get_key_usage(x);
  // OpenSSL's KU_* constants follow the DER bit order of the first octet.
  unsigned out = 0;
  if (bits & KU_DIGITAL_SIGNATURE) out |= kKuDigitalSignature;
  if (bits & KU_NON_REPUDIATION) out |= kKuNonRepudiation;
  if (bits & KU_KEY_ENCIPHERMENT) out |= kKuKeyEncipherment;
  if (bits & KU_DATA_ENCIPHERMENT) out |= kKuDataEncipherment;
  if (bits & KU_KEY_AGREEMENT) out |= kKuKeyAgreement;
  if (bits & KU_KEY_CERT_SIGN) out |= kKuKeyCertSign;
  if (bits & KU_CRL_SIGN) out |= kKuCrlSign;
  return out;
}

std::vector<std::string> Certificate::extended_key_usage() const {
  std::vector<std::string> out;
  auto* eku = static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(state_->x509.get(), NID_ext_key_usage, nullptr, nullptr));
  if (eku == nullptr) {
    internal::clear_openssl_errors();
    return out;
  }
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku); ++i)
    out.push_back(oid_text(sk_ASN1_OBJECT_value(eku, i)));
  EXTENDED_KEY_USAGE_free(eku);
  return out;
}

bool Certificate::is_ca() const { return X509_check_ca(state_->x509.get()) != 0; }

Bytes Certificate::subject_key_id() const {
  return octets_of(X509_get0_subject_key_id(state_->x509.get()));
}
Bytes Certificate::authority_key_id() const {
  return octets_of(X509_get0_authority_key_id(state_->x509.get()));
}

std::string Certificate::signature_algorithm_oid() const {
  const X509_ALGOR* alg = nullptr;
  X509_get0_signature(nullptr, &alg, state_->x509.get());
  const ASN1_OBJECT* object = nullptr;
  X509_ALGOR_get0(&object, nullptr, nullptr, alg);
  return oid_text(object);
}

std::string Certificate::public_key_algorithm_oid() const {
  X509_PUBKEY* pub = X509_get_X509_PUBKEY(state_->x509.get());
  ASN1_OBJECT* object = nullptr;
  X509_PUBKEY_get0_param(&object, nullptr, nullptr, nullptr, pub);
  return oid_text(object);
}

Result<Sm2PublicKey> Certificate::public_key() const {
  // Re-read the SubjectPublicKeyInfo so that the key is converted to the SM2 type.
  unsigned char* out = nullptr;
  const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(state_->x509.get()), &out);
  if (size <= 0) return openssl_error("crypto.cert.parse_failed", "certificate has no public key");
  Bytes spki(out, out + size);
  OPENSSL_free(out);
  return Sm2PublicKey::from_der(spki);
}

Bytes Certificate::public_key_bits() const {
  const unsigned char* bits = nullptr;
  int size = 0;
  X509_PUBKEY_get0_param(nullptr, &bits, &size, nullptr, X509_get_X509_PUBKEY(state_->x509.get()));
  if (bits == nullptr || size <= 0) return {};
  return Bytes(bits, bits + size);
}

ByteView Certificate::tbs_bytes() const { return state_->tbs; }
ByteView Certificate::signature_value() const { return state_->signature; }

Status Certificate::verify_signature(const Sm2PublicKey& issuer_key, std::string_view id) const {
  const std::string alg = signature_algorithm_oid();
  if (alg != kOidSm2WithSm3) {
    return make_error("crypto.cert.unsupported_algorithm", "certificate is signed with " + alg +
                                                               ", not SM2-with-SM3 (" +
                                                               std::string(kOidSm2WithSm3) + ")");
  }
  Sm2VerifyOptions options;
  options.id = std::string(id);
  const Status status = sm2_verify(issuer_key, tbs_bytes(), signature_value(), options);
  if (!status.ok()) {
    return make_error("crypto.cert.bad_signature",
                      "certificate signature does not verify with the issuer key (" +
                          status.error().message + ")");
  }
  return {};
}

bool Certificate::is_self_issued() const {
  return X509_NAME_cmp(X509_get_subject_name(state_->x509.get()),
                       X509_get_issuer_name(state_->x509.get())) == 0;
}

Sm3Digest Certificate::sm3_fingerprint() const { return sm3(state_->der); }

}  // namespace gmseal::crypto
