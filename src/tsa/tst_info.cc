#include "tsa/tst_info.h"

#include <cstdio>

#include "util/der.h"
#include "util/der_writer.h"

namespace gmseal::tsa {

namespace {

void append(Bytes& out, ByteView part) { out.insert(out.end(), part.begin(), part.end()); }

Bytes small_integer(std::uint8_t tag, int value) {
  Bytes content;
  for (unsigned v = static_cast<unsigned>(value); v > 0; v >>= 8) {
    content.insert(content.begin(), static_cast<std::uint8_t>(v & 0xff));
  }
  if (content.empty() || (content[0] & 0x80) != 0) content.insert(content.begin(), 0x00);
  return der::encode_tlv(tag, content);
}

template <typename T>
Result<T> in_field(Result<T> result, const std::string& field) {
  if (result.ok()) return result;
  return make_error("tsa.token.bad_tst_info", "TSTInfo: " + field + ": " + result.error().message,
                    field);
}

Error bad(const std::string& what) {
  return make_error("tsa.token.bad_tst_info", "TSTInfo: " + what, "TSTInfo");
}

Result<int> read_small(const der::Element& e, const std::string& what) {
  GMSEAL_ASSIGN_OR_RETURN(std::int64_t v, in_field(der::read_integer(e, what), what));
  if (v < 0 || v > 1000000000) return bad(what + " is out of range");
  return static_cast<int>(v);
}

}  // namespace

std::string Accuracy::to_string() const {
  std::string out;
  auto add = [&out](int v, const char* unit) {
    if (v == 0) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(v) + unit;
  };
  add(seconds, "s");
  add(millis, "ms");
  add(micros, "us");
  return out.empty() ? "0s" : out;
}

std::chrono::microseconds Accuracy::total() const {
  return std::chrono::seconds(seconds) + std::chrono::milliseconds(millis) +
         std::chrono::microseconds(micros);
}

Accuracy accuracy_from_ms(int total_ms) {
  Accuracy a;
  a.seconds = total_ms / 1000;
  a.millis = total_ms % 1000;
  return a;
}

std::string TstInfo::serial_hex() const {
  const std::string hex = hex_encode(serial);
  const auto first = hex.find_first_not_of('0');
  return first == std::string::npos ? "0" : hex.substr(first);
}

std::string format_gen_time(std::chrono::system_clock::time_point t, int fraction_digits) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  std::string text = format_generalized_time(Time(seconds));  // "YYYYMMDDHHMMSSZ"
  if (fraction_digits <= 0) return text;
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t - seconds).count();
  char digits[24];
  std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(micros));
  std::string fraction(digits, static_cast<std::size_t>(std::min(fraction_digits, 6)));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (fraction.empty()) return text;
  text.pop_back();  // 'Z'
  return text + "." + fraction + "Z";
}

Bytes encode_tst_info(const TstInfo& info) {
  Bytes body = small_integer(der::kInteger, 1);
  append(body, der::encode_oid(info.policy));
  Bytes alg = der::encode_oid(info.hash_oid);
  append(alg, Bytes{der::kNull, 0x00});
  Bytes imprint = der::encode_tlv(der::kSequence, alg);
  append(imprint, der::encode_tlv(der::kOctetString, info.hashed_message));
  append(body, der::encode_tlv(der::kSequence, imprint));
  append(body, der::encode_tlv(der::kInteger, info.serial));
  append(body, der::encode_tlv(der::kGeneralizedTime, to_bytes(info.gen_time_text)));
  if (info.accuracy) {
    Bytes acc;
    if (info.accuracy->seconds != 0)
      append(acc, small_integer(der::kInteger, info.accuracy->seconds));
    if (info.accuracy->millis != 0) append(acc, small_integer(0x80, info.accuracy->millis));
    if (info.accuracy->micros != 0) append(acc, small_integer(0x81, info.accuracy->micros));
    append(body, der::encode_tlv(der::kSequence, acc));
  }
  if (info.ordering) append(body, Bytes{der::kBoolean, 0x01, 0xff});
  if (info.nonce) append(body, der::encode_tlv(der::kInteger, *info.nonce));
  return der::encode_tlv(der::kSequence, body);
}

Result<TstInfo> parse_tst_info(ByteView der) {
  TstInfo out;
  GMSEAL_ASSIGN_OR_RETURN(der::Element top, in_field(der::parse_single(der), "TSTInfo"));
  if (top.tag != der::kSequence) return bad("not a SEQUENCE");
  der::Reader r(top.content, 2);
  GMSEAL_ASSIGN_OR_RETURN(der::Element version,
                          in_field(r.expect(der::kInteger, "version"), "version"));
  GMSEAL_ASSIGN_OR_RETURN(int v, read_small(version, "version"));
  if (v != 1) return bad("version " + std::to_string(v) + " is not 1");
  GMSEAL_ASSIGN_OR_RETURN(der::Element policy, in_field(r.expect(der::kOid, "policy"), "policy"));
  GMSEAL_ASSIGN_OR_RETURN(out.policy, in_field(der::read_oid(policy, "policy"), "policy"));
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
    GMSEAL_ASSIGN_OR_RETURN(
        der::Element hashed,
        in_field(ir.expect(der::kOctetString, "hashedMessage"), "hashedMessage"));
    out.hashed_message.assign(hashed.content.begin(), hashed.content.end());
  }
  GMSEAL_ASSIGN_OR_RETURN(der::Element serial,
                          in_field(r.expect(der::kInteger, "serialNumber"), "serialNumber"));
  if (serial.content.empty()) return bad("serialNumber is an empty INTEGER");
  out.serial.assign(serial.content.begin(), serial.content.end());
  GMSEAL_ASSIGN_OR_RETURN(der::Element gen_time,
                          in_field(r.expect(der::kGeneralizedTime, "genTime"), "genTime"));
  out.gen_time_text = to_string(gen_time.content);
  GMSEAL_ASSIGN_OR_RETURN(out.gen_time,
                          in_field(parse_generalized_time(out.gen_time_text), "genTime"));
  while (!r.at_end()) {
    GMSEAL_ASSIGN_OR_RETURN(der::Element e, in_field(r.next(), "TSTInfo"));
    if (e.tag == der::kSequence && !out.accuracy) {
      Accuracy a;
      der::Reader acc(e.content, e.offset);
      while (!acc.at_end()) {
        GMSEAL_ASSIGN_OR_RETURN(der::Element f, in_field(acc.next(), "accuracy"));
        // millis/micros are [0]/[1] IMPLICIT INTEGER: read them as INTEGER content.
        der::Element as_int = f;
        as_int.tag = der::kInteger;
        GMSEAL_ASSIGN_OR_RETURN(int value, read_small(as_int, "accuracy"));
        if (f.tag == der::kInteger)
          a.seconds = value;
        else if (f.tag == 0x80)
          a.millis = value;
        else if (f.tag == 0x81)
          a.micros = value;
        else
          return bad("accuracy has an unknown field");
      }
      out.accuracy = a;
    } else if (e.tag == der::kBoolean) {
      out.ordering = e.content.size() == 1 && e.content[0] != 0;
    } else if (e.tag == der::kInteger) {
      if (e.content.empty()) return bad("nonce is an empty INTEGER");
      out.nonce = Bytes(e.content.begin(), e.content.end());
    } else if (e.tag == 0xa0) {
      out.has_tsa_name = true;
    } else if (e.tag == 0xa1) {
      // extensions: none are understood, none change what is checked
    } else {
      return bad("unexpected field with tag 0x" + hex_encode(Bytes{e.tag}));
    }
  }
  return out;
}

}  // namespace gmseal::tsa
