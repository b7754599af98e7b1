#include "crypto/cert_builder.h"

#include <openssl/x509v3.h>

#include "crypto/internal/cert_access.h"
#include "crypto/internal/key_access.h"
#include "crypto/internal/x509_signing.h"
#include "crypto/random.h"

namespace gmseal::crypto {

using internal::openssl_error;

Result<CertProfile> parse_cert_profile(std::string_view text) {
  if (text == "root" || text == "ca") return CertProfile::kRoot;
  if (text == "unit") return CertProfile::kUnit;
  if (text == "personal") return CertProfile::kPersonal;
  if (text == "maker") return CertProfile::kMaker;
  if (text == "system") return CertProfile::kSystem;
  if (text == "tsa") return CertProfile::kTsa;
  return make_error("crypto.cert.bad_profile",
                    "unknown certificate profile '" + std::string(text) +
                        "' (expected root, unit, personal, maker, system or tsa)",
                    "profile");
}

std::string_view to_string(CertProfile profile) {
  switch (profile) {
    case CertProfile::kRoot:
      return "root";
    case CertProfile::kUnit:
      return "unit";
    case CertProfile::kPersonal:
      return "personal";
    case CertProfile::kMaker:
      return "maker";
    case CertProfile::kSystem:
      return "system";
    case CertProfile::kTsa:
      return "tsa";
  }
  return "unknown";
}

namespace {

Result<DistinguishedName> subject_for(const CertTemplate& spec) {
  switch (spec.profile) {
    case CertProfile::kUnit:
      return make_gmt0015_subject(SubjectKind::kUnit, spec.name, spec.id_code);
    case CertProfile::kPersonal:
      return make_gmt0015_subject(SubjectKind::kPersonal, spec.name, spec.id_code);
    default:
      break;
  }
  if (spec.name.empty()) {
    return make_error("crypto.cert.bad_subject", "the subject name is empty", "name");
  }
  // Organisation certificates (CA, maker, system, TSA) belong to units: with a code they follow
  // the unit rules too, so that their holder is identifiable the same way.
  if (!spec.id_code.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(DistinguishedName dn,
                            make_gmt0015_subject(SubjectKind::kUnit, spec.name, spec.id_code));
    dn.attributes.insert(dn.attributes.begin() + 1,
                         {std::string(kOidOrganization), "O", spec.name});
    return dn;
  }
  DistinguishedName dn;
  dn.attributes = {{std::string(kOidCountry), "C", "CN"},
                   {std::string(kOidOrganization), "O", spec.name},
                   {std::string(kOidCommonName), "CN", spec.name}};
  return dn;
}

Status add_name(X509_NAME* name, const DistinguishedName& dn) {
  for (const NameAttribute& a : dn.attributes) {
    internal::Asn1ObjectPtr object(OBJ_txt2obj(a.oid.c_str(), 1));
    // Country is PrintableString by definition; the rest UTF8String (Chinese names).
    const int type = a.oid == kOidCountry ? V_ASN1_PRINTABLESTRING : V_ASN1_UTF8STRING;
    if (!object ||
        X509_NAME_add_entry_by_OBJ(name, object.get(), type,
                                   reinterpret_cast<const unsigned char*>(a.value.data()),
                                   static_cast<int>(a.value.size()), -1, 0) != 1) {
      return openssl_error("crypto.cert.bad_subject", "cannot add attribute " + a.short_name);
    }
  }
  return {};
}

Status add_extension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  internal::X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return openssl_error("crypto.cert.sign_failed",
                         std::string("cannot add extension ") + OBJ_nid2sn(nid) + "=" + value);
  }
  return {};
}

Status set_serial(X509* cert, const std::string& serial_hex) {
  BIGNUM* bn = nullptr;
  if (serial_hex.empty()) {
    Bytes random = random_bytes(16);
    random[0] &= 0x7f;  // positive
    random[0] |= 0x40;  // and a full 16 bytes
    bn = BN_bin2bn(random.data(), static_cast<int>(random.size()), nullptr);
  } else if (BN_hex2bn(&bn, serial_hex.c_str()) == 0) {
    return make_error("crypto.cert.bad_serial", "serial '" + serial_hex + "' is not hex", "serial");
  }
  internal::BnPtr owned(bn);
  internal::Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(owned.get(), nullptr));
  if (!serial || X509_set_serialNumber(cert, serial.get()) != 1) {
    return openssl_error("crypto.cert.bad_serial", "cannot set the serial number");
  }
  return {};
}

}  // namespace

Result<Certificate> issue_certificate(const CertTemplate& spec, const Sm2PublicKey& subject_key,
                                      const Certificate* issuer, Signer& issuer_signer,
                                      std::string_view id) {
  if (spec.not_after <= spec.not_before) {
    return make_error("crypto.cert.bad_validity", "notAfter must be later than notBefore", "days");
  }
  if (issuer == nullptr && spec.profile != CertProfile::kRoot) {
    return make_error("crypto.cert.issuer_not_ca", "only a root certificate may be self-signed");
  }
  if (issuer == nullptr && !(issuer_signer.public_key() == subject_key)) {
    return make_error("crypto.cert.sign_failed",
                      "a self-signed certificate must be signed with the subject's own key");
  }
  if (issuer != nullptr) {
    const auto usage = issuer->key_usage();
    if (!issuer->is_ca() || (usage && (*usage & kKuKeyCertSign) == 0)) {
      return make_error("crypto.cert.issuer_not_ca",
                        "issuer '" + issuer->subject().to_string() + "' is not a CA certificate");
    }
    auto issuer_key = issuer->public_key();
    if (!issuer_key.ok() || !(*issuer_key == issuer_signer.public_key())) {
      return make_error("crypto.cert.sign_failed",
                        "the signing key does not belong to the issuer certificate");
    }
  }
  GMSEAL_ASSIGN_OR_RETURN(const DistinguishedName subject, subject_for(spec));

  internal::X509Ptr cert(X509_new());
  internal::X509NamePtr name(X509_NAME_new());
  internal::Asn1TimePtr not_before(ASN1_TIME_set(nullptr, to_unix(spec.not_before)));
  internal::Asn1TimePtr not_after(ASN1_TIME_set(nullptr, to_unix(spec.not_after)));
  if (!cert || !name || !not_before || !not_after ||
      X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      X509_set1_notBefore(cert.get(), not_before.get()) != 1 ||
      X509_set1_notAfter(cert.get(), not_after.get()) != 1 ||
      X509_set_pubkey(cert.get(), internal::KeyAccess::get0(subject_key)) != 1) {
    return openssl_error("crypto.cert.sign_failed", "cannot fill the certificate");
  }
  GMSEAL_RETURN_IF_ERROR(set_serial(cert.get(), spec.serial_hex));
  GMSEAL_RETURN_IF_ERROR(add_name(name.get(), subject));
  X509_set_subject_name(cert.get(), name.get());
  X509* issuer_x509 = issuer != nullptr ? internal::CertAccess::get0(*issuer) : cert.get();
  X509_set_issuer_name(cert.get(),
                       issuer != nullptr ? X509_get_subject_name(issuer_x509) : name.get());

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer_x509, cert.get(), nullptr, nullptr, 0);
  const bool is_root = spec.profile == CertProfile::kRoot;
  GMSEAL_RETURN_IF_ERROR(add_extension(cert.get(), &ctx, NID_basic_constraints,
                                       is_root ? "critical,CA:TRUE" : "critical,CA:FALSE"));
  GMSEAL_RETURN_IF_ERROR(add_extension(
      cert.get(), &ctx, NID_key_usage,
      is_root ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation"));
  if (spec.profile == CertProfile::kTsa) {
    GMSEAL_RETURN_IF_ERROR(
        add_extension(cert.get(), &ctx, NID_ext_key_usage, "critical,timeStamping"));
  }
  GMSEAL_RETURN_IF_ERROR(add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash"));
  if (issuer != nullptr) {
    GMSEAL_RETURN_IF_ERROR(
        add_extension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always"));
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes der,
                          internal::sign_certificate(cert.get(), issuer_signer, id));
  return Certificate::from_der(der);
}

}  // namespace gmseal::crypto
