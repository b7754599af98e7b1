#include "tsa/response.h"

#include "util/der.h"

namespace gmseal::tsa {

namespace {

void append(Bytes& out, ByteView part) { out.insert(out.end(), part.begin(), part.end()); }

template <typename T>
Result<T> in_field(Result<T> result, const std::string& field) {
  if (result.ok()) return result;
  return make_error("tsa.response.malformed",
                    "TimeStampResp: " + field + ": " + result.error().message, field);
}

}  // namespace

std::string_view status_name(int status) {
  switch (status) {
    case kGranted:
      return "granted";
    case kGrantedWithMods:
      return "grantedWithMods";
    case kRejection:
      return "rejection";
    case kWaiting:
      return "waiting";
    case kRevocationWarning:
      return "revocationWarning";
    case kRevocationNotification:
      return "revocationNotification";
  }
  return "unknown";
}

std::string_view failure_name(int failure_bit) {
  switch (failure_bit) {
    case kBadAlg:
      return "badAlg";
    case kBadRequest:
      return "badRequest";
    case kBadDataFormat:
      return "badDataFormat";
    case kTimeNotAvailable:
      return "timeNotAvailable";
    case kUnacceptedPolicy:
      return "unacceptedPolicy";
    case kUnacceptedExtension:
      return "unacceptedExtension";
    case kAddInfoNotAvailable:
      return "addInfoNotAvailable";
    case kSystemFailure:
      return "systemFailure";
  }
  return "unknown";
}

Bytes build_granted_response(ByteView token) {
  Bytes status = der::encode_tlv(der::kSequence, der::encode_tlv(der::kInteger, Bytes{0}));
  append(status, token);
  return der::encode_tlv(der::kSequence, status);
}

Bytes build_rejection(FailureBit failure, std::string_view text) {
  Bytes info = der::encode_tlv(der::kInteger, Bytes{kRejection});
  append(info, der::encode_tlv(der::kSequence, der::encode_tlv(der::kUtf8String, to_bytes(text))));
  // A named BIT STRING in DER drops trailing zero bits: the last octet holds bit `failure`.
  const int bit = static_cast<int>(failure);
  Bytes bits(static_cast<std::size_t>(bit / 8 + 2), 0);
  bits[0] = static_cast<std::uint8_t>(7 - bit % 8);
  bits.back() = static_cast<std::uint8_t>(0x80 >> (bit % 8));
  append(info, der::encode_tlv(der::kBitString, bits));
  return der::encode_tlv(der::kSequence, der::encode_tlv(der::kSequence, info));
}

Result<TimeStampResponse> parse_response(ByteView der) {
  TimeStampResponse out;
  GMSEAL_ASSIGN_OR_RETURN(der::Element top, in_field(der::parse_single(der), "TimeStampResp"));
  if (top.tag != der::kSequence) {
    return make_error("tsa.response.malformed", "TimeStampResp: not a SEQUENCE", "TimeStampResp");
  }
  der::Reader r(top.content, 2);
  GMSEAL_ASSIGN_OR_RETURN(der::Element info,
                          in_field(r.expect(der::kSequence, "status"), "status"));
  der::Reader ir(info.content, info.offset);
  GMSEAL_ASSIGN_OR_RETURN(der::Element status,
                          in_field(ir.expect(der::kInteger, "status"), "status"));
  GMSEAL_ASSIGN_OR_RETURN(std::int64_t value,
                          in_field(der::read_integer(status, "status"), "status"));
  out.status = value < 0 || value > 100 ? -1 : static_cast<int>(value);
  while (!ir.at_end()) {
    GMSEAL_ASSIGN_OR_RETURN(der::Element e, in_field(ir.next(), "status"));
    if (e.tag == der::kSequence) {
      der::Reader sr(e.content, e.offset);
      while (!sr.at_end()) {
        GMSEAL_ASSIGN_OR_RETURN(der::Element text, in_field(sr.next(), "statusString"));
        out.status_strings.push_back(to_string(text.content));
      }
    } else if (e.tag == der::kBitString && e.content.size() >= 2) {
      for (std::size_t i = 1; i < e.content.size() && !out.failure_bit; ++i) {
        for (int b = 0; b < 8; ++b) {
          if ((e.content[i] & (0x80 >> b)) != 0) {
            out.failure_bit = static_cast<int>((i - 1) * 8) + b;
            break;
          }
        }
      }
    }
  }
  if (!r.at_end()) {
    GMSEAL_ASSIGN_OR_RETURN(der::Element token,
                            in_field(r.expect(der::kSequence, "timeStampToken"), "timeStampToken"));
    out.token = token.whole;
  }
  return out;
}

}  // namespace gmseal::tsa
