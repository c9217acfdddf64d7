// Test-only: a LocalCloud started inside the test process (any free port, a temp state
// directory, this process's own /24 of loopback addresses, no boot delay) and a
// SpotrunProcess whose private HOME holds the profile `local` for it (endpoint, region, keys,
// ssh_user), selected with AWS_PROFILE — so end-to-end tests run the real binary against a
// real local cloud and can look behind it through the model. Stops every instance at the
// end. Not thread-safe.
#ifndef SPOTRUN_CLI_LOCAL_CLOUD_SESSION_H_
#define SPOTRUN_CLI_LOCAL_CLOUD_SESSION_H_

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/environment.h"
#include "base/temp_dir.h"
#include "cli/local_profile.h"
#include "cli/settings.h"
#include "localcloud/local_cloud.h"
#include "localcloud/test_loopback_addresses.h"
#include "testing/spotrun_process.h"

namespace spotrun::testing {

class LocalCloudSession {
 public:
  explicit LocalCloudSession(std::function<void(LocalCloud::Options&)> adjust = {})
      : state_(ScopedTempDir::Create("spotrun-cloud").value()) {
    LocalCloud::Options options;
    options.state_dir = state_.path().string();
    options.port = 0;
    options.boot_delay = Duration::zero();
    options.tick_interval = std::chrono::milliseconds(20);
    auto [first, last] = TestAddressRange();
    options.first_address = first;
    options.last_address = last;
    if (adjust) adjust(options);
    Result<std::unique_ptr<LocalCloud>> cloud = LocalCloud::Start(options);
    if (!cloud.ok()) throw std::runtime_error("local cloud: " + cloud.status().ToString());
    cloud_ = std::move(cloud).value();
    // Explicit paths: ExpandHome reads this process's HOME, not the child's.
    MapEnvironment env{{"HOME", spotrun_.home()},
                       {"AWS_CONFIG_FILE", spotrun_.home() + "/.aws/config"},
                       {"AWS_SHARED_CREDENTIALS_FILE", spotrun_.home() + "/.aws/credentials"}};
    LocalProfile profile{.name = "local",
                         .endpoint = cloud_->endpoint(),
                         .region = options.region,
                         .access_key_id = cloud_->credentials().access_key_id,
                         .secret_access_key = cloud_->credentials().secret_access_key};
    Status wrote = WriteLocalProfile(env, profile);
    if (wrote.ok()) wrote = SetSpotrunSetting(env, "local", "ssh_user", cloud_->login_user());
    if (!wrote.ok()) throw std::runtime_error("profile: " + wrote.ToString());
    spotrun_.SetEnv("AWS_PROFILE", "local");
  }
  ~LocalCloudSession() { cloud_->Stop(); }

  LocalCloud& cloud() { return *cloud_; }
  Ec2Model& ec2() { return cloud_->model(); }
  SpotrunProcess& spotrun() { return spotrun_; }
  const std::string& home() const { return spotrun_.home(); }
  SubprocessResult Run(const std::vector<std::string>& args, const std::string& stdin_data = "") {
    return spotrun_.Run(args, stdin_data);
  }

  // The instance as EC2 describes it now.
  Instance Describe(const std::string& id) {
    Result<DescribeInstancesResponse> r = ec2().DescribeInstances({.instance_ids = {id}});
    if (!r.ok() || r->reservations.empty()) return {};
    return r->reservations.front().instances.front();
  }
  // Polls (real time: instances are real processes) until `done` or the deadline.
  static bool WaitFor(const std::function<bool()>& done,
                      std::chrono::seconds deadline = std::chrono::seconds(30)) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
  }

 private:
  ScopedTempDir state_;
  SpotrunProcess spotrun_;
  std::unique_ptr<LocalCloud> cloud_;
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_CLI_LOCAL_CLOUD_SESSION_H_
