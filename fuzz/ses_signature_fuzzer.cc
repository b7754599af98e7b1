// SES_Signature decoding (v1/v4/v5), every verification step and JSON rendering must never
// crash; a parsed v4/v5 signature re-assembles from its parts to bytes that parse again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "ses/internal/ses_asn1.h"
#include "ses/signature.h"
#include "ses/verdict_json.h"
#include "ses/verify_signature.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gmseal;
  const ByteView input(data, size);
  auto sig = ses::Signature::parse(input);
  if (!sig.ok()) return 0;
  ses::SignatureVerifyOptions options;
  options.data_hash = [](const ses::Signature& s) -> Result<Bytes> { return s.data_hash(); };
  const ses::VerifyReport report = ses::verify_signature(*sig, options);
  (void)ses::signatures_verdict_json({ses::signature_entry_json(&*sig, report)}).dump();
  if (sig->format() != ses::Format::kV1 && sig->signing_time()) {
    ses::internal::TbsSignFields fields;
    fields.version = sig->tbs_version();
    fields.eseal_der = sig->eseal_bytes();
    fields.signing_time = *sig->signing_time();
    fields.data_hash = sig->data_hash();
    fields.property_info = sig->property_info();
    fields.ext_datas = &sig->ext_datas();
    auto tbs = ses::internal::encode_tbs_sign(fields);
    if (!tbs.ok()) return 0;  // e.g. a non-IA5 propertyInfo: not writable, fine
    auto der = ses::internal::encode_signature(*tbs, sig->signer_cert_der(), sig->sign_alg_oid(),
                                               sig->signature_value(), sig->timestamp());
    if (!der.ok()) return 0;
    if (!ses::Signature::parse(*der).ok()) std::abort();
  }
  return 0;
}
