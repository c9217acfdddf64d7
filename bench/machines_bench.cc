// Issue 5's benchmark: whole-process time of `spotrun -o json ls` against
// `aws ec2 describe-instances` (Debian's awscli) on the same local cloud holding 100 instances
// (half of them spot, so ls also asks for spot prices), alternated in one run; and
// `spotrun --help` against `aws --version` as the floor of each program's start-up.
// Prints medians and ratios; asserts nothing (see bench/README.md).
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "base/environment.h"
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
  std::vector<double> ms{};      // wall time
  std::vector<double> cpu_ms{};  // user + system time of the process and its children
  static double Median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
  }
  double Median() const { return Median(ms); }
  double CpuMedian() const { return Median(cpu_ms); }
};

// Runs `program` once with posix_spawn (no fork of this large process, whose page tables
// would otherwise be copied into every measurement), stdout and stderr to /dev/null, and
// records its wall time and its own user + system time (wait4).
bool RunOnce(const std::vector<std::string>& env, Program& program) {
  std::vector<char*> argv, envp;
  for (const std::string& a : program.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const auto begin = SteadyClock::now();
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    fmt::print(stderr, "{}: cannot start: {}\n", program.label, std::strerror(spawned));
    return false;
  }
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  const double ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - begin).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fmt::print(stderr, "{} failed (status {}); run it by hand to see why\n", program.label, status);
    return false;
  }
  auto to_ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
  program.ms.push_back(ms);
  program.cpu_ms.push_back(to_ms(usage.ru_utime) + to_ms(usage.ru_stime));
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
  // This environment without AWS_*, plus the private HOME and the profile's files.
  std::vector<std::string> env{"HOME=" + h, "AWS_CONFIG_FILE=" + h + "/.aws/config",
                               "AWS_SHARED_CREDENTIALS_FILE=" + h + "/.aws/credentials",
                               "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true"};
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view var(*e);
    if (!var.starts_with("AWS_") && !var.starts_with("HOME=")) env.emplace_back(var);
  }
  Program ls{"spotrun -o json ls", {SPOTRUN_BINARY, "--profile", "local", "-o", "json", "ls"}};
  // The endpoint also goes on the command line (the profile has it too), so that whatever
  // the profile says, this can never reach real AWS.
  Program describe{"aws ec2 describe-instances",
                   {kAws, "ec2", "describe-instances", "--profile", "local", "--endpoint-url",
                    (*cloud)->endpoint(), "--output", "json"}};
  Program help{"spotrun --help", {SPOTRUN_BINARY, "--help"}};
  Program version{"aws --version", {kAws, "--version"}};
  // The floor: what starting any process costs here, for reading the --help figure.
  Program floor{"/bin/true", {"/bin/true"}};
  // One warm-up each (page cache, Python's bytecode cache), then alternate.
  for (Program* p : {&ls, &describe, &help, &version, &floor}) {
    if (!RunOnce(env, *p)) return 1;
    p->ms.clear();
    p->cpu_ms.clear();
  }
  for (int round = 0; round < kRounds; ++round) {
    for (Program* p : {&ls, &describe, &help, &version, &floor}) {
      if (!RunOnce(env, *p)) return 1;
    }
  }
  fmt::print("{} instances ({} spot), {} alternated rounds, medians of whole-process time\n",
             kInstances, kInstances / 2, kRounds);
  fmt::print(
      "(wall: what a person waits, inflated when the machine is busy; cpu: user + system\n"
      "time of the process, which load does not change)\n\n");
  fmt::print("{:<22} {:>9} {:>9}   {:<28} {:>9} {:>9}   {:>6} {:>6}\n", "spotrun", "wall ms",
             "cpu ms", "reference", "wall ms", "cpu ms", "wall", "cpu");
  auto row = [](const Program& ours, const Program& theirs, std::string_view target) {
    fmt::print("{:<22} {:>9.1f} {:>9.1f}   {:<28} {:>9.1f} {:>9.1f}   {:>5.1f}x {:>5.1f}x   {}\n",
               ours.label, ours.Median(), ours.CpuMedian(), theirs.label, theirs.Median(),
               theirs.CpuMedian(), theirs.Median() / ours.Median(),
               theirs.CpuMedian() / std::max(ours.CpuMedian(), 0.1), target);
  };
  row(ls, describe, "(target >= 20x)");
  row(help, version, "(target: spotrun --help < 10 ms)");
  row(help, floor, "(starting a process that does nothing)");
  (*cloud)->Stop();
  return 0;
}

}  // namespace
}  // namespace spotrun

int main() { return spotrun::Main(); }
