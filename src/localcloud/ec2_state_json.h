// Ec2StateJson: one record of Ec2State as JSON text and back, for Ec2StateStore's rows. A
// record is addressed by its Ec2State::dirty key ("i-…", "sir-…", "pool:TYPE@ZONE",
// "token:ACTION/TOKEN" …); its JSON object holds every member under its C++ name, unset
// optionals as null, times as ISO 8601 UTC with nanoseconds. Reading tolerates missing
// members (they keep their defaults), so records written before a member existed still load.
// The format is described in doc/localcloud-state.md. Pure functions; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_EC2_STATE_JSON_H_
#define SPOTRUN_LOCALCLOUD_EC2_STATE_JSON_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"
#include "localcloud/ec2_state.h"

namespace spotrun {

enum class Ec2RecordKind {
  kInstance,             // "i-…"
  kSpotInstanceRequest,  // "sir-…"
  kImage,                // "ami-…"
  kVolume,               // "vol-…"
  kSnapshot,             // "snap-…"
  kKeyPair,              // "key-…" (the key pair id)
  kSecurityGroup,        // "sg-…"
  kVpc,                  // "vpc-…"
  kSubnet,               // "subnet-…"
  kPool,                 // "pool:TYPE@ZONE"
  kClientToken,          // "token:ACTION/TOKEN"
};

// The kind a key names; InvalidArgument for a key of no known form.
Result<Ec2RecordKind> RecordKindOfKey(std::string_view key);
// "instance", "spot-instances-request", "image", … (the store's `kind` column).
std::string_view RecordKindName(Ec2RecordKind kind);

// The JSON text of the record `key` in `state`; nullopt when the state no longer holds it.
Result<std::optional<std::string>> RecordJson(const Ec2State& state, std::string_view key);
// Puts the record `key`, read back from `json`, into `state` (replacing any). An error when
// the key has no known form or the JSON does not fit the record.
Status RestoreRecord(Ec2State& state, std::string_view key, std::string_view json);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_STATE_JSON_H_
