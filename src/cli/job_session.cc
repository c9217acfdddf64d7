#include "cli/job_session.h"

#include <fmt/format.h>

#include <filesystem>

#include "base/file.h"
#include "cloud/launch_prerequisites.h"
#include "cloud/ssh_identity.h"
#include "cloud/ssh_readiness.h"
#include "http/curl_http_client.h"
#include "jobs/duration_text.h"
#include "jobs/notifier.h"

namespace spotrun {

std::string JobControllerLogPath(const std::string& job_id) {
  return (std::filesystem::path(JobStore::DefaultPath()).parent_path() / "jobs" / job_id /
          "controller.log")
      .string();
}

Result<std::unique_ptr<JobSession>> JobSession::Open(Context& ctx) {
  std::unique_ptr<JobSession> session(new JobSession(ctx));
  SPOTRUN_ASSIGN_OR_RETURN(session->store_, JobStore::Open(JobStore::DefaultPath(), ctx.clock()));
  return session;
}

Result<CloudConnection*> JobSession::cloud() {
  if (!cloud_) {
    SPOTRUN_ASSIGN_OR_RETURN(cloud_, CloudConnection::Open(ctx_));
  }
  return cloud_.get();
}

const market::Market& JobSession::market() {
  if (!market_) market_ = std::make_unique<market::Market>();
  return *market_;
}

Result<std::unique_ptr<JobController>> JobSession::MakeController(const std::string& job_id,
                                                                  JobController::Options options) {
  SPOTRUN_ASSIGN_OR_RETURN(CloudConnection * cloud, cloud());
  SPOTRUN_ASSIGN_OR_RETURN(const Settings* settings, ctx_.settings());
  const std::string home = ctx_.env().Get("HOME").value_or(HomeDir());
  const std::string config_dir =
      std::filesystem::path(settings->config_path).parent_path().string();
  std::error_code error;
  std::filesystem::create_directories(config_dir, error);  // ssh writes known_hosts there
  SPOTRUN_ASSIGN_OR_RETURN(
      options.identity, ResolveSshIdentity({.configured_key = ExpandHome(settings->ssh_key.value),
                                            .home = home,
                                            .config_dir = config_dir}));
  SshJobMachineSetupOptions setup;
  setup.login = {.user = settings->ssh_user.value,
                 .identity_file = options.identity.private_key_path,
                 .known_hosts_file = config_dir + "/known_hosts"};
  setup_ = std::make_unique<SshJobMachineSetup>(ctx_.clock(), std::move(setup));

  SPOTRUN_ASSIGN_OR_RETURN(JobRecord job, store_->GetJob(job_id));
  webhook_http_ = std::make_unique<CurlHttpClient>();
  notifier_ = std::make_unique<Notifier>(job.spec.notify, *webhook_http_, ctx_.clock());
  options.notify = [this](const Notification& n) { notifier_->Notify(n); };
  options.on_status = [this, on_status = std::move(options.on_status)](const JobStatus& status) {
    notifier_->Pump();
    if (on_status) on_status(status);
  };
  options.ssh_cidr = DefaultSshCidr(cloud->endpoint());
  options.remote_root = "spotrun";  // under the login's home on the machine
  options.agent_defaults.region = cloud->region();
  // How often the agent posts its heartbeat (doc/jobs.md); the controller's timeout follows.
  if (std::optional<std::string> heartbeat = ctx_.env().Get("SPOTRUN_AGENT_HEARTBEAT")) {
    Result<Duration> interval = ParseDurationText(*heartbeat);
    if (!interval.ok() || *interval <= Duration::zero()) {
      return Status::InvalidArgument(
          fmt::format("SPOTRUN_AGENT_HEARTBEAT='{}' is not a duration", *heartbeat),
          "set it like 30s or 2m, or unset it for the default (30s)");
    }
    options.agent_defaults.heartbeat_interval = *interval;
  }
  if (IsLoopbackEndpoint(cloud->endpoint())) {
    // The local cloud: its machines reach S3 at the cloud's own endpoint with its keys (they
    // are the local cloud's, not an AWS account's). On AWS the agent uses the instance role.
    options.agent_defaults.s3_endpoint = cloud->endpoint();
    SPOTRUN_ASSIGN_OR_RETURN(Credentials keys, cloud->credentials().Get());
    options.agent_defaults.environment["AWS_ACCESS_KEY_ID"] = keys.access_key_id;
    options.agent_defaults.environment["AWS_SECRET_ACCESS_KEY"] = keys.secret_access_key;
    if (!keys.session_token.empty()) {
      options.agent_defaults.environment["AWS_SESSION_TOKEN"] = keys.session_token;
    }
  }
  JobController::Dependencies deps{.store = *store_,
                                   .ec2 = cloud->ec2(),
                                   .s3 = cloud->s3(),
                                   .clock = ctx_.clock(),
                                   .market = market(),
                                   .setup = *setup_};
  return std::make_unique<JobController>(deps, job_id, std::move(options));
}

void JobSession::DrainNotifications(Duration timeout) {
  if (notifier_) notifier_->outbox().DrainUntil(ctx_.clock().Now() + timeout);
}

}  // namespace spotrun
