// Issue 6's agent benchmarks, on the real `spotrun agent` process with its default polling
// (AgentConfig: IMDS every 0.9 s), the local cloud's S3 (in this process) as the job's store and
// a minimal IMDSv2 on 127.0.0.1 (this process):
//  (a) notice published at IMDS → the job's checkpoint signal delivered: the job's trap
//      records the time it got the signal; p50 and p99 over --trials (default 50). The
//      notice is published at a random phase of the agent's poll. Target: p99 ≤ 1 s.
//  (b) the agent idle beside a sleeping job: VmRSS (and its anonymous / file parts) from
//      /proc/PID/status, CPU (utime + stime from /proc/PID/stat) over --idle-seconds
//      (default 60), twice: S3 over plain http (the local cloud), then over HTTPS with the
//      system CA bundle (as on AWS). Target: ≤ 8 MB and ≤ 0.1 % of a core.
// Prints figures; asserts nothing (see bench/README.md).
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "agent/agent_config.h"
#include "base/clock.h"
#include "base/file.h"
#include "base/temp_dir.h"
#include "http/http_server.h"
#include "http/socket_http_client.h"
#include "localcloud/local_cloud.h"
#include "localcloud/s3_model.h"

extern char** environ;

namespace spotrun {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

constexpr char kBucket[] = "agent-bench";

// Just enough IMDSv2 for the agent: tokens, instance-id, and the two interruption items.
class MiniImds {
 public:
  Status Start() {
    server_.SetHandler([this](const HttpRequest& r) { return Handle(r); });
    return server_.Start().status();
  }
  std::string endpoint() const { return server_.base_url(); }
  void SetNotice(std::string json) {
    std::lock_guard<std::mutex> lock(mu_);
    notice_ = std::move(json);
  }
  int requests() const { return requests_.load(); }

 private:
  HttpResponse Handle(const HttpRequest& r) {
    ++requests_;
    HttpResponse response;
    response.status = 200;
    if (r.method == "PUT" && r.path == "/latest/api/token") {
      response.body = "bench-token";
      response.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
    } else if (r.path == "/latest/meta-data/instance-id") {
      response.body = "i-0bench0000000000";
    } else if (r.path == "/latest/meta-data/spot/instance-action") {
      std::lock_guard<std::mutex> lock(mu_);
      if (notice_.empty()) response.status = 404;
      response.body = notice_;
    } else {
      response.status = 404;
    }
    return response;
  }
  HttpServer server_;
  std::mutex mu_;
  std::string notice_;
  std::atomic<int> requests_{0};
};

// S3 over HTTPS, as on AWS: a TLS server on loopback that hands each request, Host header
// and all (SigV4 signs it), to the local cloud's plain endpoint. Its certificate is made with
// the openssl command; the agent trusts it through AWS_CA_BUNDLE = the system bundle plus it,
// so the agent parses as many CAs as it would on a real machine.
class TlsFront {
 public:
  Status Start(const fs::path& dir, std::string backend) {
    backend_ = std::move(backend);
    const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
    std::string make = fmt::format(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
        "-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '{}' "
        "-out '{}' 2>/dev/null && cat /etc/ssl/certs/ca-certificates.crt '{}' > '{}'",
        key, cert, cert, (dir / "bundle.pem").string());
    if (std::system(make.c_str()) != 0) return Status::Internal("openssl could not make a cert");
    bundle_ = (dir / "bundle.pem").string();
    HttpServer::Options options;
    options.tls_certificate_file = cert;
    options.tls_private_key_file = key;
    server_ = std::make_unique<HttpServer>(options);
    server_->SetHandler([this](const HttpRequest& r) { return Forward(r); });
    return server_->Start().status();
  }
  std::string endpoint() const { return server_->base_url(); }
  const std::string& bundle() const { return bundle_; }

 private:
  static bool Hop(std::string_view name) {
    return HeaderNameEquals(name, "Content-Length") || HeaderNameEquals(name, "Connection") ||
           HeaderNameEquals(name, "Transfer-Encoding");
  }
  HttpResponse Forward(const HttpRequest& r) {
    HttpRequest forwarded;
    forwarded.method = r.method;
    forwarded.url = backend_ + r.url;
    forwarded.body = r.body;
    for (const auto& [name, value] : r.headers) {
      if (!Hop(name)) forwarded.headers.emplace_back(name, value);
    }
    std::lock_guard<std::mutex> lock(mu_);
    Result<HttpResponse> got = http_.Send(forwarded);
    HttpResponse response;
    response.status = 502;
    if (!got.ok()) {
      response.body = got.status().ToString();
      return response;
    }
    response.status = got->status;
    response.body = std::move(got->body);
    for (auto& [name, value] : got->headers) {
      if (!Hop(name)) response.headers.emplace_back(name, value);
    }
    return response;
  }
  std::string backend_, bundle_;
  std::unique_ptr<HttpServer> server_;
  std::mutex mu_;
  SocketHttpClient http_;
};

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void Nap(int ms) { ::poll(nullptr, 0, ms); }

bool WaitForFile(const fs::path& path, double seconds) {
  auto deadline = SteadyClock::now() + std::chrono::duration<double>(seconds);
  while (!fs::exists(path)) {
    if (SteadyClock::now() > deadline) return false;
    Nap(2);
  }
  return true;
}

pid_t SpawnAgent(const std::string& config_path, const std::string& imds_endpoint,
                 const fs::path& agent_log) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "AWS_", 4) != 0) env.emplace_back(*e);
  }
  env.push_back("AWS_EC2_METADATA_SERVICE_ENDPOINT=" + imds_endpoint);
  std::vector<char*> envp;
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string binary = SPOTRUN_BINARY, command = "agent", config = config_path;
  char* argv[] = {binary.data(), command.data(), config.data(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, agent_log.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int err = posix_spawn(&pid, argv[0], &actions, nullptr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return err == 0 ? pid : -1;
}

// Waits for `pid` with a deadline; kills it when it overstays. The exit status or -1.
int WaitForExit(pid_t pid, double seconds) {
  auto deadline = SteadyClock::now() + std::chrono::duration<double>(seconds);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (SteadyClock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    Nap(5);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Setup {
  LocalCloud* cloud;
  MiniImds* imds;
  fs::path root;
  TlsFront* tls = nullptr;  // set: the agent reaches S3 over HTTPS through it
};

// Writes the AgentConfig of one agent run under root/NAME and returns the config's path.
std::string WriteConfig(const Setup& setup, const std::string& name, const std::string& run) {
  fs::path dir = setup.root / name;
  fs::create_directories(dir / "work");
  AgentConfig config;
  config.job_id = name;
  config.store = fmt::format("s3://{}/{}", kBucket, name);
  config.workdir = (dir / "work").string();
  config.run = run;
  config.checkpoint_dir = (dir / "work" / "ckpt").string();
  config.s3_endpoint = setup.tls != nullptr ? setup.tls->endpoint() : setup.cloud->endpoint();
  config.region = "us-east-1";
  config.environment = {{"AWS_ACCESS_KEY_ID", setup.cloud->credentials().access_key_id},
                        {"AWS_SECRET_ACCESS_KEY", setup.cloud->credentials().secret_access_key}};
  if (setup.tls != nullptr) config.environment["AWS_CA_BUNDLE"] = setup.tls->bundle();
  std::string path = (dir / "agent.json").string();
  (void)WriteFileAtomic(path, AgentConfigToJson(config), 0600);
  return path;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

// (a) notice → signal.
int NoticeLatency(const Setup& setup, int trials) {
  // `wait` returns as soon as a trapped signal arrives (a foreground sleep would delay the
  // trap until it ends), so the recorded time is the delivery time.
  const std::string run =
      "trap 'date +%s.%N > got; echo x > \"$SPOTRUN_CHECKPOINT_DIR/x\"; "
      "touch \"$SPOTRUN_CHECKPOINT_DONE\"' USR1\n"
      "touch ready\n"
      "while :; do sleep 1000 & wait $!; done\n";
  std::mt19937 random(42);
  const auto poll_ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(AgentConfig{}.poll_interval).count());
  std::uniform_int_distribution<int> phase_ms(0, poll_ms);
  std::vector<double> latencies;
  for (int i = 0; i < trials; ++i) {
    setup.imds->SetNotice("");
    std::string name = fmt::format("notice-{:03}", i);
    std::string config = WriteConfig(setup, name, run);
    fs::path work = setup.root / name / "work";
    pid_t agent = SpawnAgent(config, setup.imds->endpoint(), setup.root / name / "agent.err");
    if (agent < 0 || !WaitForFile(work / "ready", 20)) {
      fmt::print(stderr, "trial {}: the agent's job did not start (see {})\n", i,
                 (setup.root / name).string());
      return 1;
    }
    Nap(phase_ms(random));  // publish at a random phase of the agent's poll
    const double published = NowSeconds();
    setup.imds->SetNotice(
        fmt::format(R"({{"action": "terminate", "time": "{}"}})",
                    FormatIso8601(std::chrono::system_clock::now() + std::chrono::minutes(2))));
    int exit_code = WaitForExit(agent, 30);
    std::string got = ReadFile((work / "got").string()).value_or("");
    double delivered = 0;
    std::from_chars(got.data(), got.data() + got.size(), delivered);
    if (exit_code != 0 || delivered == 0) {
      fmt::print(stderr, "trial {}: agent exit {}, signal time '{}'\n", i, exit_code, got);
      return 1;
    }
    latencies.push_back((delivered - published) * 1e3);
  }
  fmt::print(
      "notice -> signal ({} trials, IMDS polled every {} ms): p50 {:.0f} ms, p99 {:.0f} ms, max "
      "{:.0f} ms  (target p99 <= 1000 ms)\n",
      trials, poll_ms, Percentile(latencies, 0.5), Percentile(latencies, 0.99),
      Percentile(latencies, 1.0));
  setup.imds->SetNotice("");
  return 0;
}

struct ProcSample {
  double cpu_seconds = 0;
  long rss_kb = 0, anon_kb = 0, file_kb = 0;
};

ProcSample Sample(pid_t pid) {
  ProcSample s;
  std::string stat = ReadFile(fmt::format("/proc/{}/stat", pid)).value_or("");
  // Fields after the ")" of the command name: state is field 3, utime 14, stime 15.
  size_t close = stat.rfind(')');
  if (close != std::string::npos) {
    std::istringstream fields(stat.substr(close + 2));
    std::vector<std::string> f;
    for (std::string x; fields >> x;) f.push_back(x);
    if (f.size() > 12) {
      long ticks = 0, utime = 0, stime = 0;
      std::from_chars(f[11].data(), f[11].data() + f[11].size(), utime);
      std::from_chars(f[12].data(), f[12].data() + f[12].size(), stime);
      ticks = utime + stime;
      s.cpu_seconds = static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    }
  }
  std::istringstream status(ReadFile(fmt::format("/proc/{}/status", pid)).value_or(""));
  for (std::string line; std::getline(status, line);) {
    auto value = [&](std::string_view key, long* out) {
      if (!line.starts_with(key)) return;
      std::string_view rest = std::string_view(line).substr(key.size());
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
      std::from_chars(rest.data(), rest.data() + rest.size(), *out);
    };
    value("VmRSS:", &s.rss_kb);
    value("RssAnon:", &s.anon_kb);
    value("RssFile:", &s.file_kb);
  }
  return s;
}

// (b) idle cost.
int IdleCost(const Setup& setup, int idle_seconds) {
  const std::string name = setup.tls != nullptr ? "idle-https" : "idle-http";
  std::string config = WriteConfig(setup, name, "touch ready; exec sleep 100000");
  pid_t agent = SpawnAgent(config, setup.imds->endpoint(), setup.root / name / "agent.err");
  if (agent < 0 || !WaitForFile(setup.root / name / "work" / "ready", 20)) {
    fmt::print(stderr, "{}: the agent's job did not start\n", name);
    return 1;
  }
  Nap(2000);  // past the start-up posts
  const int requests_before = setup.imds->requests();
  ProcSample first = Sample(agent);
  long max_rss = first.rss_kb;
  auto start = SteadyClock::now();
  for (int s = 0; s < idle_seconds; ++s) {
    Nap(1000);
    max_rss = std::max(max_rss, Sample(agent).rss_kb);
  }
  double elapsed = std::chrono::duration<double>(SteadyClock::now() - start).count();
  ProcSample last = Sample(agent);
  double cpu_percent = (last.cpu_seconds - first.cpu_seconds) / elapsed * 100;
  fmt::print(
      "agent idle over {:.0f} s, S3 over {}: VmRSS {:.1f} MB (max {:.1f}; anon {:.1f}, file "
      "{:.1f}), CPU {:.3f} % of a core ({:.2f} s), {} IMDS requests  (target <= 8 MB, <= 0.1 %)\n",
      elapsed, setup.tls != nullptr ? "https" : "http", last.rss_kb / 1024.0, max_rss / 1024.0,
      last.anon_kb / 1024.0, last.file_kb / 1024.0, cpu_percent,
      last.cpu_seconds - first.cpu_seconds, setup.imds->requests() - requests_before);
  ::kill(agent, SIGTERM);
  int exit_code = WaitForExit(agent, 30);
  if (exit_code != 128 + SIGTERM)
    fmt::print(stderr, "idle: agent exit {} after SIGTERM\n", exit_code);
  return 0;
}

int Main(int argc, char** argv) {
  int trials = 50, idle_seconds = 60;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i], value = argv[i + 1];
    int* target = flag == "--trials" ? &trials : flag == "--idle-seconds" ? &idle_seconds : nullptr;
    if (target == nullptr) {
      fmt::print(stderr, "usage: agent_bench [--trials N] [--idle-seconds S]\n");
      return 2;
    }
    std::from_chars(value.data(), value.data() + value.size(), *target);
  }
  Result<ScopedTempDir> state = ScopedTempDir::Create("spotrun-bench-cloud");
  Result<ScopedTempDir> root = ScopedTempDir::Create("spotrun-agent-bench");
  if (!state.ok() || !root.ok()) return 1;
  LocalCloud::Options options;
  options.state_dir = state->path().string();
  options.port = 0;
  options.boot_delay = Duration::zero();
  Result<std::unique_ptr<LocalCloud>> cloud = LocalCloud::Start(options);
  if (!cloud.ok()) {
    fmt::print(stderr, "local cloud: {}\n", cloud.status().ToString());
    return 1;
  }
  if (Status made = (*cloud)->s3().CreateBucket(kBucket); !made.ok()) {
    fmt::print(stderr, "bucket: {}\n", made.ToString());
    return 1;
  }
  MiniImds imds;
  if (Status started = imds.Start(); !started.ok()) {
    fmt::print(stderr, "imds: {}\n", started.ToString());
    return 1;
  }
  Setup setup{cloud->get(), &imds, root->path()};
  if (int failed = NoticeLatency(setup, trials); failed != 0) {
    root->Release();
    return failed;
  }
  if (int failed = IdleCost(setup, idle_seconds); failed != 0) return failed;
  TlsFront tls;
  if (Status started = tls.Start(root->path(), (*cloud)->endpoint()); !started.ok()) {
    fmt::print(stderr, "tls front: {}\n", started.ToString());
    return 1;
  }
  setup.tls = &tls;
  return IdleCost(setup, idle_seconds);
}

}  // namespace
}  // namespace spotrun

int main(int argc, char** argv) { return spotrun::Main(argc, argv); }
