#include "localcloud/local_cloud.h"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <random>
#include <utility>

#include "aws/random_source.h"
#include "base/file.h"
#include "base/ini_file.h"
#include "base/log.h"
#include "base/scaled_clock.h"
#include "localcloud/ec2_error.h"
#include "localcloud/ec2_query_dispatch.h"
#include "localcloud/ec2_state_store.h"
#include "localcloud/imds_server.h"
#include "localcloud/process_runtime.h"
#include "localcloud/query_server.h"
#include "localcloud/s3_model.h"
#include "localcloud/s3_rest_handler.h"
#include "market/market.h"

namespace spotrun {
namespace {

constexpr std::string_view kAlphaNum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kSecretChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string RandomText(std::string_view alphabet, int length) {
  std::random_device random;
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (int i = 0; i < length; ++i) out += alphabet[pick(random)];
  return out;
}

// The local cloud's keys: made at the first start, then read back.
Result<Credentials> LoadOrMakeKeys(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    SPOTRUN_ASSIGN_OR_RETURN(IniFile ini, IniFile::Load(path));
    std::optional<std::string> id = ini.Get("keys", "aws_access_key_id");
    std::optional<std::string> secret = ini.Get("keys", "aws_secret_access_key");
    if (!id || !secret) {
      return Status::InvalidArgument(path + " has no [keys] access key and secret",
                                     "delete it to have new keys made");
    }
    return Credentials{.access_key_id = *id, .secret_access_key = *secret, .source = path};
  }
  Credentials keys{.access_key_id = "AKIALOCAL" + RandomText(kAlphaNum, 11),
                   .secret_access_key = RandomText(kSecretChars, 40),
                   .source = path};
  SPOTRUN_RETURN_IF_ERROR(
      WriteFileAtomic(path,
                      fmt::format("[keys]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
                                  keys.access_key_id, keys.secret_access_key),
                      0600));
  return keys;
}

}  // namespace

// Forwards IMDS look-ups to the model, which is made after the IMDS server it uses.
class LocalCloud::ImdsForwarder final : public ImdsSource {
 public:
  std::optional<ImdsView> Lookup(std::string_view instance_id) override {
    Ec2Model* model = model_.load();
    if (model == nullptr) return std::nullopt;
    return model->Lookup(instance_id);
  }
  void Set(Ec2Model* model) { model_.store(model); }

 private:
  std::atomic<Ec2Model*> model_{nullptr};
};

namespace {

std::optional<int> IntParam(const QueryParams& params, std::string_view key) {
  std::optional<std::string> text = params.Get(key);
  if (!text) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

Result<std::string> Done(std::string_view action, std::string_view request_id) {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{0}Response "
      "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>{1}</requestId>"
      "<return>true</return></{0}Response>",
      action, request_id);
}

}  // namespace

LocalCloud::LocalCloud(Options options) : options_(std::move(options)) {}

Result<std::unique_ptr<LocalCloud>> LocalCloud::Start(Options options) {
  if (options.state_dir.empty()) {
    return Status::InvalidArgument("the local cloud needs a state directory", "pass --state DIR");
  }
  if (!(options.time_scale > 0)) {
    return Status::InvalidArgument("--time-scale must be above 0", "e.g. --time-scale 10");
  }
  std::unique_ptr<LocalCloud> cloud(new LocalCloud(std::move(options)));
  Status status = cloud->StartParts();
  if (!status.ok()) return status;
  return cloud;
}

Status LocalCloud::StartParts() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path state(options_.state_dir);
  fs::create_directories(state / "data", ec);
  if (ec) {
    return Status::FailedPrecondition(
        fmt::format("cannot create the state directory {}: {}", state.string(), ec.message()),
        "pick a writable --state directory");
  }
  fs::permissions(state, fs::perms::owner_all, ec);
  SPOTRUN_ASSIGN_OR_RETURN(credentials_, LoadOrMakeKeys((state / "keys").string()));

  static RealClock real_clock;
  clock_ = std::make_unique<ScaledClock>(real_clock, options_.time_scale);
  market_ = std::make_unique<market::Market>();

  ProcessRuntime::Options runtime;
  runtime.state_dir = (state / "instances").string();
  runtime.use_freezer_cgroup = options_.use_freezer_cgroup;
  SPOTRUN_ASSIGN_OR_RETURN(runtime_, ProcessRuntime::Create(runtime));
  SPOTRUN_ASSIGN_OR_RETURN(
      LoopbackAddressPool pool,
      LoopbackAddressPool::Create(options_.first_address, options_.last_address));
  addresses_ = std::make_unique<LoopbackAddressPool>(std::move(pool));
  SPOTRUN_ASSIGN_OR_RETURN(store_, Ec2StateStore::Open((state / "ec2.db").string()));
  SPOTRUN_ASSIGN_OR_RETURN(Ec2State loaded, store_->Load());

  imds_source_ = std::make_unique<ImdsForwarder>();
  imds_ = std::make_unique<ImdsServer>(*imds_source_, *clock_);
  Ec2Model::Options model;
  model.region = options_.region;
  model.boot_delay = options_.boot_delay;
  model.interruptions = options_.interruptions;
  model.data_dir = (state / "data").string();
  Ec2Model::Deps deps{.clock = *clock_,
                      .runtime = *runtime_,
                      .market = *market_,
                      .random = SystemRandomSource(),
                      .addresses = addresses_.get(),
                      .imds = imds_.get(),
                      .store = store_.get()};
  SPOTRUN_ASSIGN_OR_RETURN(model_, Ec2Model::Create(std::move(loaded), deps, model));
  imds_source_->Set(model_.get());

  SPOTRUN_ASSIGN_OR_RETURN(s3_, S3Model::Open((state / "s3").string(), *clock_));
  s3_handler_ = std::make_unique<S3RestHandler>(
      S3RestHandler::Options{
          .region = options_.region, .credentials = {credentials_}, .clock = clock_.get()},
      *s3_);

  QueryServer::Options server;
  server.other_services["s3"] = [this](const HttpRequest& request) {
    return s3_handler_->Serve(request);
  };
  server.host = options_.host;
  server.port = options_.port;
  server.threads = options_.threads;
  server.region = options_.region;
  server.service = "ec2";
  server.credentials = {credentials_};
  server.clock = clock_.get();
  auto handler = [this](std::string_view action, const QueryParams& params,
                        std::string_view request_id) -> Result<std::string> {
    if (std::optional<Result<std::string>> control = HandleControl(action, params, request_id)) {
      return *std::move(control);
    }
    return DispatchEc2Action(*model_, action, params, request_id);
  };
  server_ = std::make_unique<QueryServer>(std::move(server), handler);
  SPOTRUN_RETURN_IF_ERROR(server_->Start().status());
  ticker_ = std::thread([this] { RunTicker(); });
  return Status::Ok();
}

LocalCloud::~LocalCloud() { Stop(); }

void LocalCloud::Stop() {
  {
    std::lock_guard lock(ticker_mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  ticker_cv_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  if (server_) server_->Stop();
  // The IMDS listeners and then the instances' processes go; their records stay as they
  // are, and the next start boots the running ones again.
  if (imds_source_) imds_source_->Set(nullptr);
  imds_.reset();
  model_.reset();
  runtime_.reset();
}

const std::string& LocalCloud::login_user() const { return runtime_->login_user(); }

std::string LocalCloud::endpoint() const {
  return fmt::format("http://{}:{}", options_.host, server_->port());
}

void LocalCloud::RunTicker() {
  std::unique_lock lock(ticker_mu_);
  while (!stopping_) {
    lock.unlock();
    model_->Tick();
    lock.lock();
    ticker_cv_.wait_for(lock, options_.tick_interval, [this] { return stopping_; });
  }
}

std::optional<Result<std::string>> LocalCloud::HandleControl(std::string_view action,
                                                             const QueryParams& params,
                                                             std::string_view request_id) {
  if (action == "LocalCloudInterruptInstance") {
    std::optional<std::string> id = params.Get("InstanceId");
    if (!id) {
      return Result<std::string>(
          Ec2Error("MissingParameter", "The request must contain the parameter InstanceId"));
    }
    Ec2Model::InterruptOptions interrupt;
    if (std::optional<int> s = IntParam(params, "RebalanceFirstSeconds")) {
      interrupt.rebalance_first = std::chrono::seconds(*s);
    }
    if (std::optional<int> s = IntParam(params, "NoticeSeconds")) {
      interrupt.notice = std::chrono::seconds(*s);
    }
    Status status = model_->Interrupt(*id, interrupt);
    if (!status.ok()) return Result<std::string>(status);
    return Done(action, request_id);
  }
  if (action == "LocalCloudSetCapacity") {
    std::optional<std::string> type = params.Get("InstanceType");
    std::optional<std::string> zone = params.Get("AvailabilityZone");
    if (!type || !zone) {
      return Result<std::string>(Ec2Error(
          "MissingParameter", "The request must contain InstanceType and AvailabilityZone"));
    }
    std::optional<int> capacity = IntParam(params, "Capacity");
    if (params.Has("Capacity") && (!capacity || *capacity < 0)) {
      return Result<std::string>(Ec2Error(
          "InvalidParameterValue", "Capacity must be a whole number of instances, 0 or more"));
    }
    const std::string market = params.Get("Market").value_or("both");
    if (market != "both" && market != "spot" && market != "on-demand") {
      return Result<std::string>(
          Ec2Error("InvalidParameterValue", "Market must be spot, on-demand or both"));
    }
    Status status = model_->SetCapacity(*type, *zone, capacity,
                                        market == "spot"        ? CapacityMarket::kSpot
                                        : market == "on-demand" ? CapacityMarket::kOnDemand
                                                                : CapacityMarket::kBoth);
    if (!status.ok()) return Result<std::string>(status);
    return Done(action, request_id);
  }
  if (action == "LocalCloudInjectFault") {
    const std::string fault = params.Get("Fault").value_or("");
    const int count = IntParam(params, "Count").value_or(1);
    if ((fault != "throttle" && fault != "error" && fault != "drop") || count < 0) {
      return Result<std::string>(Ec2Error(
          "InvalidParameterValue", "Fault must be throttle, error or drop, Count 0 or more"));
    }
    if (fault == "throttle") server_->ThrottleNext(count);
    if (fault == "error") server_->FailNext(count);
    if (fault == "drop") server_->DropConnectionAfterNext(count);
    return Done(action, request_id);
  }
  return std::nullopt;
}

}  // namespace spotrun
