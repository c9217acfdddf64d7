// Ec2Model's tags: CreateTags, DeleteTags and DescribeTags on every kind of resource, and the
// tag rules every create call's TagSpecifications follow.
#include <algorithm>
#include <cctype>
#include <string>

#include "localcloud/ec2_error.h"
#include "localcloud/ec2_filters.h"
#include "localcloud/ec2_model.h"
#include "localcloud/ec2_pages.h"

namespace spotrun {
namespace {

constexpr size_t kMaxTags = 50;
constexpr size_t kMaxKeyLength = 128;
constexpr size_t kMaxValueLength = 256;

// One kind of taggable resource: its id prefix, DescribeTags' resource type and AWS's error
// for an id of that kind that does not exist (message = before + id + after).
struct ResourceKind {
  std::string_view prefix;
  std::string_view type;
  std::string_view not_found_code;
  std::string_view before;
  std::string_view after;
};

constexpr ResourceKind kKinds[] = {
    {"i-", "instance", "InvalidInstanceID.NotFound", "The instance ID '", "' does not exist"},
    {"sir-", "spot-instances-request", "InvalidSpotInstanceRequestID.NotFound",
     "The spot instance request ID '", "' does not exist"},
    {"ami-", "image", "InvalidAMIID.NotFound", "The image id '[", "]' does not exist"},
    {"vol-", "volume", "InvalidVolume.NotFound", "The volume '", "' does not exist."},
    {"snap-", "snapshot", "InvalidSnapshot.NotFound", "The snapshot '", "' does not exist."},
    {"key-", "key-pair", "InvalidKeyPair.NotFound", "The key pair '", "' does not exist"},
    {"sg-", "security-group", "InvalidGroup.NotFound", "The security group '", "' does not exist"},
    {"vpc-", "vpc", "InvalidVpcID.NotFound", "The vpc ID '", "' does not exist"},
    {"subnet-", "subnet", "InvalidSubnetID.NotFound", "The subnet ID '", "' does not exist"},
};

const ResourceKind* KindOf(std::string_view id) {
  for (const ResourceKind& kind : kKinds) {
    if (id.starts_with(kind.prefix)) return &kind;
  }
  return nullptr;
}

void SetTag(std::vector<Tag>& tags, const Tag& tag) {
  for (Tag& have : tags) {
    if (have.key == tag.key) {
      have.value = tag.value;
      return;
    }
  }
  tags.push_back(tag);
}

}  // namespace

Status Ec2Model::NotFoundError(std::string_view resource_id) {
  const ResourceKind* kind = KindOf(resource_id);
  if (kind == nullptr) {
    return Ec2Error("InvalidID", "The ID '" + std::string(resource_id) + "' is not valid");
  }
  return Ec2Error(kind->not_found_code,
                  std::string(kind->before) + std::string(resource_id) + std::string(kind->after));
}

bool Ec2Model::IsEc2Id(std::string_view id, std::string_view prefix) {
  if (!id.starts_with(prefix)) return false;
  std::string_view hex = id.substr(prefix.size());
  if (hex.size() != 8 && hex.size() != 17) return false;
  return std::all_of(hex.begin(), hex.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
  });
}

Status Ec2Model::ValidateTags(const std::vector<Tag>& tags) {
  for (const Tag& tag : tags) {
    if (tag.key.empty()) {
      return Ec2Error("InvalidParameterValue", "Tag keys must not be empty");
    }
    if (tag.key.size() > kMaxKeyLength) {
      return Ec2Error("InvalidParameterValue",
                      "Value (" + tag.key +
                          ") for parameter key is invalid. Length exceeds maximum of 128 "
                          "characters");
    }
    if (tag.value.size() > kMaxValueLength) {
      return Ec2Error("InvalidParameterValue",
                      "Value (" + tag.value +
                          ") for parameter value is invalid. Length exceeds maximum of 256 "
                          "characters");
    }
    if (tag.key.starts_with("aws:")) {
      return Ec2Error("InvalidParameterValue",
                      "Value ( " + tag.key +
                          " ) for parameter key is invalid. Tag keys starting with 'aws:' are "
                          "reserved for internal use");
    }
  }
  if (tags.size() > kMaxTags) {
    return Ec2Error("TagLimitExceeded",
                    "The maximum number of Tags for a resource has been reached.");
  }
  return Status::Ok();
}

Result<std::vector<Tag>> Ec2Model::TagsToCreate(
    const std::vector<TagSpecification>& specifications, std::string_view resource_type,
    std::initializer_list<std::string_view> also_allowed) {
  std::vector<Tag> tags;
  for (const TagSpecification& spec : specifications) {
    const bool other = std::find(also_allowed.begin(), also_allowed.end(), spec.resource_type) !=
                       also_allowed.end();
    if (spec.resource_type != resource_type && !other) {
      return Ec2Error("InvalidParameterValue", "'" + spec.resource_type +
                                                   "' is not a valid taggable resource type for "
                                                   "this operation.");
    }
    if (spec.resource_type != resource_type) continue;
    for (const Tag& tag : spec.tags) {
      if (FindTag(tags, tag.key)) {
        return Ec2Error("InvalidParameterValue", "Duplicate tag key '" + tag.key + "' specified.");
      }
      tags.push_back(tag);
    }
  }
  SPOTRUN_RETURN_IF_ERROR(ValidateTags(tags));
  return tags;
}

std::vector<Tag>* Ec2Model::MutableTagsLocked(std::string_view id) {
  if (auto it = state_.instances.find(id); it != state_.instances.end()) {
    return &it->second.instance.tags;
  }
  if (auto it = state_.spot_requests.find(id); it != state_.spot_requests.end()) {
    return &it->second.request.tags;
  }
  if (auto it = state_.images.find(id); it != state_.images.end()) return &it->second.image.tags;
  if (auto it = state_.volumes.find(id); it != state_.volumes.end()) {
    return &it->second.volume.tags;
  }
  if (auto it = state_.snapshots.find(id); it != state_.snapshots.end()) {
    return &it->second.snapshot.tags;
  }
  if (auto it = state_.key_pairs.find(id); it != state_.key_pairs.end()) {
    return &it->second.key_pair.tags;
  }
  if (auto it = state_.security_groups.find(id); it != state_.security_groups.end()) {
    return &it->second.tags;
  }
  if (auto it = state_.vpcs.find(id); it != state_.vpcs.end()) return &it->second.tags;
  if (auto it = state_.subnets.find(id); it != state_.subnets.end()) return &it->second.tags;
  return nullptr;
}

Status Ec2Model::CreateTags(const CreateTagsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  if (request.resource_ids.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter resourceIdSet");
  }
  if (request.tags.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter tagSet");
  }
  SPOTRUN_RETURN_IF_ERROR(ValidateTags(request.tags));
  // All or nothing: every resource must exist and stay within the limit before any changes.
  for (const std::string& id : request.resource_ids) {
    std::vector<Tag>* tags = MutableTagsLocked(id);
    if (tags == nullptr) return NotFoundError(id);
    std::vector<Tag> merged = *tags;
    for (const Tag& tag : request.tags) SetTag(merged, tag);
    if (merged.size() > kMaxTags) {
      return Ec2Error("TagLimitExceeded",
                      "The maximum number of Tags for a resource has been reached.");
    }
  }
  if (request.dry_run) return DryRunSucceeded();
  for (const std::string& id : request.resource_ids) {
    std::vector<Tag>* tags = MutableTagsLocked(id);
    for (const Tag& tag : request.tags) SetTag(*tags, tag);
    state_.Touch(id);
  }
  FlushLocked();
  return Status::Ok();
}

Status Ec2Model::DeleteTags(const DeleteTagsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  if (request.resource_ids.empty()) {
    return Ec2Error("MissingParameter", "The request must contain the parameter resourceIdSet");
  }
  for (const std::string& id : request.resource_ids) {
    if (MutableTagsLocked(id) == nullptr) return NotFoundError(id);
  }
  if (request.dry_run) return DryRunSucceeded();
  // Neither keys nor tags: every tag goes, as DeleteTags without Tag.N does on AWS.
  const bool all = request.keys.empty() && request.tags.empty();
  for (const std::string& id : request.resource_ids) {
    std::vector<Tag>* tags = MutableTagsLocked(id);
    const size_t before = tags->size();
    std::erase_if(*tags, [&](const Tag& tag) {
      if (all) return true;
      if (std::find(request.keys.begin(), request.keys.end(), tag.key) != request.keys.end()) {
        return true;
      }
      return std::find(request.tags.begin(), request.tags.end(), tag) != request.tags.end();
    });
    if (tags->size() != before) state_.Touch(id);
  }
  FlushLocked();
  return Status::Ok();
}

Result<DescribeTagsResponse> Ec2Model::DescribeTags(const DescribeTagsRequest& request) {
  std::lock_guard lock(mu_);
  TickLocked();
  SPOTRUN_RETURN_IF_ERROR(
      ValidateFilters(request.filters, {"resource-id", "resource-type", "key", "value"}));
  if (request.dry_run) return DryRunSucceeded();
  std::vector<TagDescription> rows;
  auto add = [&](const std::string& id, const std::vector<Tag>& tags) {
    const ResourceKind* kind = KindOf(id);
    for (const Tag& tag : tags) {
      TagDescription row{id, std::string(kind ? kind->type : ""), tag.key, tag.value};
      const bool match = MatchesFilters(request.filters, {}, [&](std::string_view name) {
        if (name == "resource-id") return std::vector<std::string>{row.resource_id};
        if (name == "resource-type") return std::vector<std::string>{row.resource_type};
        if (name == "key") return std::vector<std::string>{row.key};
        return std::vector<std::string>{row.value};
      });
      if (match) rows.push_back(std::move(row));
    }
  };
  for (const auto& [id, r] : state_.instances) add(id, r.instance.tags);
  for (const auto& [id, r] : state_.spot_requests) add(id, r.request.tags);
  for (const auto& [id, r] : state_.images) add(id, r.image.tags);
  for (const auto& [id, r] : state_.volumes) add(id, r.volume.tags);
  for (const auto& [id, r] : state_.snapshots) add(id, r.snapshot.tags);
  for (const auto& [id, r] : state_.key_pairs) add(id, r.key_pair.tags);
  for (const auto& [id, r] : state_.security_groups) add(id, r.tags);
  for (const auto& [id, r] : state_.vpcs) add(id, r.tags);
  for (const auto& [id, r] : state_.subnets) add(id, r.tags);
  // Page keys "ID\tKEY": ids hold no tab, so string order is (resource id, key) order.
  auto key_of = [](const TagDescription& row) { return row.resource_id + '\t' + row.key; };
  std::sort(rows.begin(), rows.end(), [&](const TagDescription& a, const TagDescription& b) {
    return key_of(a) < key_of(b);
  });
  SPOTRUN_ASSIGN_OR_RETURN(
      auto page, Paginate(std::move(rows), key_of, request.max_results, request.next_token));
  return DescribeTagsResponse{std::move(page.first), std::move(page.second)};
}

}  // namespace spotrun
