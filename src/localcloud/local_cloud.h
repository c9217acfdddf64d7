// LocalCloud: the whole local cloud of `spotrun cloud serve`, assembled — the market data,
// the process runtime, instance addresses, per-instance IMDS, the durable state, the EC2
// model and its signed Query front door, plus a ticker that applies timed transitions. Tests
// start one per test process on their own address range. Owns every part; Stop() (or the
// destructor) ends the server, then every instance's processes. Thread-safe.
//
// State directory layout: ec2.db (SQLite), keys (the access key, 0600), instances/ (each
// instance's root, see ProcessRuntime), data/ (volumes and snapshots), s3/ (S3's buckets,
// see S3Model). S3's REST API is served on the same port as EC2 (requests signed for "s3").
//
// Besides EC2's actions the front door answers the local cloud's own controls, signed like
// the rest (so only the key holder may use them):
//   LocalCloudInterruptInstance InstanceId=… [RebalanceFirstSeconds=…] [NoticeSeconds=…]
//   LocalCloudSetCapacity InstanceType=… AvailabilityZone=… [Capacity=N] (absent: unlimited)
//                         [Market=spot|on-demand|both] (absent: both; see Ec2Model::SetCapacity)
//   LocalCloudInjectFault Fault=throttle|error|drop Count=N
#ifndef SPOTRUN_LOCALCLOUD_LOCAL_CLOUD_H_
#define SPOTRUN_LOCALCLOUD_LOCAL_CLOUD_H_

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "aws/credentials.h"
#include "aws/query_params.h"
#include "base/clock.h"
#include "base/result.h"
#include "localcloud/ec2_model.h"
#include "localcloud/loopback_address_pool.h"

namespace spotrun {

namespace market {
class Market;
}
class Ec2StateStore;
class ImdsServer;
class ProcessRuntime;
class QueryServer;
class S3Model;
class S3RestHandler;

class LocalCloud {
 public:
  static constexpr int kDefaultPort = 7700;

  struct Options {
    std::string state_dir;  // required
    std::string host = "127.0.0.1";
    int port = kDefaultPort;  // 0: any free port
    std::string region = "us-east-1";
    // Local time runs this many times faster than real time (notices, boot delays, prices).
    double time_scale = 1.0;
    Duration boot_delay = std::chrono::seconds(2);
    Ec2Model::Interruptions interruptions = Ec2Model::Interruptions::kOff;
    bool use_freezer_cgroup = true;
    std::string first_address = std::string(LoopbackAddressPool::kDefaultFirst);
    std::string last_address = std::string(LoopbackAddressPool::kDefaultLast);
    int threads = 8;
    // How often the ticker applies due transitions (real time).
    std::chrono::milliseconds tick_interval{100};
  };

  static Result<std::unique_ptr<LocalCloud>> Start(Options options);
  ~LocalCloud();
  LocalCloud(const LocalCloud&) = delete;
  LocalCloud& operator=(const LocalCloud&) = delete;

  // "http://127.0.0.1:7700".
  std::string endpoint() const;
  // The keys every request must be signed with (made at the first start, kept in keys).
  const Credentials& credentials() const { return credentials_; }
  const Options& options() const { return options_; }
  Ec2Model& model() { return *model_; }
  QueryServer& server() { return *server_; }
  S3Model& s3() { return *s3_; }
  Clock& clock() { return *clock_; }
  // The account instances' sshd lets in: the user running the local cloud.
  const std::string& login_user() const;
  // Ends the server, the ticker and every instance's processes (their state is kept).
  void Stop();

 private:
  class ImdsForwarder;

  explicit LocalCloud(Options options);
  Status StartParts();
  void RunTicker();
  // The local cloud's own control actions; nullopt when `action` is not one of them.
  std::optional<Result<std::string>> HandleControl(std::string_view action,
                                                   const QueryParams& params,
                                                   std::string_view request_id);

  const Options options_;
  Credentials credentials_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<market::Market> market_;
  std::unique_ptr<ProcessRuntime> runtime_;
  std::unique_ptr<LoopbackAddressPool> addresses_;
  std::unique_ptr<Ec2StateStore> store_;
  std::unique_ptr<ImdsForwarder> imds_source_;
  std::unique_ptr<ImdsServer> imds_;
  std::unique_ptr<Ec2Model> model_;
  std::unique_ptr<S3Model> s3_;
  std::unique_ptr<S3RestHandler> s3_handler_;
  std::unique_ptr<QueryServer> server_;
  std::mutex ticker_mu_;
  std::condition_variable ticker_cv_;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_LOCAL_CLOUD_H_
