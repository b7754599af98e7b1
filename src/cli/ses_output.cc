#include "cli/ses_output.h"

#include <iostream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {

std::string cert_line(ByteView der) {
  auto cert = crypto::Certificate::from_der(der);
  if (!cert.ok()) return "(unparsable certificate, " + std::to_string(der.size()) + " bytes)";
  return cert->subject().to_string() + " | issuer " + cert->issuer().to_string() + " | serial " +
         cert->serial_hex() + " | " + format_iso8601(cert->not_before()) + " .. " +
         format_iso8601(cert->not_after());
}

}  // namespace

void print_seal_text(const ses::Seal& seal, const std::string& in) {
  const ses::SealInfo& info = seal.info();
  const ses::SealProperty& p = info.property;
  std::cout << in << "Format:         " << ses::to_string(seal.format()) << " (header ID '"
            << info.header.id << "', version " << info.header.version << ")\n";
  std::cout << in << "Vid:            " << info.header.vid << "\n";
  std::cout << in << "esID:           " << info.es_id << "\n";
  std::cout << in << "Type:           " << p.type << "\n";
  std::cout << in << "Name:           " << p.name << "\n";
  std::cout << in << "Created:        " << format_iso8601(p.create_date) << "\n";
  std::cout << in << "Valid:          " << format_iso8601(p.valid_start) << " .. "
            << format_iso8601(p.valid_end) << "\n";
  std::cout << in << "Cert list type: " << static_cast<int>(p.cert_list_type)
            << (p.cert_list_type == ses::CertListType::kCertificates ? " (certificates)"
                                                                     : " (digests)")
            << "\n";
  for (std::size_t i = 0; i < p.certs.size(); ++i) {
    std::cout << in << "  [" << i << "] " << cert_line(p.certs[i]) << "\n";
  }
  for (std::size_t i = 0; i < p.cert_digests.size(); ++i) {
    std::cout << in << "  [" << i << "] " << p.cert_digests[i].type << " "
              << hex_encode(p.cert_digests[i].value) << "\n";
  }
  for (std::size_t i = 0; i < p.cert_ids.size(); ++i) {
    std::cout << in << "  [" << i << "] certID " << p.cert_ids[i] << "\n";
  }
  std::cout << in << "Picture:        " << info.picture.type << ", " << info.picture.data.size()
            << " bytes, " << info.picture.width_mm << " x " << info.picture.height_mm << " mm\n";
  for (const ses::ExtData& e : info.ext_datas) {
    std::cout << in << "Extension:      " << e.oid << (e.critical ? " (critical)" : "") << " = "
              << hex_encode(e.value) << "\n";
  }
  std::cout << in << "Maker cert:     " << cert_line(seal.maker_cert_der()) << "\n";
  std::cout << in << "Sign algorithm: " << seal.sign_alg_oid() << "\n";
  std::cout << in << "Signed value:   " << hex_encode(seal.signed_value()) << "\n";
  if (seal.timestamp()) {
    std::cout << in << "Timestamp:      " << seal.timestamp()->size() << " bytes\n";
  }
}

void print_signature_text(const ses::Signature& sig) {
  std::cout << "Format:         " << ses::to_string(sig.format()) << " (TBS_Sign version "
            << sig.tbs_version() << ")\n";
  std::cout << "Signed at:      "
            << (sig.signing_time() ? format_iso8601(*sig.signing_time())
                                   : "'" + gmseal::to_string(sig.time_info_raw()) + "' (opaque)")
            << "\n";
  std::cout << "Data hash:      " << hex_encode(sig.data_hash()) << "\n";
  std::cout << "Property info:  " << sig.property_info() << "\n";
  for (const ses::ExtData& e : sig.ext_datas()) {
    std::cout << "Extension:      " << e.oid << (e.critical ? " (critical)" : "") << " = "
              << hex_encode(e.value) << "\n";
  }
  std::cout << "Signer cert:    " << cert_line(sig.signer_cert_der()) << "\n";
  std::cout << "Sign algorithm: " << sig.sign_alg_oid() << "\n";
  std::cout << "Signature:      " << hex_encode(sig.signature_value()) << "\n";
  if (sig.timestamp()) std::cout << "Timestamp:      " << sig.timestamp()->size() << " bytes\n";
  std::cout << "Seal:\n";
  print_seal_text(sig.seal(), "  ");
}

void print_report_text(const ses::VerifyReport& report, const std::string& in) {
  std::cout << in << (report.valid() ? "VALID" : "INVALID")
            << (report.trusted() ? " (trusted)" : " (not trusted: no chain to a trust anchor)")
            << "\n";
  for (const ses::Check& check : report.checks()) {
    std::cout << in << "  " << ses::to_string(check.result) << "  " << check.name << ": "
              << check.detail;
    if (!check.field.empty()) std::cout << " [" << check.field << "]";
    std::cout << "\n";
  }
}

Result<std::optional<crypto::TrustStore>> load_trust_store(
    const std::vector<std::string>& trust, const std::vector<std::string>& intermediates,
    const std::vector<std::string>& crls) {
  if (trust.empty()) {
    if (!intermediates.empty() || !crls.empty()) {
      return make_error("cli.usage", "--cert and --crl need --trust (the anchor to check against)");
    }
    return std::optional<crypto::TrustStore>();
  }
  crypto::TrustStore store;
  for (const std::string& path : trust) {
    GMSEAL_ASSIGN_OR_RETURN(auto certs, load_certificates(path));
    store.anchors.insert(store.anchors.end(), certs.begin(), certs.end());
  }
  for (const std::string& path : intermediates) {
    GMSEAL_ASSIGN_OR_RETURN(auto certs, load_certificates(path));
    store.intermediates.insert(store.intermediates.end(), certs.begin(), certs.end());
  }
  for (const std::string& path : crls) {
    GMSEAL_ASSIGN_OR_RETURN(auto crl, load_crl(path));
    store.crls.push_back(std::move(crl));
  }
  return std::optional<crypto::TrustStore>(std::move(store));
}

int report_unparsable(const ses::VerifyReport& report, const std::string& file,
                      const std::string& what) {
  const ses::Check* format = report.find(ses::kCheckFormat);
  const std::string why = format != nullptr ? format->detail : "it does not parse";
  return report_error(make_error("cli.unparsable_input", file + " is not " + what + ": " + why,
                                 format != nullptr ? format->field : std::string()));
}

Status extract_picture(const ses::Seal& seal, const std::string& path) {
  return write_file_atomic(path, ByteView(seal.info().picture.data));
}

}  // namespace gmseal::cli
