#include "ses/internal/ses_asn1.h"

#include <openssl/asn1.h>
#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <memory>

namespace gmseal::ses::internal {

namespace {

// ---- Templates (field order = the ASN.1 in ses_asn1.h / seal_info.h) -------------------------

struct HeaderAsn1 {
  ASN1_IA5STRING* id;
  ASN1_INTEGER* version;
  ASN1_IA5STRING* vid;
};
ASN1_SEQUENCE(HeaderAsn1) =
    {
        ASN1_SIMPLE(HeaderAsn1, id, ASN1_IA5STRING),
        ASN1_SIMPLE(HeaderAsn1, version, ASN1_INTEGER),
        ASN1_SIMPLE(HeaderAsn1, vid, ASN1_IA5STRING),
} ASN1_SEQUENCE_END(HeaderAsn1)

        struct CertDigestAsn1 {
  ASN1_PRINTABLESTRING* type;
  ASN1_OCTET_STRING* value;
};
ASN1_SEQUENCE(CertDigestAsn1) =
    {
        ASN1_SIMPLE(CertDigestAsn1, type, ASN1_PRINTABLESTRING),
        ASN1_SIMPLE(CertDigestAsn1, value, ASN1_OCTET_STRING),
} ASN1_SEQUENCE_END(CertDigestAsn1)

    // SES_CertList is an untagged CHOICE of two SEQUENCE OFs; exactly one of the two OPTIONAL
    // stacks is set, which encodes the chosen arm (the templates are only used for writing).
    struct PropertyAsn1 {
  ASN1_INTEGER* type;
  ASN1_UTF8STRING* name;
  ASN1_INTEGER* cert_list_type;
  OPENSSL_STACK* certs;    // of ASN1_OCTET_STRING
  OPENSSL_STACK* digests;  // of CertDigestAsn1
  ASN1_GENERALIZEDTIME* create_date;
  ASN1_GENERALIZEDTIME* valid_start;
  ASN1_GENERALIZEDTIME* valid_end;
};
ASN1_SEQUENCE(PropertyAsn1) =
    {
        ASN1_SIMPLE(PropertyAsn1, type, ASN1_INTEGER),
        ASN1_SIMPLE(PropertyAsn1, name, ASN1_UTF8STRING),
        ASN1_SIMPLE(PropertyAsn1, cert_list_type, ASN1_INTEGER),
        ASN1_SEQUENCE_OF_OPT(PropertyAsn1, certs, ASN1_OCTET_STRING),
        ASN1_SEQUENCE_OF_OPT(PropertyAsn1, digests, CertDigestAsn1),
        ASN1_SIMPLE(PropertyAsn1, create_date, ASN1_GENERALIZEDTIME),
        ASN1_SIMPLE(PropertyAsn1, valid_start, ASN1_GENERALIZEDTIME),
        ASN1_SIMPLE(PropertyAsn1, valid_end, ASN1_GENERALIZEDTIME),
} ASN1_SEQUENCE_END(PropertyAsn1)

        struct PictureAsn1 {
  ASN1_IA5STRING* type;
  ASN1_OCTET_STRING* data;
  ASN1_INTEGER* width;
  ASN1_INTEGER* height;
};
ASN1_SEQUENCE(PictureAsn1) =
    {
        ASN1_SIMPLE(PictureAsn1, type, ASN1_IA5STRING),
        ASN1_SIMPLE(PictureAsn1, data, ASN1_OCTET_STRING),
        ASN1_SIMPLE(PictureAsn1, width, ASN1_INTEGER),
        ASN1_SIMPLE(PictureAsn1, height, ASN1_INTEGER),
} ASN1_SEQUENCE_END(PictureAsn1)

    // `critical` is a plain BOOLEAN (not FBOOLEAN) so that FALSE is written out: ofdrw and GOMAIN
    // emit `01 01 00` and ofdrw's reader drops ExtData entries without it.
    struct ExtDataAsn1 {
  ASN1_OBJECT* oid;
  ASN1_BOOLEAN critical;
  ASN1_OCTET_STRING* value;
};
ASN1_SEQUENCE(ExtDataAsn1) =
    {
        ASN1_SIMPLE(ExtDataAsn1, oid, ASN1_OBJECT),
        ASN1_SIMPLE(ExtDataAsn1, critical, ASN1_BOOLEAN),
        ASN1_SIMPLE(ExtDataAsn1, value, ASN1_OCTET_STRING),
} ASN1_SEQUENCE_END(ExtDataAsn1)

        struct SealInfoAsn1 {
  HeaderAsn1* header;
  ASN1_IA5STRING* es_id;
  PropertyAsn1* property;
  PictureAsn1* picture;
  OPENSSL_STACK* ext_datas;  // of ExtDataAsn1; untagged, as every real file has it
};
ASN1_SEQUENCE(SealInfoAsn1) =
    {
        ASN1_SIMPLE(SealInfoAsn1, header, HeaderAsn1),
        ASN1_SIMPLE(SealInfoAsn1, es_id, ASN1_IA5STRING),
        ASN1_SIMPLE(SealInfoAsn1, property, PropertyAsn1),
        ASN1_SIMPLE(SealInfoAsn1, picture, PictureAsn1),
        ASN1_SEQUENCE_OF_OPT(SealInfoAsn1, ext_datas, ExtDataAsn1),
} ASN1_SEQUENCE_END(SealInfoAsn1)

    // The signed part is an ANY holding its exact DER (V_ASN1_SEQUENCE values are written
    // verbatim).
    struct SealAsn1 {
  ASN1_TYPE* seal_info;
  ASN1_OCTET_STRING* cert;
  ASN1_OBJECT* sign_alg;
  ASN1_BIT_STRING* signed_value;
  ASN1_BIT_STRING* timestamp;
};
ASN1_SEQUENCE(SealAsn1) =
    {
        ASN1_SIMPLE(SealAsn1, seal_info, ASN1_ANY),
        ASN1_SIMPLE(SealAsn1, cert, ASN1_OCTET_STRING),
        ASN1_SIMPLE(SealAsn1, sign_alg, ASN1_OBJECT),
        ASN1_SIMPLE(SealAsn1, signed_value, ASN1_BIT_STRING),
        ASN1_EXP_OPT(SealAsn1, timestamp, ASN1_BIT_STRING, 0),
} ASN1_SEQUENCE_END(SealAsn1)

        struct TbsSignAsn1 {
  ASN1_INTEGER* version;
  ASN1_TYPE* eseal;
  ASN1_GENERALIZEDTIME* time_info;
  ASN1_BIT_STRING* data_hash;
  ASN1_IA5STRING* property_info;
  OPENSSL_STACK* ext_datas;
};
ASN1_SEQUENCE(TbsSignAsn1) =
    {
        ASN1_SIMPLE(TbsSignAsn1, version, ASN1_INTEGER),
        ASN1_SIMPLE(TbsSignAsn1, eseal, ASN1_ANY),
        ASN1_SIMPLE(TbsSignAsn1, time_info, ASN1_GENERALIZEDTIME),
        ASN1_SIMPLE(TbsSignAsn1, data_hash, ASN1_BIT_STRING),
        ASN1_SIMPLE(TbsSignAsn1, property_info, ASN1_IA5STRING),
        ASN1_EXP_SEQUENCE_OF_OPT(TbsSignAsn1, ext_datas, ExtDataAsn1, 0),
} ASN1_SEQUENCE_END(TbsSignAsn1)

        struct SignatureAsn1 {
  ASN1_TYPE* to_sign;
  ASN1_OCTET_STRING* cert;
  ASN1_OBJECT* sign_alg;
  ASN1_BIT_STRING* signature;
  ASN1_BIT_STRING* timestamp;
};
ASN1_SEQUENCE(SignatureAsn1) =
    {
        ASN1_SIMPLE(SignatureAsn1, to_sign, ASN1_ANY),
        ASN1_SIMPLE(SignatureAsn1, cert, ASN1_OCTET_STRING),
        ASN1_SIMPLE(SignatureAsn1, sign_alg, ASN1_OBJECT),
        ASN1_SIMPLE(SignatureAsn1, signature, ASN1_BIT_STRING),
        ASN1_EXP_OPT(SignatureAsn1, timestamp, ASN1_BIT_STRING, 0),
} ASN1_SEQUENCE_END(SignatureAsn1)

    // ---- Helpers
    // ---------------------------------------------------------------------------------

    // Owns one template value and frees it (with everything it points to) on scope exit.
    template <typename T>
    class Value {
 public:
  explicit Value(const ASN1_ITEM* item)
      : item_(item), value_(reinterpret_cast<T*>(ASN1_item_new(item))) {}
  ~Value() {
    if (value_ != nullptr) ASN1_item_free(reinterpret_cast<ASN1_VALUE*>(value_), item_);
  }
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;
  T* get() const { return value_; }
  T* operator->() const { return value_; }
  // Hands the value to a parent structure (which frees it from then on).
  T* release() {
    T* v = value_;
    value_ = nullptr;
    return v;
  }

 private:
  const ASN1_ITEM* item_;
  T* value_;
};

Error failure(const std::string& what) {
  std::string detail;
  if (const unsigned long e = ERR_get_error(); e != 0) {
    char buffer[256];
    ERR_error_string_n(e, buffer, sizeof buffer);
    detail = std::string(": ") + buffer;
  }
  ERR_clear_error();
  return make_error("ses.encode.failed", "encoding " + what + " failed" + detail, what);
}

Status set_string(ASN1_STRING* s, ByteView bytes, const std::string& what) {
  if (s == nullptr || ASN1_STRING_set(s, bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return failure(what);
  }
  return {};
}
Status set_text(ASN1_STRING* s, std::string_view text, const std::string& what) {
  return set_string(s, ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
                    what);
}
Status set_ia5(ASN1_STRING* s, std::string_view text, const std::string& what) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return make_error("ses.encode.bad_field", what + " must be IA5 (ASCII) text", what);
    }
  }
  return set_text(s, text, what);
}
Status set_printable(ASN1_STRING* s, std::string_view text, const std::string& what) {
  static constexpr std::string_view kExtra = " '()+,-./:=?";
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    kExtra.find(c) != std::string_view::npos;
    if (!ok) {
      return make_error("ses.encode.bad_field", what + " must be PrintableString text", what);
    }
  }
  return set_text(s, text, what);
}
Status set_integer(ASN1_INTEGER* i, std::int64_t value, const std::string& what) {
  if (i == nullptr || ASN1_INTEGER_set_int64(i, value) != 1) return failure(what);
  return {};
}
Status set_time(ASN1_GENERALIZEDTIME* t, Time time, const std::string& what) {
  const std::string text = format_generalized_time(time);
  if (t == nullptr || ASN1_GENERALIZEDTIME_set_string(t, text.c_str()) != 1) return failure(what);
  return {};
}
// BIT STRING with unused-bits octet 00. Without ASN1_STRING_FLAG_BITS_LEFT OpenSSL would derive
// the unused bits from trailing zero bits and drop trailing zero bytes, corrupting signatures.
Status set_bits(ASN1_BIT_STRING* b, ByteView bytes, const std::string& what) {
  GMSEAL_RETURN_IF_ERROR(set_string(b, bytes, what));
  b->flags &= ~static_cast<long>(0x07);
  b->flags |= ASN1_STRING_FLAG_BITS_LEFT;
  return {};
}
Status set_oid(ASN1_OBJECT** slot, std::string_view oid, const std::string& what) {
  ASN1_OBJECT* object = OBJ_txt2obj(std::string(oid).c_str(), 1);
  if (object == nullptr) {
    ERR_clear_error();
    return make_error("ses.encode.bad_field",
                      what + ": '" + std::string(oid) + "' is not a dotted OBJECT IDENTIFIER",
                      what);
  }
  ASN1_OBJECT_free(*slot);
  *slot = object;
  return {};
}
// An ANY holding `der` (a complete SEQUENCE TLV) verbatim.
Status set_any_sequence(ASN1_TYPE* any, ByteView der, const std::string& what) {
  if (der.empty() || der[0] != 0x30) {
    return make_error("ses.encode.bad_field", what + " must be a DER SEQUENCE", what);
  }
  ASN1_STRING* s = ASN1_STRING_type_new(V_ASN1_SEQUENCE);
  if (s == nullptr || ASN1_STRING_set(s, der.data(), static_cast<int>(der.size())) != 1) {
    ASN1_STRING_free(s);
    return failure(what);
  }
  ASN1_TYPE_set(any, V_ASN1_SEQUENCE, s);
  return {};
}
Status set_optional_bits(ASN1_BIT_STRING** slot, const std::optional<Bytes>& value,
                         const std::string& what) {
  if (!value) return {};
  ASN1_BIT_STRING* b = ASN1_BIT_STRING_new();
  if (b == nullptr) return failure(what);
  *slot = b;  // owned by the parent from here on
  return set_bits(b, *value, what);
}

// The stack is handed to the parent before any element is added, so nothing leaks on failure.
Result<OPENSSL_STACK*> make_stack(const std::string& what) {
  OPENSSL_STACK* stack = OPENSSL_sk_new_null();
  if (stack == nullptr) return failure(what);
  return stack;
}

Status fill_ext_datas(OPENSSL_STACK* stack, const std::vector<ExtData>& ext_datas,
                      const std::string& what) {
  for (std::size_t i = 0; i < ext_datas.size(); ++i) {
    const std::string field = what + "[" + std::to_string(i) + "]";
    Value<ExtDataAsn1> ext(ASN1_ITEM_rptr(ExtDataAsn1));
    if (ext.get() == nullptr) return failure(field);
    GMSEAL_RETURN_IF_ERROR(set_oid(&ext->oid, ext_datas[i].oid, field + ".extnID"));
    ext->critical = ext_datas[i].critical ? 0xff : 0;
    GMSEAL_RETURN_IF_ERROR(set_string(ext->value, ext_datas[i].value, field + ".extnValue"));
    if (OPENSSL_sk_push(stack, ext.get()) == 0) return failure(field);
    ext.release();
  }
  return {};
}

template <typename T>
Result<Bytes> to_der(const Value<T>& value, const ASN1_ITEM* item, const std::string& what) {
  unsigned char* out = nullptr;
  const int length = ASN1_item_i2d(reinterpret_cast<ASN1_VALUE*>(value.get()), &out, item);
  if (length <= 0 || out == nullptr) return failure(what);
  Bytes der(out, out + length);
  OPENSSL_free(out);
  return der;
}

}  // namespace

Result<Bytes> encode_seal_info(const SealInfo& info) {
  Value<SealInfoAsn1> v(ASN1_ITEM_rptr(SealInfoAsn1));
  if (v.get() == nullptr) return failure("SES_SealInfo");

  GMSEAL_RETURN_IF_ERROR(set_ia5(v->header->id, info.header.id, "header.ID"));
  GMSEAL_RETURN_IF_ERROR(set_integer(v->header->version, info.header.version, "header.version"));
  GMSEAL_RETURN_IF_ERROR(set_ia5(v->header->vid, info.header.vid, "header.Vid"));
  GMSEAL_RETURN_IF_ERROR(set_ia5(v->es_id, info.es_id, "esID"));

  const SealProperty& p = info.property;
  PropertyAsn1* property = v->property;
  GMSEAL_RETURN_IF_ERROR(set_integer(property->type, p.type, "property.type"));
  GMSEAL_RETURN_IF_ERROR(set_text(property->name, p.name, "property.name"));
  GMSEAL_RETURN_IF_ERROR(set_integer(property->cert_list_type,
                                     static_cast<std::int64_t>(p.cert_list_type),
                                     "property.certListType"));
  if (p.cert_list_type == CertListType::kCertificates) {
    property->certs = OPENSSL_sk_new_null();
    if (property->certs == nullptr) return failure("property.certList");
    for (const Bytes& cert : p.certs) {
      ASN1_OCTET_STRING* s = ASN1_OCTET_STRING_new();
      if (s == nullptr || OPENSSL_sk_push(property->certs, s) == 0) {
        ASN1_OCTET_STRING_free(s);
        return failure("property.certList");
      }
      GMSEAL_RETURN_IF_ERROR(set_string(s, cert, "property.certList"));
    }
  } else if (p.cert_list_type == CertListType::kDigests) {
    property->digests = OPENSSL_sk_new_null();
    if (property->digests == nullptr) return failure("property.certList");
    for (const CertDigest& digest : p.cert_digests) {
      Value<CertDigestAsn1> d(ASN1_ITEM_rptr(CertDigestAsn1));
      if (d.get() == nullptr) return failure("property.certList");
      GMSEAL_RETURN_IF_ERROR(set_printable(d->type, digest.type, "property.certList.type"));
      GMSEAL_RETURN_IF_ERROR(set_string(d->value, digest.value, "property.certList.value"));
      if (OPENSSL_sk_push(property->digests, d.get()) == 0) return failure("property.certList");
      d.release();
    }
  } else {
    return make_error("ses.encode.bad_field", "certListType must be 1 or 2",
                      "property.certListType");
  }
  GMSEAL_RETURN_IF_ERROR(set_time(property->create_date, p.create_date, "property.createDate"));
  GMSEAL_RETURN_IF_ERROR(set_time(property->valid_start, p.valid_start, "property.validStart"));
  GMSEAL_RETURN_IF_ERROR(set_time(property->valid_end, p.valid_end, "property.validEnd"));

  GMSEAL_RETURN_IF_ERROR(set_ia5(v->picture->type, info.picture.type, "picture.type"));
  GMSEAL_RETURN_IF_ERROR(set_string(v->picture->data, info.picture.data, "picture.data"));
  GMSEAL_RETURN_IF_ERROR(set_integer(v->picture->width, info.picture.width_mm, "picture.width"));
  GMSEAL_RETURN_IF_ERROR(set_integer(v->picture->height, info.picture.height_mm, "picture.height"));

  if (!info.ext_datas.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(v->ext_datas, make_stack("extDatas"));
    GMSEAL_RETURN_IF_ERROR(fill_ext_datas(v->ext_datas, info.ext_datas, "extDatas"));
  }
  return to_der(v, ASN1_ITEM_rptr(SealInfoAsn1), "SES_SealInfo");
}

Result<Bytes> encode_seal(ByteView seal_info_der, ByteView maker_cert_der,
                          std::string_view sign_alg_oid, ByteView signed_value,
                          const std::optional<Bytes>& timestamp) {
  Value<SealAsn1> v(ASN1_ITEM_rptr(SealAsn1));
  if (v.get() == nullptr) return failure("SESeal");
  GMSEAL_RETURN_IF_ERROR(set_any_sequence(v->seal_info, seal_info_der, "eSealInfo"));
  GMSEAL_RETURN_IF_ERROR(set_string(v->cert, maker_cert_der, "cert"));
  GMSEAL_RETURN_IF_ERROR(set_oid(&v->sign_alg, sign_alg_oid, "signAlgID"));
  GMSEAL_RETURN_IF_ERROR(set_bits(v->signed_value, signed_value, "signedValue"));
  GMSEAL_RETURN_IF_ERROR(set_optional_bits(&v->timestamp, timestamp, "timeStamp"));
  return to_der(v, ASN1_ITEM_rptr(SealAsn1), "SESeal");
}

Result<Bytes> encode_tbs_sign(const TbsSignFields& fields) {
  Value<TbsSignAsn1> v(ASN1_ITEM_rptr(TbsSignAsn1));
  if (v.get() == nullptr) return failure("TBS_Sign");
  GMSEAL_RETURN_IF_ERROR(set_integer(v->version, fields.version, "version"));
  GMSEAL_RETURN_IF_ERROR(set_any_sequence(v->eseal, fields.eseal_der, "eseal"));
  GMSEAL_RETURN_IF_ERROR(set_time(v->time_info, fields.signing_time, "timeInfo"));
  GMSEAL_RETURN_IF_ERROR(set_bits(v->data_hash, fields.data_hash, "dataHash"));
  GMSEAL_RETURN_IF_ERROR(set_ia5(v->property_info, fields.property_info, "propertyInfo"));
  if (fields.ext_datas != nullptr && !fields.ext_datas->empty()) {
    GMSEAL_ASSIGN_OR_RETURN(v->ext_datas, make_stack("extDatas"));
    GMSEAL_RETURN_IF_ERROR(fill_ext_datas(v->ext_datas, *fields.ext_datas, "extDatas"));
  }
  return to_der(v, ASN1_ITEM_rptr(TbsSignAsn1), "TBS_Sign");
}

Result<Bytes> encode_signature(ByteView tbs_der, ByteView signer_cert_der,
                               std::string_view sign_alg_oid, ByteView signature,
                               const std::optional<Bytes>& timestamp) {
  Value<SignatureAsn1> v(ASN1_ITEM_rptr(SignatureAsn1));
  if (v.get() == nullptr) return failure("SES_Signature");
  GMSEAL_RETURN_IF_ERROR(set_any_sequence(v->to_sign, tbs_der, "toSign"));
  GMSEAL_RETURN_IF_ERROR(set_string(v->cert, signer_cert_der, "cert"));
  GMSEAL_RETURN_IF_ERROR(set_oid(&v->sign_alg, sign_alg_oid, "signatureAlgID"));
  GMSEAL_RETURN_IF_ERROR(set_bits(v->signature, signature, "signature"));
  GMSEAL_RETURN_IF_ERROR(set_optional_bits(&v->timestamp, timestamp, "timeStamp"));
  return to_der(v, ASN1_ITEM_rptr(SignatureAsn1), "SES_Signature");
}

}  // namespace gmseal::ses::internal
