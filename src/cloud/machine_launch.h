// MachineLauncher: `spotrun launch` as domain logic — checks the name is free, chooses the
// type's zones (cheapest spot price first), image, key pair and ssh security group (made on
// first use), runs one instance with a ClientToken (so a retried call never makes two), moves
// to the next zone when one has no capacity, and waits until sshd answers. Whatever it made
// is undone when the launch fails before the machine runs: its spot request is cancelled and
// its instance terminated. Borrows the Ec2Api, clock and catalog; not thread-safe.
#ifndef SPOTRUN_CLOUD_MACHINE_LAUNCH_H_
#define SPOTRUN_CLOUD_MACHINE_LAUNCH_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "aws/ec2_api.h"
#include "base/clock.h"
#include "base/result.h"
#include "cloud/machine.h"
#include "cloud/ssh_identity.h"
#include "market/instance_type_catalog.h"

namespace spotrun {

inline constexpr std::string_view kDefaultLaunchType = "t3.micro";

struct MachineLaunchSpec {
  std::string name{};
  std::string instance_type = std::string(kDefaultLaunchType);
  std::string image = "ubuntu";            // "ubuntu", an image name of the user's, or ami-…
  std::optional<int> disk_gib{};           // root volume size; the image's when unset
  std::optional<int> iops{};               // gp3 iops of the root volume
  bool spot = true;                        // false: on-demand
  std::optional<std::string> max_price{};  // USD/hour; unset: capped at on-demand
  bool persistent = false;                 // a persistent spot request (needs stop|hibernate)
  std::string interruption{};  // "terminate" | "stop" | "hibernate"; empty: terminate, or stop
                               // when persistent
  std::string zone{};          // empty: every zone offering the type, best first
  std::string user_data{};     // raw (the client base64-encodes it)
  std::optional<std::string> ssh_cidr{};  // normalized CIDR; nullopt: keep an existing rule
};

class MachineLauncher {
 public:
  struct Options {
    // Called with "requested", "pending", "running", "ssh ready" as the launch gets there, and
    // again with the same stage after every poll while it waits (to show the time passing).
    std::function<void(std::string_view stage)> on_stage{};
    bool wait = true;                             // false: return once EC2 accepted the launch
    Duration timeout = std::chrono::minutes(10);  // for running and ssh ready together
    Duration poll_interval = std::chrono::seconds(2);
    // Whether the instance's sshd answers; default SshReady with a 2 s timeout.
    std::function<bool(const Instance&)> ssh_ready{};
    // The ClientToken of each RunInstances call; default RandomClientToken.
    std::function<std::string()> new_client_token{};
  };

  MachineLauncher(Ec2Api& ec2, Clock& clock, const market::InstanceTypeCatalog& catalog,
                  Options options);

  // Launches `spec` logging in with `identity`; the machine as it is at the end (running
  // with sshd answering, unless !options.wait).
  Result<Machine> Launch(const MachineLaunchSpec& spec, const SshIdentity& identity);

 private:
  Status CheckNameIsFree(std::string_view name);
  Result<Instance> RunInZone(const RunInstancesRequest& request);
  Result<Instance> WaitUntilRunning(const Instance& launched, TimePoint deadline);
  Result<Instance> WaitUntilSshReady(const Instance& running, TimePoint deadline);
  // Cancels the instance's spot request and terminates it; best effort.
  void Abandon(const Instance& instance);
  void Stage(std::string_view stage);

  Ec2Api& ec2_;
  Clock& clock_;
  const market::InstanceTypeCatalog& catalog_;
  Options options_;
};

// A machine name is 1..128 characters of letters, digits and - _ . @, not starting with "i-"
// (which would read as an instance id).
Status ValidateMachineName(std::string_view name);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_MACHINE_LAUNCH_H_
