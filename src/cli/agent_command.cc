// spotrun agent CONFIG (hidden): the on-machine half of `spotrun job run`. The controller
// copies this binary to the job's machine, writes CONFIG (AgentConfig JSON, 0600) and starts
// `setsid nohup spotrun agent CONFIG`; the agent runs one attempt of the job (agent/agent.h)
// and reports through the job's store. This file only wires the real clients: S3 (S3Client),
// IMDS and credentials, from CONFIG and the machine's environment, all over SocketHttpClient
// (plain sockets, mbedTLS for https) rather than libcurl, whose ~30 libraries and OpenSSL would
// double the agent's memory (bench/agent_bench).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "agent/agent.h"
#include "agent/agent_config.h"
#include "agent/stop_signals.h"
#include "aws/credentials_chain.h"
#include "aws/imds_client.h"
#include "aws/s3_client.h"
#include "aws/shared_config.h"
#include "base/environment.h"
#include "base/file.h"
#include "cli/command.h"
#include "http/socket_http_client.h"

extern char** environ;

namespace spotrun {
namespace {

constexpr char kFooter[] =
    R"(The controller starts the agent on the job's machine ('spotrun job run' does it over ssh);
you do not run it yourself. CONFIG is the AgentConfig JSON the controller wrote. The agent
restores the newest checkpoint (attempt > 1), runs setup and run, watches instance metadata
for rebalance recommendations and interruption notices, takes checkpoints, uploads the log
and outputs, and posts its events to the job's store. SIGTERM stops the job gracefully.
Exit code: 0 after an interruption notice, the run's exit code otherwise.)";

// The machine's environment with CONFIG's `environment` on top: the local cloud's keys and
// endpoints travel there, and the agent's own clients must see them too.
MapEnvironment AgentEnvironment(const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    size_t eq = entry.find('=');
    if (eq != std::string_view::npos) vars[std::string(entry.substr(0, eq))] = entry.substr(eq + 1);
  }
  for (const auto& [name, value] : overrides) vars[name] = value;
  return MapEnvironment(std::move(vars));
}

std::string ResolveRegion(const AgentConfig& config, const Environment& env, ImdsClient& imds) {
  if (!config.region.empty()) return config.region;
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (auto region = env.Get(name)) return *region;
  }
  if (!imds.disabled()) {
    if (Result<std::string> region = imds.Region(); region.ok()) return *region;
  }
  return "us-east-1";
}

std::string ResolveS3Endpoint(const AgentConfig& config, const Environment& env,
                              const std::string& region) {
  if (!config.s3_endpoint.empty()) return config.s3_endpoint;
  for (const char* name : {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
    if (auto endpoint = env.Get(name)) return *endpoint;
  }
  return "https://s3." + region + ".amazonaws.com";
}

Status RunAgent(Context& ctx, const std::string& config_path, std::string state_dir) {
  SPOTRUN_ASSIGN_OR_RETURN(std::string json, ReadFile(config_path));
  SPOTRUN_ASSIGN_OR_RETURN(AgentConfig config, AgentConfigFromJson(json));
  if (state_dir.empty()) {
    state_dir = std::filesystem::absolute(config_path).parent_path().string();
  }
  MapEnvironment env = AgentEnvironment(config.environment);

  // IMDS on its own client, so its connection stays open between polls and S3's between
  // posts. AWS_CA_BUNDLE names a CA for S3 behind a TLS-inspecting proxy or a private endpoint.
  SocketHttpClient imds_http;
  ImdsClient imds(imds_http, ctx.clock(), ImdsClient::Options::FromEnvironment(env));

  std::string region = ResolveRegion(config, env, imds);
  SPOTRUN_ASSIGN_OR_RETURN(AwsSharedConfig aws_config, AwsSharedConfig::Load(env));
  CredentialsChainOptions chain_options;
  chain_options.profile = ResolveProfile("", env);
  std::unique_ptr<CredentialsChain> credentials =
      MakeDefaultCredentialsChain(env, aws_config, ctx.clock(), &imds, chain_options);
  SocketHttpClient::Options s3_http_options;
  s3_http_options.ca_file = env.Get("AWS_CA_BUNDLE").value_or("");
  SocketHttpClient s3_http(s3_http_options);
  S3Client::Options s3_options;
  s3_options.endpoint = ResolveS3Endpoint(config, env, region);
  s3_options.region = region;
  s3_options.credentials = credentials.get();
  s3_options.http = &s3_http;
  s3_options.clock = &ctx.clock();
  S3Client s3(s3_options);

  SPOTRUN_ASSIGN_OR_RETURN(std::unique_ptr<StopSignals> stop, StopSignals::Install());
  Agent::Options options;
  options.state_dir = state_dir;
  options.stop_fd = stop->fd();
  Agent agent(std::move(config), s3, imds, ctx.clock(), options);
  SPOTRUN_ASSIGN_OR_RETURN(int exit_code, agent.Run());
  ctx.set_exit_code(exit_code);
  return Status::Ok();
}

}  // namespace

CommandRun DefineAgentCommand(CLI::App& app) {
  auto config_path = std::make_shared<std::string>();
  auto state_dir = std::make_shared<std::string>();
  app.add_option("config", *config_path, "The AgentConfig JSON the controller wrote")
      ->required()
      ->type_name("CONFIG");
  app.add_option("--state-dir", *state_dir,
                 "Where the attempt's log and checkpoint marker go (default: CONFIG's directory)")
      ->type_name("DIR");
  app.footer(kFooter);
  return [config_path, state_dir](Context& ctx) -> Status {
    return RunAgent(ctx, *config_path, *state_dir);
  };
}

}  // namespace spotrun
