#include "server/platform.h"

namespace gmseal::server {

Platform::Platform(std::unique_ptr<PlatformContext> context)
    : context_(std::move(context)),
      seals_(*context_),
      status_(*context_),
      applications_(*context_, seals_),
      worker_(*context_, seals_, status_) {}

Platform::~Platform() { worker_.stop(); }

Result<std::unique_ptr<Platform>> Platform::open(const PlatformConfig& config,
                                                 std::shared_ptr<ProvinceGateway> province) {
  GMSEAL_ASSIGN_OR_RETURN(std::unique_ptr<PlatformContext> context,
                          PlatformContext::open(config, std::move(province)));
  return std::unique_ptr<Platform>(new Platform(std::move(context)));
}

void Platform::set_province(std::shared_ptr<ProvinceGateway> province) {
  context_->province.set_gateway(std::move(province));
}

void Platform::set_province_root(crypto::Certificate root) {
  context_->province.set_root(std::move(root));
}

}  // namespace gmseal::server
