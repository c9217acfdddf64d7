#include "cli/local_cloud_server.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace spotrun {
namespace {

LocalCloudServer installed_server = nullptr;

}  // namespace

void InstallLocalCloudServer(LocalCloudServer server) { installed_server = server; }

LocalCloudServer InstalledLocalCloudServer() { return installed_server; }

Status ExecLocalCloudServer(const Context& ctx, const LocalCloudServeArgs& args) {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) {
    return Status::Internal(fmt::format("cannot find spotrun's own path: {}", error.message()));
  }
  const std::string server = (self.parent_path() / "spotrun-cloud").string();
  if (::access(server.c_str(), X_OK) != 0) {
    return Status::NotFound(
        fmt::format("the local cloud's program {} is missing", server),
        "it is built with spotrun (ninja -C build spotrun) and must stay next to it");
  }
  std::vector<std::string> argv{"spotrun-cloud"};
  for (int i = 0; i < ctx.flags().verbosity; ++i) argv.push_back("-v");
  argv.insert(argv.end(), {"cloud", "serve", "--listen", args.listen, "--region", args.region,
                           "--time-scale", fmt::format("{}", args.time_scale), "--boot-delay",
                           fmt::format("{}", args.boot_delay), "--interruptions",
                           args.interruptions, "--profile-name", args.profile_name});
  if (!args.state.empty()) argv.insert(argv.end(), {"--state", args.state});
  if (!args.addresses.empty()) argv.insert(argv.end(), {"--addresses", args.addresses});
  if (args.no_freezer) argv.push_back("--no-freezer");
  std::vector<char*> c_argv;
  for (std::string& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  std::fflush(nullptr);
  ::execv(server.c_str(), c_argv.data());
  return Status::Internal(fmt::format("cannot run {}: {}", server, std::strerror(errno)));
}

}  // namespace spotrun
