// Ec2Model: the one model of EC2's behaviour in spotrun — the local cloud's EC2. It
// implements Ec2Api (the same typed calls Ec2Client makes over the wire) on an Ec2State,
// follows EC2's rules (states, spot requests and their status codes, capacity, interruptions,
// ClientToken idempotency, DryRun, AWS's error codes) and makes instances real through an
// InstanceRuntime. It is also the ImdsSource of every instance's metadata service.
//
// Time comes from the injected Clock. Transitions that take time (pending → running,
// stopping → stopped, a notice's deadline, a spot request waiting for capacity) are applied
// by Tick(), which every call runs first; `spotrun cloud serve` also ticks it a few times a
// second. Tests drive a FakeClock and call Tick() themselves.
//
// Borrows everything in Deps, which must outlive it. Thread-safe: one mutex guards the state
// (runtime calls happen under it).
#ifndef SPOTRUN_LOCALCLOUD_EC2_MODEL_H_
#define SPOTRUN_LOCALCLOUD_EC2_MODEL_H_

#include <chrono>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2_api.h"
#include "aws/random_source.h"
#include "base/clock.h"
#include "base/result.h"
#include "base/status.h"
#include "localcloud/ec2_state.h"
#include "localcloud/imds_source.h"
#include "localcloud/instance_runtime.h"
#include "market/market.h"

namespace spotrun {

// The tag the model sets on a running instance whose sshd does not listen on port 22 (the
// cloud runs unprivileged): the port to use instead. Absent when the port is 22 or the
// instance is not running. The same string as cloud/managed_tags.h kLocalCloudSshPortTag,
// which this layer cannot include.
inline constexpr std::string_view kInstanceSshPortTag = "localcloud:ssh-port";

class Ec2StateStore;
class ImdsServer;
class LoopbackAddressPool;

class Ec2Model final : public Ec2Api, public ImdsSource {
 public:
  // The Ubuntu images' owner, as on AWS: Canonical's account.
  static constexpr std::string_view kCanonicalOwnerId = "099720109477";
  // The local account's id (12 digits, like every AWS account id).
  static constexpr std::string_view kDefaultOwnerId = "000000000000";

  enum class Interruptions {
    kOff,   // only `spotrun cloud interrupt` (Interrupt()) and price rises interrupt
    kAuto,  // also at random, at the rate of the pool's interruption-frequency bucket
  };

  struct Options {
    std::string region = "us-east-1";
    // pending → running after this long (the instance's processes start at once).
    Duration boot_delay = std::chrono::seconds(2);
    // stopping → stopped and shutting-down → terminated after this long.
    Duration stop_delay = std::chrono::seconds(1);
    // The instance-action notice's lead time.
    Duration notice_period = std::chrono::seconds(120);
    Interruptions interruptions = Interruptions::kOff;
    // Where volumes, snapshots and image roots keep their files. Empty: resources have no
    // files (unit tests with a FakeInstanceRuntime).
    std::string data_dir;
  };

  struct Deps {
    Clock& clock;
    InstanceRuntime& runtime;
    const market::Market& market;
    RandomSource random;  // ids, automatic interruptions
    // Optional (nullptr in unit tests): instance addresses; each instance's IMDS listener,
    // whose endpoint goes into the instance's AWS_EC2_METADATA_SERVICE_ENDPOINT; and where
    // the state is persisted after every change.
    LoopbackAddressPool* addresses = nullptr;
    ImdsServer* imds = nullptr;
    Ec2StateStore* store = nullptr;
  };

  // Builds the model over `state` (empty, or loaded from the store). A new state gets the
  // region's defaults: the default VPC with one default subnet per zone, its default
  // security group, and the public images. Instances that were running when the state was
  // saved are booted again (as after a host restart).
  static Result<std::unique_ptr<Ec2Model>> Create(Ec2State state, Deps deps, Options options);
  ~Ec2Model() override;
  Ec2Model(const Ec2Model&) = delete;
  Ec2Model& operator=(const Ec2Model&) = delete;

  // ---- Ec2Api ----------------------------------------------------------------------------
  Result<std::vector<Region>> DescribeRegions(const DescribeRegionsRequest& request) override;
  Result<std::vector<AvailabilityZone>> DescribeAvailabilityZones(
      const DescribeAvailabilityZonesRequest& request) override;
  Result<DescribeInstancesResponse> DescribeInstances(
      const DescribeInstancesRequest& request) override;
  Result<Reservation> RunInstances(const RunInstancesRequest& request) override;
  Result<std::vector<InstanceStateChange>> StartInstances(
      const StartInstancesRequest& request) override;
  Result<std::vector<InstanceStateChange>> StopInstances(
      const StopInstancesRequest& request) override;
  Result<std::vector<InstanceStateChange>> TerminateInstances(
      const TerminateInstancesRequest& request) override;
  Status RebootInstances(const RebootInstancesRequest& request) override;
  Status ModifyInstanceAttribute(const ModifyInstanceAttributeRequest& request) override;
  Status CreateTags(const CreateTagsRequest& request) override;
  Status DeleteTags(const DeleteTagsRequest& request) override;
  Result<DescribeTagsResponse> DescribeTags(const DescribeTagsRequest& request) override;
  Result<std::vector<Image>> DescribeImages(const DescribeImagesRequest& request) override;
  Result<std::string> CreateImage(const CreateImageRequest& request) override;
  Status DeregisterImage(const DeregisterImageRequest& request) override;
  Result<std::vector<SpotInstanceRequest>> RequestSpotInstances(
      const RequestSpotInstancesRequest& request) override;
  Result<DescribeSpotInstanceRequestsResponse> DescribeSpotInstanceRequests(
      const DescribeSpotInstanceRequestsRequest& request) override;
  Result<std::vector<CancelledSpotInstanceRequest>> CancelSpotInstanceRequests(
      const CancelSpotInstanceRequestsRequest& request) override;
  Result<DescribeSpotPriceHistoryResponse> DescribeSpotPriceHistory(
      const DescribeSpotPriceHistoryRequest& request) override;
  Result<DescribeInstanceTypesResponse> DescribeInstanceTypes(
      const DescribeInstanceTypesRequest& request) override;
  Result<DescribeInstanceTypeOfferingsResponse> DescribeInstanceTypeOfferings(
      const DescribeInstanceTypeOfferingsRequest& request) override;
  Result<Volume> CreateVolume(const CreateVolumeRequest& request) override;
  Result<VolumeAttachment> AttachVolume(const AttachVolumeRequest& request) override;
  Result<VolumeAttachment> DetachVolume(const DetachVolumeRequest& request) override;
  Status DeleteVolume(const DeleteVolumeRequest& request) override;
  Result<DescribeVolumesResponse> DescribeVolumes(const DescribeVolumesRequest& request) override;
  Result<Snapshot> CreateSnapshot(const CreateSnapshotRequest& request) override;
  Status DeleteSnapshot(const DeleteSnapshotRequest& request) override;
  Result<DescribeSnapshotsResponse> DescribeSnapshots(
      const DescribeSnapshotsRequest& request) override;
  Result<KeyPair> CreateKeyPair(const CreateKeyPairRequest& request) override;
  Result<KeyPairInfo> ImportKeyPair(const ImportKeyPairRequest& request) override;
  Result<std::vector<KeyPairInfo>> DescribeKeyPairs(
      const DescribeKeyPairsRequest& request) override;
  Status DeleteKeyPair(const DeleteKeyPairRequest& request) override;
  Result<CreateSecurityGroupResponse> CreateSecurityGroup(
      const CreateSecurityGroupRequest& request) override;
  Result<DescribeSecurityGroupsResponse> DescribeSecurityGroups(
      const DescribeSecurityGroupsRequest& request) override;
  Result<AuthorizeSecurityGroupIngressResponse> AuthorizeSecurityGroupIngress(
      const AuthorizeSecurityGroupIngressRequest& request) override;
  Result<DescribeVpcsResponse> DescribeVpcs(const DescribeVpcsRequest& request) override;
  Result<DescribeSubnetsResponse> DescribeSubnets(const DescribeSubnetsRequest& request) override;

  // ---- ImdsSource ------------------------------------------------------------------------
  std::optional<ImdsView> Lookup(std::string_view instance_id) override;

  // ---- The local cloud's own controls (not EC2 API) ---------------------------------------
  struct InterruptOptions {
    // Send the rebalance recommendation this long before the instance-action notice.
    std::optional<Duration> rebalance_first{};
    // The notice's lead time; default Options::notice_period.
    std::optional<Duration> notice{};
  };
  // Interrupts a running spot instance as AWS FIS's send-spot-instance-interruptions does:
  // rebalance recommendation (if asked), then the instance-action notice, then at the
  // notice's time the instance's interruption behaviour (terminate / stop / hibernate) with
  // state reason Server.SpotInstanceTermination; its spot request reports
  // marked-for-termination, then instance-terminated-by-price… and a persistent request
  // opens again. kInvalidArgument (as InvalidInstanceID / not spot) otherwise.
  Status Interrupt(std::string_view instance_id, const InterruptOptions& options);
  // Sets how many more instances a pool (type, zone) can take: 0 makes launches there fail
  // with InsufficientInstanceCapacity and keeps spot requests at capacity-not-available;
  // nullopt makes it unlimited again. kBoth sets the pool's limit for every launch and drops
  // the markets' own limits; kSpot / kOnDemand set only that market's own limit (kSpot 0: no
  // spot there, on-demand launches as before).
  Status SetCapacity(std::string_view instance_type, std::string_view availability_zone,
                     std::optional<int> available, CapacityMarket market = CapacityMarket::kBoth);
  // Applies every transition that is due at the clock's now. Called by every Ec2Api call.
  void Tick();

  const Options& options() const { return options_; }

 private:
  Ec2Model(Ec2State state, Deps deps, Options options);

  // ---- shared (ec2_model.cc) -------------------------------------------------------------
  // A new id: `prefix` + `hex_digits` lowercase hex digits ("i-0a1b…", 17 digits as EC2).
  std::string NewIdLocked(std::string_view prefix, int hex_digits = 17);
  // Tick's body; the caller holds mu_.
  void TickLocked();
  // Writes the changed records to the store (when there is one). Every mutating call ends
  // with it; a failure is logged and the records stay dirty for the next flush.
  void FlushLocked();
  // Fills a new state's defaults (ec2_model_network.cc, ec2_model_images.cc).
  Status SeedDefaultsLocked();
  // Boots again the instances that were running when the state was saved.
  Status RecoverInstancesLocked();

  // ---- instances and spot (ec2_model_instances.cc, ec2_model_spot.cc,
  //      ec2_model_interruptions.cc, ec2_model_imds.cc) ------------------------------------
  void TickInstancesLocked(TimePoint now);
  void TickSpotLocked(TimePoint now);

  // A launch specification checked against the state: what RunInstances and spot fulfilment
  // make instances from.
  struct Launch {
    std::string image_id, instance_type, key_name, authorized_key;
    std::string subnet_id, vpc_id, availability_zone;
    std::vector<GroupIdentifier> security_groups;
    std::string user_data;
    std::vector<Tag> tags;
    InstanceMetadataOptionsRequest metadata_options;
    std::string shutdown_behavior = "stop";
    std::string root_template;  // the image's root snapshot's files; "" = empty root
    std::string architecture, root_device_name;
  };
  // Why a spot instance is interrupted; decides its request's status codes.
  enum class InterruptCause { kExperiment, kPrice, kNoCapacity };

  // ec2_model_instances.cc
  Result<Launch> ValidateLaunchLocked(const RequestSpotLaunchSpecification& spec,
                                      const std::vector<TagSpecification>& tag_specifications);
  // Records and boots one new pending instance; the caller has checked and taken capacity.
  Result<std::string> LaunchInstanceLocked(const Launch& launch, std::string_view reservation_id,
                                           std::string_view client_token,
                                           const SpotRequestRecord* spot, TimePoint now);
  // Starts the instance's processes (and its IMDS); `first_boot` passes the root template.
  Status BootInstanceLocked(InstanceRecord& record, std::string_view root_template);
  // pending from stopped: resumes a hibernated instance or boots it again.
  Status StartInstanceLocked(InstanceRecord& record, TimePoint now);
  void BeginStopLocked(InstanceRecord& record, bool hibernate, StateReason reason, TimePoint now);
  void BeginTerminateLocked(InstanceRecord& record, StateReason reason, TimePoint now);
  void StopServingImdsLocked(std::string_view instance_id);
  // Sets (or removes) kInstanceSshPortTag from the runtime's ssh port, chosen at each boot.
  void PublishSshPortLocked(InstanceRecord& record);
  // A spot instance EC2 has marked for interruption (for capacity, not price) and that its
  // user stops or terminates before the interruption's time: its capacity is EC2's already,
  // so the pool does not get it back (InterruptNowLocked takes it otherwise).
  bool ReclaimedEarlyLocked(const InstanceRecord& record, TimePoint now) const;
  // `market` is kSpot or kOnDemand: the launch's own market.
  bool PoolHasRoomLocked(std::string_view type, std::string_view zone, CapacityMarket market,
                         int count) const;
  void TakeCapacityLocked(std::string_view type, std::string_view zone, CapacityMarket market,
                          int count);
  void ReturnCapacityLocked(std::string_view type, std::string_view zone, CapacityMarket market,
                            int count);
  // ec2_model_spot.cc
  // The pool's spot price now, and a request's maximum price (the on-demand price when unset;
  // nullopt when neither is known, which never blocks a launch).
  std::optional<double> SpotPriceLocked(std::string_view type, std::string_view zone,
                                        TimePoint now) const;
  std::optional<double> MaxPriceLocked(std::string_view max_price, std::string_view type) const;
  // Fulfils an open request now if its pool has room and its price is met; otherwise sets
  // its holding status.
  void EvaluateSpotRequestLocked(SpotRequestRecord& record, TimePoint now);
  // The request's consequences of a user stopping, starting or terminating its instance.
  void OnSpotInstanceChangedLocked(const InstanceRecord& record, std::string_view what,
                                   TimePoint now);
  void SetSpotStatusLocked(SpotRequestRecord& record, std::string_view state, std::string_view code,
                           TimePoint now);
  // ec2_model_interruptions.cc
  void ScheduleInterruptionLocked(InstanceRecord& record, std::optional<Duration> rebalance_first,
                                  Duration notice, InterruptCause cause, TimePoint now);
  void TickInterruptionsLocked(TimePoint now);
  void InterruptNowLocked(InstanceRecord& record, TimePoint now);

  // Why each instance with a pending notice is interrupted (in memory: after a restart a
  // notice counts as kNoCapacity).
  std::map<std::string, InterruptCause, std::less<>> interrupt_causes_;
  std::optional<TimePoint> last_auto_tick_;
  // Instances whose IMDS listener is being stopped: Lookup answers nullopt for them instead
  // of waiting for mu_, which the stopping thread holds while the listener joins its
  // connection threads.
  mutable std::mutex imds_stopping_mu_;
  std::set<std::string, std::less<>> imds_stopping_;

  // ---- resources (ec2_model_images.cc, ec2_model_volumes.cc, ec2_model_keys.cc,
  //      ec2_model_network.cc, ec2_model_tags.cc, ec2_model_catalog.cc) ---------------------
  // The tags of any resource by id; nullptr when there is no such resource.
  std::vector<Tag>* MutableTagsLocked(std::string_view resource_id);
  // The resource's own NotFound error for an id ("InvalidVolume.NotFound" for "vol-…"), or
  // InvalidID for an id of no known kind (ec2_model_tags.cc).
  static Status NotFoundError(std::string_view resource_id);
  // Whether `id` is `prefix` followed by 8 or 17 lowercase hex digits, as EC2's ids are.
  static bool IsEc2Id(std::string_view id, std::string_view prefix);
  // CreateTags' rules: keys 1..128 characters, not "aws:…", values up to 256, at most 50.
  static Status ValidateTags(const std::vector<Tag>& tags);
  // The tags a create call's TagSpecifications give a new resource of `resource_type`,
  // validated; a specification of a type neither `resource_type` nor in `also_allowed` is
  // InvalidParameterValue, as on AWS.
  static Result<std::vector<Tag>> TagsToCreate(
      const std::vector<TagSpecification>& specifications, std::string_view resource_type,
      std::initializer_list<std::string_view> also_allowed = {});
  // The default VPC, its subnets and security group (ec2_model_network.cc); the public
  // images (ec2_model_images.cc).
  Status SeedNetworkLocked();
  Status SeedImagesLocked();
  // Options::data_dir/KIND/ID ("volumes", "snapshots"), or "" without a data_dir.
  std::string ResourceDirLocked(std::string_view kind, std::string_view id) const;
  // Copies a directory tree (symlinks as links); `to` must not exist yet. An absent or empty
  // `from` makes `to` an empty directory.
  static Status CopyTree(const std::string& from, const std::string& to);
  // Volumes attached to instances that no longer exist or are terminated become available
  // again (or are deleted, when DeleteOnTermination says so).
  void ReleaseVolumesOfGoneInstancesLocked();
  // DescribeInstanceTypeOfferings: zone name -> the instance types offered there, computed
  // on first use (ec2_model_catalog.cc says the rule).
  const std::map<std::string, std::vector<std::string>>& OfferedTypesLocked();
  std::optional<std::map<std::string, std::vector<std::string>>> offered_types_;

  Deps deps_;
  const Options options_;
  mutable std::mutex mu_;
  Ec2State state_;
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_MODEL_H_
