// The web console (web/, a Vite build of static files) served at `/` beside the /api/v1 routes:
// files from the build folder, and index.html for any other path that is not an API, download or
// file path, so the console's client-side routes (/seals/X, /review, ...) survive a reload.
#pragma once

#include <filesystem>
#include <string>

#include "server/foundation.h"

namespace gmseal::server {

// The console's build folder for a program at `self`: the first of
// DIR/../../../../web/dist (DIR = build/PRESET/src/cli, the program's folder in a build tree)
// and DIR/../share/gmseal/web
// (an installation) that holds index.html; empty when none does.
std::filesystem::path find_web_root(const std::filesystem::path& self);

// Mounts `root` at `/` with the client-route fallback. Register after every API route (routes
// match in registration order). Errors: server.web_root (no index.html in `root`).
Status mount_web_console(ApiServer& api, const std::filesystem::path& root);

}  // namespace gmseal::server
