#include "crypto/csr.h"

#include <openssl/pem.h>

#include "crypto/internal/cert_access.h"
#include "crypto/internal/key_access.h"
#include "crypto/internal/ossl.h"
#include "crypto/internal/x509_signing.h"
#include "util/der.h"

namespace gmseal::crypto {

namespace {

using X509ReqPtr = internal::OsslPtr<X509_REQ, X509_REQ_free>;

Result<ByteView> der_of(ByteView data, Bytes& storage) {
  if (!data.empty() && data[0] == 0x30) return data;
  const std::string text = to_string(data);
  if (text.find("-----BEGIN") != std::string::npos) {
    internal::BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    X509ReqPtr req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
    if (!req) {
      return internal::openssl_error("crypto.csr.parse_failed", "no PEM CERTIFICATE REQUEST found");
    }
    // The PEM body is the DER; re-read it as bytes rather than re-encoding the object.
    const std::size_t begin = text.find("-----BEGIN");
    const std::size_t body = text.find('\n', begin);
    const std::size_t end = text.find("-----END", body);
    if (body == std::string::npos || end == std::string::npos) {
      return make_error("crypto.csr.parse_failed", "malformed PEM request");
    }
    GMSEAL_ASSIGN_OR_RETURN(storage, base64_decode(text.substr(body + 1, end - body - 1)));
    return ByteView(storage);
  }
  auto decoded = base64_decode(text);
  if (!decoded.ok()) {
    return make_error("crypto.csr.parse_failed", "not a DER, PEM or base64 certificate request");
  }
  storage = std::move(*decoded);
  return ByteView(storage);
}

}  // namespace

Result<CertificateRequest> CertificateRequest::create(const DistinguishedName& subject,
                                                      Signer& signer, std::string_view id) {
  X509ReqPtr req(X509_REQ_new());
  internal::X509NamePtr name(X509_NAME_new());
  if (!req || !name || X509_REQ_set_version(req.get(), 0) != 1) {
    return internal::openssl_error("crypto.csr.sign_failed", "cannot allocate a request");
  }
  if (subject.attributes.empty()) {
    return make_error("crypto.csr.bad_subject", "a request needs a subject");
  }
  for (const NameAttribute& a : subject.attributes) {
    internal::Asn1ObjectPtr object(OBJ_txt2obj(a.oid.c_str(), 1));
    const int type = a.oid == kOidCountry ? V_ASN1_PRINTABLESTRING : V_ASN1_UTF8STRING;
    if (!object || a.value.empty() ||
        X509_NAME_add_entry_by_OBJ(name.get(), object.get(), type,
                                   reinterpret_cast<const unsigned char*>(a.value.data()),
                                   static_cast<int>(a.value.size()), -1, 0) != 1) {
      return internal::openssl_error("crypto.csr.bad_subject",
                                     "cannot add subject attribute " + a.oid);
    }
  }
  const Sm2PublicKey key = signer.public_key();
  if (X509_REQ_set_subject_name(req.get(), name.get()) != 1 ||
      X509_REQ_set_pubkey(req.get(), internal::KeyAccess::get0(key)) != 1) {
    return internal::openssl_error("crypto.csr.sign_failed", "cannot fill in the request");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes der, internal::sign_request(req.get(), signer, id));
  return parse(der, id);
}

Result<CertificateRequest> CertificateRequest::parse(ByteView data, std::string_view id) {
  Bytes storage;
  GMSEAL_ASSIGN_OR_RETURN(const ByteView der, der_of(data, storage));
  auto top = der::parse_single(der);
  if (!top.ok() || top->tag != der::kSequence) {
    return make_error("crypto.csr.parse_failed", "a certificate request is one DER SEQUENCE");
  }
  der::Reader reader(top->content);
  auto info = reader.expect(der::kSequence, "certificationRequestInfo");
  if (!info.ok()) return make_error("crypto.csr.parse_failed", info.error().message);
  auto algorithm = reader.expect(der::kSequence, "signatureAlgorithm");
  if (!algorithm.ok()) return make_error("crypto.csr.parse_failed", algorithm.error().message);
  auto signature = reader.expect(der::kBitString, "signature");
  if (!signature.ok() || !reader.at_end()) {
    return make_error("crypto.csr.parse_failed", "malformed signature or trailing data");
  }
  der::Reader algorithm_reader(algorithm->content);
  auto oid_element = algorithm_reader.expect(der::kOid, "algorithm");
  if (!oid_element.ok()) return make_error("crypto.csr.parse_failed", oid_element.error().message);
  GMSEAL_ASSIGN_OR_RETURN(const std::string oid, der::read_oid(*oid_element, "algorithm"));
  if (oid != kOidSm2WithSm3) {
    return make_error(
        "crypto.csr.bad_algorithm",
        "signature algorithm " + oid + " is not SM2-with-SM3 (" + std::string(kOidSm2WithSm3) + ")",
        "signatureAlgorithm");
  }
  GMSEAL_ASSIGN_OR_RETURN(const ByteView signature_bytes,
                          der::read_bit_string(*signature, "signature"));

  const unsigned char* cursor = der.data();
  X509ReqPtr req(d2i_X509_REQ(nullptr, &cursor, static_cast<long>(der.size())));
  if (!req) return internal::openssl_error("crypto.csr.parse_failed", "cannot decode the request");
  EVP_PKEY* pkey = X509_REQ_get0_pubkey(req.get());  // get0: borrowed
  if (pkey == nullptr) {
    return internal::openssl_error("crypto.csr.parse_failed", "the request has no public key");
  }
  unsigned char* spki = nullptr;
  const int spki_size = i2d_PUBKEY(pkey, &spki);
  if (spki_size <= 0) return internal::openssl_error("crypto.csr.parse_failed", "bad public key");
  const Bytes spki_der(spki, spki + spki_size);
  OPENSSL_free(spki);
  GMSEAL_ASSIGN_OR_RETURN(Sm2PublicKey key, Sm2PublicKey::from_der(spki_der));

  Sm2VerifyOptions options;
  options.id = std::string(id);
  if (auto status = sm2_verify(key, info->whole, signature_bytes, options); !status.ok()) {
    return make_error("crypto.csr.bad_signature", "the request's self-signature does not verify (" +
                                                      status.error().message + ")");
  }
  DistinguishedName subject = internal::CertAccess::name_of(X509_REQ_get_subject_name(req.get()));
  return CertificateRequest(Bytes(der.begin(), der.end()), std::move(key), std::move(subject));
}

std::string CertificateRequest::pem() const {
  std::string out = "-----BEGIN CERTIFICATE REQUEST-----\n";
  const std::string b64 = base64_encode(der_);
  for (std::size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
  out += "-----END CERTIFICATE REQUEST-----\n";
  return out;
}

}  // namespace gmseal::crypto
