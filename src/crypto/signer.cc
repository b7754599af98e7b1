#include "crypto/signer.h"

namespace gmseal::crypto {

Result<Bytes> Signer::sign(ByteView message, std::string_view id) {
  GMSEAL_ASSIGN_OR_RETURN(const Sm3Digest e, sm2_message_digest(public_key(), message, id));
  return sign_digest(e);
}

}  // namespace gmseal::crypto
