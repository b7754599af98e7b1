#include "tsa/request.h"

#include "util/der.h"
#include "util/der_writer.h"

namespace gmseal::tsa {

namespace {

Error bad_format(const std::string& what) {
  return make_error("tsa.bad_data_format", "TimeStampReq: " + what, "request");
}

template <typename T>
Result<T> in_field(Result<T> result, const std::string& field) {
  if (result.ok()) return result;
  return make_error("tsa.bad_data_format", "TimeStampReq: " + field + ": " + result.error().message,
                    field);
}

void append(Bytes& out, ByteView part) { out.insert(out.end(), part.begin(), part.end()); }

}  // namespace

Result<TimeStampRequest> parse_request(ByteView der) {
  TimeStampRequest out;
  GMSEAL_ASSIGN_OR_RETURN(der::Element top, in_field(der::parse_single(der), "TimeStampReq"));
  if (top.tag != der::kSequence) return bad_format("not a SEQUENCE");
  der::Reader r(top.content, 2);
  GMSEAL_ASSIGN_OR_RETURN(der::Element version,
                          in_field(r.expect(der::kInteger, "version"), "version"));
  GMSEAL_ASSIGN_OR_RETURN(std::int64_t v,
                          in_field(der::read_integer(version, "version"), "version"));
  GMSEAL_ASSIGN_OR_RETURN(der::Element imprint,
                          in_field(r.expect(der::kSequence, "messageImprint"), "messageImprint"));
  {
    der::Reader ir(imprint.content, imprint.offset);
    GMSEAL_ASSIGN_OR_RETURN(der::Element alg,
                            in_field(ir.expect(der::kSequence, "hashAlgorithm"), "hashAlgorithm"));
    der::Reader ar(alg.content, alg.offset);
    GMSEAL_ASSIGN_OR_RETURN(der::Element oid,
                            in_field(ar.expect(der::kOid, "algorithm"), "hashAlgorithm"));
    GMSEAL_ASSIGN_OR_RETURN(out.hash_oid,
                            in_field(der::read_oid(oid, "algorithm"), "hashAlgorithm"));
    if (!ar.at_end()) {  // parameters: absent or NULL
      GMSEAL_ASSIGN_OR_RETURN(der::Element params, in_field(ar.next(), "hashAlgorithm"));
      if (params.tag != der::kNull || !params.content.empty() || !ar.at_end()) {
        return bad_format("hashAlgorithm parameters are neither absent nor NULL");
      }
    }
    GMSEAL_ASSIGN_OR_RETURN(
        der::Element hashed,
        in_field(ir.expect(der::kOctetString, "hashedMessage"), "hashedMessage"));
    if (!ir.at_end()) return bad_format("messageImprint has more than two fields");
    out.hashed_message.assign(hashed.content.begin(), hashed.content.end());
  }
  while (!r.at_end()) {
    GMSEAL_ASSIGN_OR_RETURN(der::Element e, in_field(r.next(), "TimeStampReq"));
    if (e.tag == der::kOid && !out.policy && !out.nonce && !out.cert_req && !out.has_extensions) {
      GMSEAL_ASSIGN_OR_RETURN(std::string policy,
                              in_field(der::read_oid(e, "reqPolicy"), "reqPolicy"));
      out.policy = std::move(policy);
    } else if (e.tag == der::kInteger && !out.nonce && !out.cert_req && !out.has_extensions) {
      if (e.content.empty()) return bad_format("nonce is an empty INTEGER");
      out.nonce = Bytes(e.content.begin(), e.content.end());
    } else if (e.tag == der::kBoolean && !out.cert_req && !out.has_extensions) {
      if (e.content.size() != 1) return bad_format("certReq is not a one-octet BOOLEAN");
      out.cert_req = e.content[0] != 0;
    } else if (e.tag == 0xa0 && !out.has_extensions) {
      out.has_extensions = true;
    } else {
      return bad_format("unexpected field with tag 0x" + hex_encode(Bytes{e.tag}) + " at offset " +
                        std::to_string(e.offset));
    }
  }
  if (v != 1) {
    return make_error("tsa.bad_request", "TimeStampReq: version " + std::to_string(v) + " is not 1",
                      "version");
  }
  out.version = 1;
  return out;
}

Bytes build_request(const TimeStampRequest& request) {
  Bytes alg = der::encode_oid(request.hash_oid);
  append(alg, Bytes{der::kNull, 0x00});
  Bytes imprint = der::encode_tlv(der::kSequence, alg);
  append(imprint, der::encode_tlv(der::kOctetString, request.hashed_message));
  Bytes body = der::encode_tlv(der::kInteger, Bytes{static_cast<std::uint8_t>(request.version)});
  append(body, der::encode_tlv(der::kSequence, imprint));
  if (request.policy) append(body, der::encode_oid(*request.policy));
  if (request.nonce) append(body, der::encode_tlv(der::kInteger, *request.nonce));
  if (request.cert_req) append(body, Bytes{der::kBoolean, 0x01, 0xff});
  return der::encode_tlv(der::kSequence, body);
}

Bytes nonce_from_random(ByteView random) {
  Bytes out(random.begin(), random.end());
  while (out.size() > 1 && out[0] == 0 && (out[1] & 0x80) == 0) out.erase(out.begin());
  if (out.empty()) out.push_back(0);
  if ((out[0] & 0x80) != 0) out.insert(out.begin(), 0x00);
  return out;
}

}  // namespace gmseal::tsa
