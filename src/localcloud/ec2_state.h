// Ec2State: everything the local cloud's EC2 knows, as plain data — each resource as the API
// struct EC2 returns for it (aws/ec2_types.h) plus the few facts the API does not show (user
// data, timers of pending transitions, where a volume's files live). Ec2Model owns the one
// instance and guards it with its mutex; Ec2StateStore persists it record by record. Records
// are keyed by their EC2 id in ordered maps, so listings and pagination are stable.
#ifndef SPOTRUN_LOCALCLOUD_EC2_STATE_H_
#define SPOTRUN_LOCALCLOUD_EC2_STATE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "aws/ec2_requests.h"
#include "aws/ec2_types.h"
#include "base/clock.h"

namespace spotrun {

struct InstanceRecord {
  Instance instance{};  // as DescribeInstances shows it
  std::string reservation_id{};
  std::string owner_id{};
  std::string requester_id{};
  std::string user_data{};       // raw bytes (not base64)
  std::string authorized_key{};  // the launch key pair's public key; empty without one
  std::string instance_initiated_shutdown_behavior = "stop";
  // Spot only: what an interruption does ("terminate" | "stop" | "hibernate") and the
  // maximum price (USD/hour, as sent; empty = capped at the on-demand price).
  std::string interruption_behavior{};
  std::string spot_max_price{};
  // Timers of pending transitions, applied by Ec2Model::Tick when the clock passes them.
  std::optional<TimePoint> running_at{};     // pending → running
  std::optional<TimePoint> transition_at{};  // stopping → stopped, shutting-down → terminated
  bool hibernating = false;                  // the current stop is a hibernation
  // Interruption (spot): what IMDS shows and when the instance goes.
  std::optional<TimePoint> rebalance_at{};   // events/recommendations/rebalance noticeTime
  std::optional<TimePoint> notice_at{};      // when spot/instance-action appeared
  std::optional<TimePoint> interrupt_at{};   // the notice's "time": the action happens then
  std::string interrupt_action{};            // "terminate" | "stop" | "hibernate"
  std::optional<TimePoint> terminated_at{};  // terminated instances are forgotten an hour later
};

struct SpotRequestRecord {
  SpotInstanceRequest request{};  // as DescribeSpotInstanceRequests shows it
  // The whole launch specification as asked (the API struct shows only part of it).
  RequestSpotLaunchSpecification launch{};
  InstanceMetadataOptionsRequest metadata_options{};
  std::vector<Tag> instance_tags{};  // tags for the instances it launches
  std::string client_token{};
  // Set when RunInstances made the request (InstanceMarketOptions): its instance carries it,
  // and terminating the instance closes it.
  bool from_run_instances = false;
};

struct ImageRecord {
  Image image{};
  std::string root_snapshot_id{};  // the snapshot the root device starts from; "" = empty root
};

struct VolumeRecord {
  Volume volume{};
  std::string dir{};  // where its files live on this machine
};

struct SnapshotRecord {
  Snapshot snapshot{};
  std::string dir{};  // a frozen copy of the volume's files
};

struct KeyPairRecord {
  KeyPairInfo key_pair{};  // public_key always set here (DescribeKeyPairs shows it on request)
};

// Which launches a capacity limit applies to. EC2's spot capacity is a pool's spare
// on-demand capacity, so spot can run out (InsufficientInstanceCapacity, spot requests at
// capacity-not-available) while on-demand still launches; kBoth is the pool as a whole.
enum class CapacityMarket { kBoth, kSpot, kOnDemand };

// A capacity pool's (type, zone) state: how many more instances it can hold right now. A
// launch needs room in `available` and in its own market's limit, and takes from both.
struct PoolCapacity {
  std::optional<int> available{};  // every launch, either market; nullopt = unlimited
  std::optional<int> spot{};       // spot launches only; nullopt = no limit of their own
  std::optional<int> on_demand{};  // on-demand launches only; nullopt = no limit of their own
  bool Unlimited() const { return !available && !spot && !on_demand; }
};

struct Ec2State {
  std::string region{};
  std::string owner_id{};  // the account: 12 digits

  std::map<std::string, InstanceRecord, std::less<>> instances{};
  std::map<std::string, SpotRequestRecord, std::less<>> spot_requests{};
  std::map<std::string, ImageRecord, std::less<>> images{};
  std::map<std::string, VolumeRecord, std::less<>> volumes{};
  std::map<std::string, SnapshotRecord, std::less<>> snapshots{};
  std::map<std::string, KeyPairRecord, std::less<>> key_pairs{};  // by key_pair_id
  std::map<std::string, SecurityGroup, std::less<>> security_groups{};
  std::map<std::string, Vpc, std::less<>> vpcs{};
  std::map<std::string, Subnet, std::less<>> subnets{};
  // Capacity per pool, keyed "TYPE@ZONE" (e.g. "m5.large@us-east-1a"); absent = unlimited.
  std::map<std::string, PoolCapacity, std::less<>> capacity{};
  // ClientToken idempotency: "ACTION/TOKEN" → the id of what the first call made
  // (reservation id for RunInstances, spot request ids joined by ',', volume id).
  std::map<std::string, std::string, std::less<>> client_tokens{};

  // Keys changed since the store last saved (added, changed or removed). Ec2Model calls Touch
  // after every change: a resource's id ("i-…", "sir-…", "ami-…", "vol-…", "snap-…",
  // "key-…", "sg-…", "vpc-…", "subnet-…"), "pool:TYPE@ZONE" for capacity, "token:ACTION/TOKEN"
  // for a client token. Ec2StateStore::Flush writes them and clears the set.
  std::set<std::string, std::less<>> dirty{};
  void Touch(std::string_view id) { dirty.emplace(id); }
  // Records what the first call with a ClientToken made, under "ACTION/TOKEN", for saving.
  void RememberClientToken(const std::string& key, std::string made) {
    client_tokens[key] = std::move(made);
    Touch("token:" + key);
  }
};

// "TYPE@ZONE", the key of Ec2State::capacity.
std::string PoolKey(std::string_view instance_type, std::string_view availability_zone);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_STATE_H_
