#include "crypto/sm3.h"

#include <cstdlib>

#include "crypto/internal/ossl.h"

namespace gmseal::crypto {

struct Sm3::State {
  internal::MdCtxPtr ctx{EVP_MD_CTX_new()};
};

namespace {
void init_or_abort(EVP_MD_CTX* ctx) {
  // SM3 is part of OpenSSL 3.0's default provider; failing here means a broken installation.
  if (ctx == nullptr || EVP_DigestInit_ex(ctx, EVP_sm3(), nullptr) != 1) std::abort();
}
}  // namespace

Sm3::Sm3() : state_(std::make_unique<State>()) { init_or_abort(state_->ctx.get()); }
Sm3::~Sm3() = default;
Sm3::Sm3(Sm3&&) noexcept = default;
Sm3& Sm3::operator=(Sm3&&) noexcept = default;

void Sm3::update(ByteView data) {
  if (!data.empty() && EVP_DigestUpdate(state_->ctx.get(), data.data(), data.size()) != 1) {
    std::abort();
  }
}

Sm3Digest Sm3::final() {
  Sm3Digest digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(state_->ctx.get(), digest.data(), &size) != 1 || size != digest.size()) {
    std::abort();
  }
  init_or_abort(state_->ctx.get());
  return digest;
}

Sm3Digest sm3(ByteView data) {
  Sm3Digest digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sm3(), nullptr) != 1) {
    std::abort();
  }
  return digest;
}

}  // namespace gmseal::crypto
