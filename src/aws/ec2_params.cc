#include "aws/ec2_params.h"

#include <fmt/format.h>

namespace spotrun {

void SetOptional(QueryParams& params, std::string_view key, const std::optional<std::string>& v) {
  if (v) params.Set(key, *v);
}

void SetOptional(QueryParams& params, std::string_view key, const std::optional<int>& v) {
  if (v) params.SetInt(key, *v);
}

void SetOptional(QueryParams& params, std::string_view key, const std::optional<bool>& v) {
  if (v) params.SetBool(key, *v);
}

void SetOptional(QueryParams& params, std::string_view key, const std::optional<TimePoint>& v) {
  if (v) params.Set(key, FormatIso8601(*v));
}

void SetDryRun(QueryParams& params, bool dry_run) {
  if (dry_run) params.SetBool("DryRun", true);
}

void SetPage(QueryParams& params, const std::optional<int>& max_results,
             const std::optional<std::string>& next_token) {
  SetOptional(params, "MaxResults", max_results);
  if (next_token && !next_token->empty()) params.Set("NextToken", *next_token);
}

void AddFilters(QueryParams& params, const std::vector<Filter>& filters) {
  for (const Filter& filter : filters) params.AddFilter(filter.name, filter.values);
}

void AddTags(QueryParams& params, std::string_view prefix, const std::vector<Tag>& tags) {
  for (size_t i = 0; i < tags.size(); ++i) {
    std::string item = fmt::format("{}.{}", prefix, i + 1);
    params.Set(item + ".Key", tags[i].key);
    params.Set(item + ".Value", tags[i].value);
  }
}

void AddTagSpecifications(QueryParams& params, const std::vector<TagSpecification>& specs) {
  for (size_t i = 0; i < specs.size(); ++i) {
    std::string item = fmt::format("TagSpecification.{}", i + 1);
    params.Set(item + ".ResourceType", specs[i].resource_type);
    AddTags(params, item + ".Tag", specs[i].tags);
  }
}

void AddBlockDeviceMappings(QueryParams& params, std::string_view prefix,
                            const std::vector<BlockDeviceMapping>& mappings) {
  for (size_t i = 0; i < mappings.size(); ++i) {
    const BlockDeviceMapping& m = mappings[i];
    std::string item = fmt::format("{}.{}", prefix, i + 1);
    params.Set(item + ".DeviceName", m.device_name);
    SetOptional(params, item + ".VirtualName", m.virtual_name);
    SetOptional(params, item + ".NoDevice", m.no_device);
    if (!m.ebs) continue;
    const EbsBlockDevice& ebs = *m.ebs;
    SetOptional(params, item + ".Ebs.VolumeSize", ebs.volume_size);
    SetOptional(params, item + ".Ebs.VolumeType", ebs.volume_type);
    SetOptional(params, item + ".Ebs.Iops", ebs.iops);
    SetOptional(params, item + ".Ebs.Throughput", ebs.throughput);
    SetOptional(params, item + ".Ebs.Encrypted", ebs.encrypted);
    SetOptional(params, item + ".Ebs.DeleteOnTermination", ebs.delete_on_termination);
    SetOptional(params, item + ".Ebs.SnapshotId", ebs.snapshot_id);
    SetOptional(params, item + ".Ebs.KmsKeyId", ebs.kms_key_id);
  }
}

void AddIamInstanceProfile(QueryParams& params, std::string_view prefix,
                           const std::optional<IamInstanceProfileSpecification>& profile) {
  if (!profile) return;
  SetOptional(params, std::string(prefix) + ".Arn", profile->arn);
  SetOptional(params, std::string(prefix) + ".Name", profile->name);
}

void AddIpPermissions(QueryParams& params, const std::vector<IpPermission>& permissions) {
  for (size_t i = 0; i < permissions.size(); ++i) {
    const IpPermission& p = permissions[i];
    std::string item = fmt::format("IpPermissions.{}", i + 1);
    params.Set(item + ".IpProtocol", p.ip_protocol);
    SetOptional(params, item + ".FromPort", p.from_port);
    SetOptional(params, item + ".ToPort", p.to_port);
    for (size_t j = 0; j < p.ip_ranges.size(); ++j) {
      std::string range = fmt::format("{}.IpRanges.{}", item, j + 1);
      params.Set(range + ".CidrIp", p.ip_ranges[j].cidr_ip);
      SetOptional(params, range + ".Description", p.ip_ranges[j].description);
    }
  }
}

}  // namespace spotrun
