#include "province_client/access_test.h"

#include <random>
#include <sstream>

#include "province_client/sample_request.h"
#include "ses/verify_seal.h"
#include "util/file_io.h"
#include "util/json_text.h"
#include "validate/seal_code.h"
#include "validate/seal_image.h"

namespace gmseal::province_client {

namespace {

using protocol::Json;
using Verdict = CaseResult::Verdict;

std::string result_of(const Result<Json>& reply) {
  if (!reply.ok()) return "error " + reply.error().code;
  return "resultCode " + reply->value("resultCode", std::string("?"));
}

// A seal-image variant for the image rules (docs/province-protocol.md, 3004): a `size` square
// with `colours` palette entries all in use, `dpi` in pHYs; `noise` scatters the ink pixel by
// pixel so that deflate cannot shrink it (over 25 KB at 600 x 600).
Result<std::string> image_base64(std::uint32_t size, int colours, unsigned dpi, bool noise) {
  // Transparent background and red ink; a third colour, blue, when asked for.
  const std::vector<std::uint8_t> palette =
      colours == 3 ? std::vector<std::uint8_t>{255, 255, 255, 0, 230, 0, 18, 255, 0, 0, 255, 255}
                   : std::vector<std::uint8_t>{255, 255, 255, 0, 230, 0, 18, 255};
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(size) * size, 0);
  std::minstd_rand bits(20240601);  // fixed seed: the same image every run
  for (std::uint32_t y = 0; y < size; ++y) {
    for (std::uint32_t x = 0; x < size; ++x) {
      auto& pixel = pixels[static_cast<std::size_t>(y) * size + x];
      if (noise) {
        pixel = static_cast<std::uint8_t>(bits() % 2);
      } else if (x < size / 8 || y < size / 8) {
        pixel = static_cast<std::uint8_t>(colours == 3 && y < size / 16 ? 2 : 1);
      }
    }
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes png,
                          validate::encode_palette_png(size, size, palette, pixels, dpi));
  return base64_encode(png);
}

bool refused(const Result<Json>& reply) {
  // A refusal is a reply whose resultCode is not 0; a transport error is not a refusal.
  return reply.ok() && reply->value("resultCode", std::string("0")) != "0";
}

class Runner {
 public:
  Runner(const AccessTestOptions& options, ProvinceClient& client, SampleFactory& samples)
      : options_(options),
        client_(client),
        samples_(samples),
        org_code_(options.registration.info().sub_system.org_code) {}

  void add(std::string name, std::string expected, std::string got, bool pass) {
    report_.cases.push_back({std::move(name), std::move(expected), std::move(got),
                             pass ? Verdict::kPass : Verdict::kFail});
  }
  void skip(std::string name, std::string expected, std::string why) {
    report_.cases.push_back({std::move(name), std::move(expected), std::move(why), Verdict::kSkip});
  }

  // A signed make request for a fresh applicant, changed by `mutate` before signing.
  Result<Json> make_request(const std::function<void(protocol::SealMakingData&)>& mutate,
                            const Applicant* applicant = nullptr) {
    std::optional<Applicant> fresh;
    if (applicant == nullptr) {
      GMSEAL_ASSIGN_OR_RETURN(fresh, samples_.new_applicant("接入测试单位"));
      applicant = &*fresh;
    }
    GMSEAL_ASSIGN_OR_RETURN(
        auto data, samples_.seal_data(*applicant, org_code_, options_.vendor, options_.region));
    if (mutate) mutate(data);
    protocol::SealMakingRequest request;
    request.header = protocol::new_request_header(protocol::Interface::kSealMaking,
                                                  client_.initiator_cert(), data.seal_carrier);
    request.data = data;
    Json json = request.to_json();
    GMSEAL_RETURN_IF_ERROR(client_.sign(json));
    return json;
  }

  Result<Json> post(protocol::Interface id, const Json& signed_request) {
    return client_.post_raw(protocol::interface_spec(id).path, json_text(signed_request));
  }

  void negative_make(const std::string& name,
                     const std::function<void(protocol::SealMakingData&)>& mutate) {
    auto request = make_request(mutate);
    if (!request.ok()) return add(name, "refused", "kit error " + request.error().code, false);
    const auto reply = post(protocol::Interface::kSealMaking, *request);
    add(name, "refused", result_of(reply), refused(reply));
  }

  // A make request that breaks one field rule; the case passes when the answer carries the
  // resultCode the emulator documents for that rule (docs/province-protocol.md).
  void negative_make(const std::string& name, const std::string& result_code,
                     const std::function<void(protocol::SealMakingData&)>& mutate) {
    const std::string expected = "resultCode " + result_code;
    auto request = make_request(mutate);
    if (!request.ok()) return add(name, expected, "kit error " + request.error().code, false);
    const auto reply = post(protocol::Interface::kSealMaking, *request);
    add(name, expected, result_of(reply), result_of(reply) == expected);
  }

  void negative_image(const std::string& name, Result<std::string> image) {
    if (!image.ok()) return add(name, "resultCode 3004", "kit error " + image.error().code, false);
    negative_make(name, "3004", [&image](auto& d) { d.seal_img = *image; });
  }

  AccessTestReport run() {
    // 1. The registration package.
    const auto& reg = options_.registration;
    const Status reg_ok = reg.verify();
    add("registration.signature", "verifies with its systemCert",
        reg_ok.ok() ? "verifies" : reg_ok.error().code, reg_ok.ok());

    // 2. Make a seal.
    auto applicant = samples_.new_applicant("接入测试单位");
    if (!applicant.ok()) {
      add("make.valid", "resultCode 0", "kit error " + applicant.error().code, false);
      return report_;
    }
    std::string seal_code;
    auto request = make_request([&seal_code](auto& d) { seal_code = d.seal_num; }, &*applicant);
    Result<Json> made = request.ok() ? post(protocol::Interface::kSealMaking, *request)
                                     : Result<Json>(request.error());
    const Status made_sig = made.ok() ? client_.verify_reply(*made) : Status(made.error());
    const bool made_ok = made.ok() && made->value("resultCode", std::string()) == "0";
    std::string task_id;
    if (made_ok) {
      auto parsed = protocol::SealMakingResponse::from_json(*made);
      if (parsed.ok()) task_id = parsed->task_id;
    }
    add("make.valid", "resultCode 0 with taskId",
        result_of(made) + (task_id.empty() ? "" : ", taskId"), made_ok && !task_id.empty());
    add("make.reply_signature", "verifies with the registration certificate",
        made_sig.ok() ? "verifies" : made_sig.error().code, made_sig.ok());

    // 3. Download and inspect the seal.
    auto downloaded = client_.download({seal_code});
    std::string got = downloaded.ok() ? "resultCode " + downloaded->header.result_code
                                      : "error " + downloaded.error().code;
    bool seal_ok = false;
    if (downloaded.ok() && downloaded->items.size() == 1 &&
        downloaded->items[0].error_code == "0") {
      auto der = base64_decode(downloaded->items[0].seal_data);
      if (der.ok() && !options_.save_seal_path.empty()) {
        if (auto s = write_file_atomic(options_.save_seal_path, *der); !s.ok()) {
          got += ", cannot save the seal: " + s.error().message;
        }
      }
      std::optional<ses::Seal> seal;
      const auto report = ses::verify_seal_der(der.ok() ? ByteView(*der) : ByteView{}, {}, &seal);
      if (!seal) {
        got += ", sealData is not an SES_Seal";
      } else {
        const auto& info = seal->info();
        const bool has_cert = std::find(info.property.certs.begin(), info.property.certs.end(),
                                        applicant->cert.der()) != info.property.certs.end();
        seal_ok = seal->format() == ses::Format::kV4 && info.es_id == seal_code && has_cert &&
                  report.valid();
        got += std::string(", SES_Seal ") + std::string(ses::to_string(seal->format())) +
               (info.es_id == seal_code ? ", esID matches" : ", esID differs") +
               (has_cert ? ", signer cert listed" : ", signer cert missing") +
               (report.valid() ? ", maker signature valid" : ", seal does not verify");
      }
    }
    add("download.valid", "errorCode 0, v4 seal with our cert, valid", got, seal_ok);

    // 4. Negative cases: nothing may change.
    if (request.ok()) {
      const auto replay = post(protocol::Interface::kSealMaking, *request);
      add("make.replayed_request", "refused", result_of(replay), refused(replay));
    }
    {
      auto bad = make_request(nullptr);
      if (bad.ok()) {
        auto raw = base64_decode((*bad)["signInfo"]["signValue"].get<std::string>());
        if (raw.ok() && !raw->empty()) (*raw)[5] ^= 0x01;
        (*bad)["signInfo"]["signValue"] = base64_encode(raw.ok() ? *raw : Bytes{});
        const auto reply = post(protocol::Interface::kSealMaking, *bad);
        add("make.bad_signature", "refused", result_of(reply), refused(reply));
      }
    }
    {
      auto again = make_request(nullptr, &*applicant);
      const auto reply =
          again.ok() ? post(protocol::Interface::kSealMaking, *again) : Result<Json>(again.error());
      add("make.certificate_reused", "refused", result_of(reply), refused(reply));
    }
    negative_make("make.bad_seal_code",
                  [](auto& d) { d.seal_num = d.seal_num.substr(0, d.seal_num.size() - 1); });
    negative_make("make.unknown_region", [](auto& d) {
      // 119999 has a region code's shape but names no division.
      if (const auto code = validate::SealCode::parse(d.seal_num); code.ok()) {
        d.seal_num = std::string(code->initials()) + "119999" + std::string(code->serial());
      }
    });
    negative_make("make.bad_category", [](auto& d) { d.seal_specific_category = "09"; });
    negative_make("make.bad_size", [](auto& d) { d.seal_width = "40mm"; });
    negative_make("make.image_not_png",
                  [](auto& d) { d.seal_img = base64_encode(to_bytes("GIF89a")); });
    negative_make("make.bad_time_format", [](auto& d) { d.valid_start_time = "2024/01/01"; });
    negative_make("make.end_before_start",
                  [](auto& d) { std::swap(d.valid_start_time, d.valid_end_time); });
    negative_make("make.bad_bak_type", [](auto& d) { d.bak_type = "3"; });
    negative_make("make.bad_local_or", [](auto& d) { d.local_or = "X"; });
    negative_make("make.bad_seal_type", [](auto& d) { d.seal_type = "JPG"; });
    negative_make("make.foreign_org_code", [](auto& d) { d.org_code += "X"; });
    negative_make("make.signer_cert_not_gmt0015",
                  [&](auto& d) { d.sign_cert = base64_encode(samples_.ca_certificate().der()); });
    // Rules with their documented resultCode (the header's sealCarrier follows data's).
    negative_make("make.bad_seal_carrier", "3007", [](auto& d) { d.seal_carrier = "9"; });
    negative_image("make.image_three_colours", image_base64(240, 3, 600, false));
    negative_image("make.image_300_dpi", image_base64(240, 2, 300, false));
    negative_image("make.image_over_25kb", image_base64(600, 2, 600, true));
    negative_make("make.empty_seal_name", "3009", [](auto& d) { d.seal_name.clear(); });
    negative_make("make.seal_name_over_160_bytes", "3009", [](auto& d) {
      d.seal_name.clear();
      for (int i = 0; i < 54; ++i) d.seal_name += "章";  // 162 bytes of UTF-8
    });
    {
      auto bad = make_request(nullptr);
      if (bad.ok()) {
        (*bad)["taskTypeCode"] = "99";
        if (client_.sign(*bad).ok()) {
          const auto reply = post(protocol::Interface::kSealMaking, *bad);
          add("make.bad_task_type_code", "refused", result_of(reply), refused(reply));
        }
      }
    }
    // The valid seal is still downloadable: the refusals changed nothing.
    auto still = client_.download({seal_code});
    add("download.unchanged_after_refusals", "errorCode 0",
        still.ok() && !still->items.empty() ? "errorCode " + still->items[0].error_code : "error",
        still.ok() && !still->items.empty() && still->items[0].error_code == "0");
    const auto unknown_code = validate::SealCode::random(options_.vendor, options_.region);
    auto unknown = unknown_code.ok() ? client_.download({unknown_code->text()})
                                     : Result<protocol::DownloadSealResponse>(unknown_code.error());
    add("download.unknown_seal", "errorCode not 0",
        unknown.ok() ? "resultCode " + unknown->header.result_code
                     : "error " + unknown.error().code,
        unknown.ok() && (unknown->header.result_code != "0" ||
                         (!unknown->items.empty() && unknown->items[0].error_code != "0")));

    // 5. Revoke.
    auto revoked = client_.revoke({seal_code});
    add("revoke.valid", "resultCode 0",
        revoked.ok() ? "resultCode " + revoked->header.result_code
                     : "error " + revoked.error().code,
        revoked.ok() && revoked->header.result_code == "0");
    auto revoked_again = client_.revoke({seal_code});
    add("revoke.again", "refused",
        revoked_again.ok() ? "resultCode " + revoked_again->header.result_code
                           : "error " + revoked_again.error().code,
        revoked_again.ok() && revoked_again->header.result_code != "0");
    auto after = client_.download({seal_code});
    add("download.after_revoke", "refused",
        after.ok() ? "resultCode " + after->header.result_code : "error " + after.error().code,
        after.ok() && (after->header.result_code != "0" ||
                       (!after->items.empty() && after->items[0].error_code != "0")));

    // 6. Status service (gmseal's extension; skipped when the server has none).
    if (options_.status_service) {
      auto status = client_.query_status(seal_code);
      if (!status.ok() && status.error().code == "province.client.http" &&
          status.error().message.find("404") != std::string::npos) {
        skip("status.query", "sealStatus revoked", "no status service (HTTP 404)");
      } else {
        const std::string value = status.ok() && status->contains("data")
                                      ? (*status)["data"].value("sealStatus", "")
                                      : "";
        add("status.query", "sealStatus revoked",
            status.ok() ? "sealStatus " + value : "error " + status.error().code,
            value == "revoked");
        auto list = client_.revocation_list();
        bool listed = false;
        if (list.ok()) {
          for (const auto& entry : list->entries) listed = listed || entry.yzbm == seal_code;
        }
        add("status.revocation_list", "lists the seal, signed, with nextUpdate",
            list.ok() ? (listed ? "listed, nextUpdate " + list->next_update : "not listed")
                      : "error " + list.error().code,
            listed && !list->next_update.empty());
      }
    }
    return report_;
  }

 private:
  const AccessTestOptions& options_;
  ProvinceClient& client_;
  SampleFactory& samples_;
  std::string org_code_;
  AccessTestReport report_;
};

}  // namespace

bool AccessTestReport::all_passed() const {
  for (const auto& c : cases) {
    if (c.verdict == Verdict::kFail) return false;
  }
  return !cases.empty();
}

std::string AccessTestReport::table() const {
  std::size_t name_width = 4, expected_width = 8;
  for (const auto& c : cases) {
    name_width = std::max(name_width, c.name.size());
    expected_width = std::max(expected_width, c.expected.size());
  }
  const auto pad = [](const std::string& s, std::size_t width) {
    return s + std::string(width > s.size() ? width - s.size() : 0, ' ');
  };
  std::ostringstream out;
  out << pad("case", name_width) << "  " << pad("expected", expected_width) << "  result  got\n";
  int passed = 0, failed = 0, skipped = 0;
  for (const auto& c : cases) {
    const char* verdict = c.verdict == Verdict::kPass   ? "PASS  "
                          : c.verdict == Verdict::kFail ? "FAIL  "
                                                        : "SKIP  ";
    (c.verdict == Verdict::kPass ? passed : c.verdict == Verdict::kFail ? failed : skipped)++;
    out << pad(c.name, name_width) << "  " << pad(c.expected, expected_width) << "  " << verdict
        << "  " << c.got << "\n";
  }
  out << "summary: " << passed << " PASS, " << failed << " FAIL, " << skipped << " SKIP\n";
  return out.str();
}

Result<AccessTestReport> run_province_access_test(const AccessTestOptions& options) {
  GMSEAL_ASSIGN_OR_RETURN(const auto cert_key, options.system_cert.public_key());
  if (!(cert_key == options.system_signer->public_key())) {
    return make_error("province.access_test.key_mismatch",
                      "--key does not belong to --cert (the platform's system certificate)");
  }
  ProvinceClient client(options.client, options.system_cert, options.system_signer,
                        options.registration.system_certificate());
  GMSEAL_ASSIGN_OR_RETURN(auto samples, SampleFactory::create());
  Runner runner(options, client, samples);
  return runner.run();
}

}  // namespace gmseal::province_client
