// Issue 5's benchmark: whole-process time of `spotrun -o json ls` against
// `aws ec2 describe-instances` (Debian's awscli) on the same local cloud holding 100 instances
// (half of them spot, so ls also asks for spot prices), alternated in one run; and
// `spotrun --help` against `aws --version` as the floor of each program's start-up.
// Prints medians and ratios; asserts nothing (see bench/README.md).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "base/environment.h"
#include "base/subprocess.h"
#include "base/temp_dir.h"
#include "cli/local_profile.h"
#include "cli/settings.h"
#include "cloud/managed_tags.h"
#include "localcloud/local_cloud.h"

namespace spotrun {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kInstances = 100;
constexpr int kRounds = 15;
constexpr char kAws[] = "/usr/bin/aws";  // Debian's awscli, not a pyenv shim

struct Program {
  std::string label;
  std::vector<std::string> argv;
  std::vector<double> ms{};
  double Median() const {
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    return sorted.empty() ? 0 : sorted[sorted.size() / 2];
  }
};

bool RunOnce(const std::map<std::string, std::string>& env, Program& program) {
  SubprocessOptions options;
  options.argv = program.argv;
  options.env = env;
  options.timeout = std::chrono::seconds(120);
  const auto begin = SteadyClock::now();
  Result<SubprocessResult> r = RunSubprocess(options);
  const double ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - begin).count();
  if (!r.ok() || r->exit_code != 0) {
    fmt::print(stderr, "{} failed: {}\n", program.label,
               r.ok() ? r->stderr_text : r.status().ToString());
    return false;
  }
  program.ms.push_back(ms);
  return true;
}

std::string FirstImage(Ec2Model& ec2) {
  Result<std::vector<Image>> images =
      ec2.DescribeImages({.owners = {"099720109477"}, .filters = {{"architecture", {"x86_64"}}}});
  if (!images.ok() || images->empty()) return "";
  return images->front().image_id;
}

int Main() {
  Result<ScopedTempDir> state = ScopedTempDir::Create("spotrun-bench-cloud");
  Result<ScopedTempDir> home = ScopedTempDir::Create("spotrun-bench-home");
  if (!state.ok() || !home.ok()) return 1;
  LocalCloud::Options options;
  options.state_dir = state->path().string();
  options.port = 0;
  options.boot_delay = Duration::zero();
  options.first_address = "127.99.0.1";
  options.last_address = "127.99.1.254";
  Result<std::unique_ptr<LocalCloud>> cloud = LocalCloud::Start(options);
  if (!cloud.ok()) {
    fmt::print(stderr, "local cloud: {}\n", cloud.status().ToString());
    return 1;
  }
  Ec2Model& ec2 = (*cloud)->model();
  const std::string image = FirstImage(ec2);
  for (int i = 0; i < kInstances; ++i) {
    RunInstancesRequest request{.image_id = image,
                                .instance_type = i % 2 ? "t3.micro" : "m5.large"};
    request.tag_specifications = {
        {.resource_type = "instance", .tags = ManagedTags(fmt::format("bench-{:03}", i))}};
    if (i % 2 == 0) request.instance_market_options = InstanceMarketOptionsRequest{};
    Result<Reservation> launched = ec2.RunInstances(request);
    if (!launched.ok()) {
      fmt::print(stderr, "launch {}: {}\n", i, launched.status().ToString());
      return 1;
    }
  }
  const std::string h = home->path().string();
  MapEnvironment profile_env{{"HOME", h},
                             {"AWS_CONFIG_FILE", h + "/.aws/config"},
                             {"AWS_SHARED_CREDENTIALS_FILE", h + "/.aws/credentials"}};
  LocalProfile profile{.name = "local",
                       .endpoint = (*cloud)->endpoint(),
                       .region = options.region,
                       .access_key_id = (*cloud)->credentials().access_key_id,
                       .secret_access_key = (*cloud)->credentials().secret_access_key};
  if (Status wrote = WriteLocalProfile(profile_env, profile); !wrote.ok()) {
    fmt::print(stderr, "profile: {}\n", wrote.ToString());
    return 1;
  }
  std::map<std::string, std::string> env{{"HOME", h},
                                         {"AWS_CONFIG_FILE", h + "/.aws/config"},
                                         {"AWS_SHARED_CREDENTIALS_FILE", h + "/.aws/credentials"},
                                         {"AWS_PAGER", ""},
                                         {"AWS_EC2_METADATA_DISABLED", "true"}};
  Program ls{"spotrun -o json ls", {SPOTRUN_BINARY, "--profile", "local", "-o", "json", "ls"}};
  // Debian's awscli 2.9 predates endpoint_url in profiles: the endpoint goes on the command
  // line, so it can never reach real AWS.
  Program describe{"aws ec2 describe-instances",
                   {kAws, "ec2", "describe-instances", "--profile", "local", "--endpoint-url",
                    (*cloud)->endpoint(), "--output", "json"}};
  Program help{"spotrun --help", {SPOTRUN_BINARY, "--help"}};
  Program version{"aws --version", {kAws, "--version"}};
  // One warm-up each (page cache, Python's bytecode cache), then alternate.
  for (Program* p : {&ls, &describe, &help, &version}) {
    if (!RunOnce(env, *p)) return 1;
    p->ms.clear();
  }
  for (int round = 0; round < kRounds; ++round) {
    for (Program* p : {&ls, &describe, &help, &version}) {
      if (!RunOnce(env, *p)) return 1;
    }
  }
  fmt::print("{} instances ({} spot), {} alternated rounds, medians of whole-process time\n\n",
             kInstances, kInstances / 2, kRounds);
  fmt::print("{:<30} {:>10}   {:<30} {:>10}   {:>8}\n", "spotrun", "median", "reference", "median",
             "ratio");
  fmt::print("{:<30} {:>7.1f} ms   {:<30} {:>7.1f} ms   {:>7.1f}x   (target >= 20x)\n", ls.label,
             ls.Median(), describe.label, describe.Median(), describe.Median() / ls.Median());
  fmt::print("{:<30} {:>7.1f} ms   {:<30} {:>7.1f} ms   {:>7.1f}x   (target: spotrun < 10 ms)\n",
             help.label, help.Median(), version.label, version.Median(),
             version.Median() / help.Median());
  (*cloud)->Stop();
  return 0;
}

}  // namespace
}  // namespace spotrun

int main() { return spotrun::Main(); }
