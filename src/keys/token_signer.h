// crypto::Signer implementations for keys held in a UKey (SKF), a crypto device (SDF) or a key
// file, and make_signer(), which opens whichever a token URI (token_uri.h) names.
//
// Each signer computes e = SM3(Z||M) with the explicit ID in software (crypto::Signer::sign) and
// hands the device the 32-byte digest, which is what GM/T 0016 SKF_ECCSignData and GM/T 0018
// SDF_InternalSign_ECC sign; the device's raw r/s becomes DER SEQUENCE{r,s}.
//
// Signers serialise their device calls and may be shared between threads.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "crypto/signer.h"
#include "keys/sdf_library.h"
#include "keys/skf_library.h"
#include "keys/token_uri.h"

namespace gmseal::keys {

// Asks the user for a secret; `what` names it ("user PIN of skf:...").
using PinPrompt = std::function<Result<std::string>(const std::string& what)>;

// The PIN / password a URI points at: pin=, pin-env=VAR, pin-file=PATH (first line, trailing
// newline dropped), else `prompt` if given. Errors: keys.pin.missing (no source),
// keys.pin.env_unset, io.read_failed.
Result<std::string> resolve_pin(const TokenUri& uri, const std::string& what,
                                const PinPrompt& prompt = {});

class SkfSigner final : public crypto::Signer {
 public:
  // Connects, opens the application, verifies the user PIN and opens the container; fails if the
  // container has no signing key.
  static Result<std::unique_ptr<SkfSigner>> open(const std::shared_ptr<SkfLibrary>& library,
                                                 const std::string& device,
                                                 const std::string& application,
                                                 const std::string& container,
                                                 const std::string& user_pin);
  crypto::Sm2PublicKey public_key() const override { return public_key_; }
  Result<Bytes> sign_digest(ByteView digest) override;
  // The signing certificate in the container (DER). Errors: keys.skf.cert_not_found.
  Result<Bytes> certificate();
  SkfApplication& application() { return application_; }

 private:
  SkfSigner(SkfDevice device, SkfApplication application, SkfContainer container,
            crypto::Sm2PublicKey public_key)
      : device_(std::move(device)),
        application_(std::move(application)),
        container_(std::move(container)),
        public_key_(std::move(public_key)) {}
  SkfDevice device_;
  SkfApplication application_;
  SkfContainer container_;
  crypto::Sm2PublicKey public_key_;
};

class SdfSigner final : public crypto::Signer {
 public:
  // Opens a session and gets the access right to the key at `index` with `password`.
  static Result<std::unique_ptr<SdfSigner>> open(const std::shared_ptr<SdfLibrary>& library,
                                                 std::uint32_t index, const std::string& password);
  crypto::Sm2PublicKey public_key() const override { return public_key_; }
  Result<Bytes> sign_digest(ByteView digest) override;

 private:
  SdfSigner(SdfSession session, std::uint32_t index, crypto::Sm2PublicKey public_key)
      : session_(std::move(session)), index_(index), public_key_(std::move(public_key)) {}
  SdfSession session_;
  std::uint32_t index_;
  crypto::Sm2PublicKey public_key_;
};

// A soft key: PEM/DER PKCS#8 (encrypted with `password` when set) or SEC1.
Result<std::unique_ptr<crypto::Signer>> load_soft_signer(const std::string& path,
                                                         const std::string& password);

struct SignerOptions {
  PinPrompt prompt;  // asked when the URI names no PIN source
};

// Opens the signer a token URI names. Errors: keys.uri.*, keys.skf.*, keys.sdf.*, crypto.key.*.
Result<std::unique_ptr<crypto::Signer>> make_signer(std::string_view uri,
                                                    const SignerOptions& options = {});

// An open UKey application, for the commands that work on PINs and files rather than keys.
struct SkfSession {
  std::shared_ptr<SkfLibrary> library;
  std::string device_name;
  SkfDevice device;
  SkfApplication application;
};
// Loads the URI's library, connects its device and opens its application (no PIN verified).
Result<SkfSession> open_skf_application(const TokenUri& uri);

// The SKF device a URI names: its `dev`, or the first device the library lists.
Result<std::string> resolve_skf_device(SkfLibrary& library, const TokenUri& uri);

}  // namespace gmseal::keys
