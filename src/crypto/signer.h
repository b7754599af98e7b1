// crypto::Signer: where an SM2 signature comes from (a soft key, a UKey, an HSM).
//
// Seal making, document signing and the provincial envelopes sign through this interface so
// that the key can live anywhere. Devices sign a precomputed e = SM3(Z||M) (GM/T 0016/0018), so
// the interface's primitive is sign_digest(); sign() computes e from the public key and ID.
#pragma once

#include <memory>
#include <string_view>

#include "crypto/sm2.h"
#include "crypto/sm2_key.h"

namespace gmseal::crypto {

class Signer {
 public:
  virtual ~Signer() = default;

  virtual Sm2PublicKey public_key() const = 0;
  // Signs a 32-byte e. Returns DER SEQUENCE{r,s}.
  virtual Result<Bytes> sign_digest(ByteView digest) = 0;

  // Signs `message` with the signer ID `id`: e = SM3(Z||M), then sign_digest().
  Result<Bytes> sign(ByteView message, std::string_view id = kDefaultSm2Id);
};

// A Signer over an in-memory private key.
class SoftSigner final : public Signer {
 public:
  explicit SoftSigner(Sm2PrivateKey key) : key_(std::move(key)), public_key_(key_.public_key()) {}
  // Kept from construction: deriving it builds and checks a key each time (sign() needs it for Z).
  Sm2PublicKey public_key() const override { return public_key_; }
  Result<Bytes> sign_digest(ByteView digest) override { return sm2_sign_digest(key_, digest); }

 private:
  Sm2PrivateKey key_;
  Sm2PublicKey public_key_;
};

}  // namespace gmseal::crypto
