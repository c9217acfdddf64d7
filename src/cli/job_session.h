// JobSession: what the `spotrun job …` commands run with — the job store (~/.spotrun/jobs.db),
// the cloud connection (EC2 and the job's S3), the market data, the ssh login, and the
// controller built from them with the options a real run needs (the key pair, how agents
// reach S3 — on the local cloud, the cloud's own endpoint and keys). Owns what it opens;
// borrows the Context. Not thread-safe.
#ifndef SPOTRUN_CLI_JOB_SESSION_H_
#define SPOTRUN_CLI_JOB_SESSION_H_

#include <memory>
#include <string>

#include "cli/cloud_connection.h"
#include "cli/context.h"
#include "jobs/job_controller.h"
#include "jobs/job_machine_setup_ssh.h"
#include "jobs/job_store.h"
#include "jobs/notifier.h"
#include "market/market.h"

namespace spotrun {

class JobSession {
 public:
  // Opens the job store; the cloud is connected on first use of cloud().
  static Result<std::unique_ptr<JobSession>> Open(Context& ctx);

  JobStore& store() { return *store_; }
  Result<CloudConnection*> cloud();
  const market::Market& market();

  // A controller for `job_id`; `options` brings the callbacks, the rest is filled in here.
  // Its notifications go to the job file's webhooks through the session's Notifier; on_status
  // also pumps it, so webhooks are sent from the controller's own loop.
  Result<std::unique_ptr<JobController>> MakeController(const std::string& job_id,
                                                        JobController::Options options);
  // Sends what is still waiting in the outbox, for at most `timeout` (at the end of a run).
  void DrainNotifications(Duration timeout);

 private:
  explicit JobSession(Context& ctx) : ctx_(ctx) {}

  Context& ctx_;
  std::unique_ptr<JobStore> store_;
  std::unique_ptr<CloudConnection> cloud_;
  std::unique_ptr<market::Market> market_;
  std::unique_ptr<SshJobMachineSetup> setup_;
  std::unique_ptr<HttpClient> webhook_http_;
  std::unique_ptr<Notifier> notifier_;
};

// Where a job's controller writes its log when it runs in the background:
// ~/.spotrun/jobs/JOB_ID/controller.log (next to jobs.db).
std::string JobControllerLogPath(const std::string& job_id);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_JOB_SESSION_H_
