#include "cloud/ssh_control_master.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "base/subprocess.h"

namespace spotrun {

Result<std::unique_ptr<SshControlMaster>> SshControlMaster::Open(const SshTarget& target) {
  char dir[] = "/tmp/spotrun-ssh-XXXXXX";
  if (::mkdtemp(dir) == nullptr) {
    return Status::Unavailable(
        fmt::format("cannot make a directory for the ssh connection in /tmp: {}",
                    std::strerror(errno)),
        "check that /tmp exists and is writable");
  }
  SshTarget shared = target;
  shared.control_path = std::string(dir) + "/m";
  return std::unique_ptr<SshControlMaster>(new SshControlMaster(std::move(shared), dir));
}

SshControlMaster::SshControlMaster(SshTarget target, std::string dir)
    : target_(std::move(target)), dir_(std::move(dir)) {}

SshControlMaster::~SshControlMaster() {
  std::error_code ec;
  if (std::filesystem::exists(target_.control_path, ec)) {
    SubprocessOptions exit;
    exit.argv = {"ssh",
                 "-o",
                 "ControlPath=" + target_.control_path,
                 "-o",
                 "LogLevel=QUIET",
                 "-O",
                 "exit",
                 "--",
                 target_.Destination()};
    exit.timeout = std::chrono::seconds(5);
    (void)RunSubprocess(exit);  // a master that is gone already is fine
  }
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace spotrun
