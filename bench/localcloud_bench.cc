// The local cloud under load (issue 4's benchmark):
//  1. DescribeInstances with 1,000 instances in the model: requests per second and p50/p99
//     latency through the whole wire path (Ec2Client → SigV4 → HTTP → QueryServer →
//     verification → model → XML → parse), one client and two concurrent clients, beside the
//     same call made in process (model + XML writing only) to show where the time goes.
//  2. The cost of one idle instance: processes and resident memory of real ProcessRuntime
//     instances (init + sshd) after boot, summed from /proc.
// Prints numbers; asserts nothing (see bench/README.md).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "aws/aws_query_client.h"
#include "aws/ec2_client.h"
#include "aws/random_source.h"
#include "base/temp_dir.h"
#include "http/curl_http_client.h"
#include "localcloud/ec2_model.h"
#include "localcloud/ec2_query_dispatch.h"
#include "localcloud/ec2_response_xml.h"
#include "localcloud/fake_instance_runtime.h"
#include "localcloud/loopback_address_pool.h"
#include "localcloud/poll_until.h"
#include "localcloud/process_runtime.h"
#include "localcloud/query_server.h"
#include "market/market.h"

namespace spotrun {
namespace {

using Clock = std::chrono::steady_clock;

class StaticCredentials final : public CredentialsProvider {
 public:
  Result<Credentials> Get() override {
    return Credentials{.access_key_id = "AKIALOCALBENCH", .secret_access_key = "secret"};
  }
};

struct Latencies {
  std::vector<double> ms;
  double seconds = 0;
  std::string Summary() const {
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    auto at = [&](double q) { return sorted[static_cast<size_t>(q * (sorted.size() - 1))]; };
    return fmt::format("{:7.1f} req/s   p50 {:6.2f} ms   p99 {:6.2f} ms   ({} requests)",
                       ms.size() / seconds, at(0.5), at(0.99), ms.size());
  }
};

template <typename Call>
Latencies Measure(int requests, int threads, Call call) {
  Latencies out;
  std::vector<std::vector<double>> per_thread(threads);
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < requests / threads; ++i) {
        const auto begin = Clock::now();
        call(t);
        per_thread[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
      }
    });
  }
  for (std::thread& w : workers) w.join();
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& v : per_thread) out.ms.insert(out.ms.end(), v.begin(), v.end());
  return out;
}

int DescribeInstancesBench() {
  static const market::Market market;
  RealClock clock;
  FakeInstanceRuntime runtime;
  Ec2Model::Deps deps{
      .clock = clock, .runtime = runtime, .market = market, .random = SystemRandomSource()};
  Ec2Model::Options options;
  options.boot_delay = std::chrono::seconds(0);
  auto model = Ec2Model::Create(Ec2State(), deps, options);
  if (!model.ok()) {
    fmt::print(stderr, "model: {}\n", model.status().ToString());
    return 1;
  }
  Ec2Model& ec2 = **model;
  auto images = ec2.DescribeImages(
      {.owners = {"099720109477"},
       .filters = {{"name", {"ubuntu/images/*ubuntu-noble-24.04-amd64-server-*"}}}});
  if (!images.ok() || images->empty()) {
    fmt::print(stderr, "no public image\n");
    return 1;
  }
  for (int i = 0; i < 10; ++i) {
    RunInstancesRequest run{.image_id = images->front().image_id,
                            .instance_type = "m5.large",
                            .min_count = 100,
                            .max_count = 100};
    run.tag_specifications = {
        {"instance", {{"Name", fmt::format("bench-{}", i)}, {"spotrun:managed", "true"}}}};
    if (i % 2 == 1) run.instance_market_options = InstanceMarketOptionsRequest{};
    auto launched = ec2.RunInstances(run);
    if (!launched.ok()) {
      fmt::print(stderr, "launch: {}\n", launched.status().ToString());
      return 1;
    }
  }
  ec2.Tick();

  QueryServer::Options server_options;
  server_options.host = "127.0.0.1";
  server_options.port = 0;
  server_options.threads = 8;
  server_options.region = "us-east-1";
  server_options.service = "ec2";
  server_options.credentials = {
      Credentials{.access_key_id = "AKIALOCALBENCH", .secret_access_key = "secret"}};
  server_options.clock = &clock;
  auto server = std::make_unique<QueryServer>(
      server_options,
      [&](std::string_view action, const QueryParams& params, std::string_view request_id) {
        return DispatchEc2Action(ec2, action, params, request_id);
      });
  if (Result<int> port = server->Start(); !port.ok()) {
    fmt::print(stderr, "server: {}\n", port.status().ToString());
    return 1;
  }
  StaticCredentials credentials;
  std::vector<std::unique_ptr<CurlHttpClient>> https;
  std::vector<std::unique_ptr<AwsQueryClient>> queries;
  std::vector<std::unique_ptr<Ec2Client>> clients;
  for (int t = 0; t < 2; ++t) {
    https.push_back(std::make_unique<CurlHttpClient>());
    AwsQueryClient::Options q;
    q.service = "ec2";
    q.endpoint = fmt::format("http://127.0.0.1:{}", server->port());
    q.region = "us-east-1";
    q.api_version = "2016-11-15";
    q.credentials = &credentials;
    q.http = https.back().get();
    q.clock = &clock;
    queries.push_back(std::make_unique<AwsQueryClient>(std::move(q)));
    clients.push_back(std::make_unique<Ec2Client>(*queries.back()));
  }
  size_t count = 0;
  auto check = clients[0]->DescribeInstancesAll({});
  if (!check.ok()) {
    fmt::print(stderr, "describe: {}\n", check.status().ToString());
    return 1;
  }
  count = InstancesOf(*check).size();
  fmt::print("DescribeInstances, {} instances in the model, every instance per request\n", count);
  const int n = 60;
  Latencies in_process = Measure(n, 1, [&](int) {
    auto page = ec2.DescribeInstances({});
    std::string xml = WriteDescribeInstancesResponse("r", *page);
    if (xml.size() < 1000) std::abort();
  });
  fmt::print("  in process (model + XML)   {}\n", in_process.Summary());
  Latencies one = Measure(n, 1, [&](int t) {
    if (!clients[t]->DescribeInstances({}).ok()) std::abort();
  });
  fmt::print("  over HTTP, 1 client        {}\n", one.Summary());
  Latencies two = Measure(n, 2, [&](int t) {
    if (!clients[t]->DescribeInstances({}).ok()) std::abort();
  });
  fmt::print("  over HTTP, 2 clients       {}\n", two.Summary());
  Latencies filtered = Measure(n * 5, 1, [&](int t) {
    auto r = clients[t]->DescribeInstances({.filters = {{"tag:Name", {"bench-3"}}}});
    if (!r.ok()) std::abort();
  });
  fmt::print("  over HTTP, tag filter (100 of them) {}\n", filtered.Summary());
  server->Stop();
  return 0;
}

// Proportional set size: resident memory with shared pages (libc, the sshd binary) divided
// among the processes sharing them — what one more instance really costs.
long RssKb(int pid) {
  std::ifstream rollup(fmt::format("/proc/{}/smaps_rollup", pid));
  std::string line;
  while (std::getline(rollup, line)) {
    if (line.rfind("Pss:", 0) == 0) return std::strtol(line.c_str() + 4, nullptr, 10);
  }
  return 0;
}

bool HasMarker(int pid, const std::string& marker) {
  std::ifstream environ(fmt::format("/proc/{}/environ", pid), std::ios::binary);
  std::string entry;
  while (std::getline(environ, entry, '\0')) {
    if (entry == marker) return true;
  }
  return false;
}

// The instance's processes: its freezer cgroup's members when it has one, else every process
// carrying its marker variable.
std::vector<int> InstancePids(ProcessRuntime& runtime, const std::string& id) {
  std::vector<int> pids;
  std::error_code ec;
  if (runtime.tracking() == ProcessRuntime::Tracking::kFreezerCgroup) {
    for (auto it = std::filesystem::recursive_directory_iterator(FreezerCgroup::kDefaultMount, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_directory() || it->path().filename() != id) continue;
      std::ifstream procs(it->path() / "cgroup.procs");
      for (int pid; procs >> pid;) pids.push_back(pid);
    }
    return pids;
  }
  const std::string marker = runtime.Marker(id);
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    const int pid = std::atoi(name.c_str());
    if (HasMarker(pid, marker)) pids.push_back(pid);
  }
  return pids;
}

int IdleInstanceBench() {
  constexpr int kInstances = 5;
  auto dir = ScopedTempDir::Create("spotrun-bench");
  if (!dir.ok()) return 1;
  ProcessRuntime::Options options;
  options.state_dir = dir->path().string();
  auto runtime = ProcessRuntime::Create(options);
  if (!runtime.ok()) {
    fmt::print("idle instance cost: skipped ({})\n", runtime.status().ToString());
    return 0;
  }
  auto pool = LoopbackAddressPool::Create("127.3.9.1", "127.3.9.254");
  std::vector<std::string> ids;
  for (int i = 0; i < kInstances; ++i) {
    InstanceSpec spec;
    spec.instance_id = fmt::format("i-bench{:010d}", i);
    spec.address = *pool->Allocate();
    Status booted = (*runtime)->Boot(spec);
    if (!booted.ok()) {
      fmt::print("idle instance cost: skipped ({})\n", booted.ToString());
      return 0;
    }
    ids.push_back(spec.instance_id);
  }
  for (const std::string& id : ids) {
    PollUntil(std::chrono::seconds(10), [&] { return (*runtime)->SshReady(id); });
  }
  // The readiness probes' sshd children exit within a moment; measure the settled instance.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  int processes = 0;
  long rss = 0;
  for (const std::string& id : ids) {
    for (int pid : InstancePids(**runtime, id)) {
      ++processes;
      rss += RssKb(pid);
    }
  }
  fmt::print("Idle instance cost ({} booted instances, {} tracking)\n", kInstances,
             (*runtime)->tracking() == ProcessRuntime::Tracking::kFreezerCgroup ? "freezer cgroup"
                                                                                : "process tree");
  fmt::print("  {:.1f} processes and {:.0f} KiB of memory (PSS) per instance, idle\n",
             static_cast<double>(processes) / kInstances, static_cast<double>(rss) / kInstances);
  for (const std::string& id : ids) (void)(*runtime)->Terminate(id, false);
  return 0;
}

}  // namespace
}  // namespace spotrun

int main() {
  int status = spotrun::DescribeInstancesBench();
  if (status != 0) return status;
  return spotrun::IdleInstanceBench();
}
