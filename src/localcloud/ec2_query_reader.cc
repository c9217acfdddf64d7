#include "localcloud/ec2_query_reader.h"

#include <fmt/format.h>

#include <charconv>
#include <set>

#include "base/base64.h"
#include "localcloud/ec2_error.h"

namespace spotrun {
namespace {

std::string Join(std::string_view prefix, std::string_view member) {
  return fmt::format("{}.{}", prefix, member);
}

std::string Item(std::string_view prefix, int index) { return fmt::format("{}.{}", prefix, index); }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

Status MissingParameter(std::string_view name) {
  return Ec2Error("MissingParameter",
                  fmt::format("The request must contain the parameter {}", name));
}

Status InvalidParameterValue(std::string_view name, std::string_view value,
                             std::string_view expecting) {
  return Ec2Error("InvalidParameterValue", fmt::format("Value ({}) for parameter {} is invalid. {}",
                                                       value, name, expecting));
}

void Ec2QueryReader::Fail(Status status) {
  if (status_.ok()) status_ = std::move(status);
}

bool Ec2QueryReader::HasPrefix(std::string_view prefix) const {
  const auto& entries = params_.entries();
  for (auto it = entries.lower_bound(std::string(prefix)); it != entries.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, prefix.size()) != prefix) break;
    if (key.size() == prefix.size() || key[prefix.size()] == '.') return true;
  }
  return false;
}

std::optional<std::string> Ec2QueryReader::OptionalString(std::string_view key) const {
  return params_.Get(key);
}

std::string Ec2QueryReader::String(std::string_view key) const {
  return params_.Get(key).value_or("");
}

std::string Ec2QueryReader::RequiredString(std::string_view key) {
  std::optional<std::string> value = params_.Get(key);
  if (!value || value->empty()) {
    Fail(MissingParameter(key));
    return "";
  }
  return *value;
}

std::optional<int> Ec2QueryReader::OptionalInt(std::string_view key) {
  std::optional<std::string> text = params_.Get(key);
  if (!text) return std::nullopt;
  int value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ec != std::errc() || ptr != end) {
    Fail(InvalidParameterValue(key, *text, "Expecting an integer."));
    return std::nullopt;
  }
  return value;
}

int Ec2QueryReader::RequiredInt(std::string_view key) {
  if (!params_.Has(key)) {
    Fail(MissingParameter(key));
    return 0;
  }
  return OptionalInt(key).value_or(0);
}

std::optional<bool> Ec2QueryReader::OptionalBool(std::string_view key) {
  std::optional<std::string> text = params_.Get(key);
  if (!text) return std::nullopt;
  if (EqualsIgnoringCase(*text, "true")) return true;
  if (EqualsIgnoringCase(*text, "false")) return false;
  Fail(InvalidParameterValue(key, *text, "Expecting true or false."));
  return std::nullopt;
}

std::optional<TimePoint> Ec2QueryReader::OptionalTime(std::string_view key) {
  std::optional<std::string> text = params_.Get(key);
  if (!text) return std::nullopt;
  TimePoint t;
  if (!ParseIso8601(*text, &t)) {
    Fail(InvalidParameterValue(
        key, *text, "Expecting an ISO 8601 date and time such as 2026-01-01T00:00:00Z."));
    return std::nullopt;
  }
  return t;
}

std::optional<std::string> Ec2QueryReader::OptionalBase64(std::string_view key,
                                                          std::string_view invalid_message) {
  std::optional<std::string> text = params_.Get(key);
  if (!text) return std::nullopt;
  std::string compact;
  compact.reserve(text->size());
  for (char c : *text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') compact.push_back(c);
  }
  std::optional<std::string> bytes = Base64Decode(compact);
  if (!bytes) {
    Fail(Ec2Error("InvalidParameterValue", invalid_message));
    return std::nullopt;
  }
  return bytes;
}

std::vector<int> Ec2QueryReader::Indices(std::string_view prefix) const {
  std::set<int> indices;
  const std::string start = std::string(prefix) + ".";
  const auto& entries = params_.entries();
  for (auto it = entries.lower_bound(start); it != entries.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, start.size()) != start) break;
    std::string_view rest = key.substr(start.size());
    std::string_view digits = rest.substr(0, rest.find('.'));
    int index = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (ec == std::errc() && ptr == digits.data() + digits.size() && index > 0) {
      indices.insert(index);
    }
  }
  return {indices.begin(), indices.end()};
}

std::vector<std::string> Ec2QueryReader::List(std::string_view prefix) const {
  std::vector<std::string> values;
  for (int i : Indices(prefix)) {
    if (std::optional<std::string> v = params_.Get(Item(prefix, i))) values.push_back(*v);
  }
  return values;
}

std::vector<std::string> Ec2QueryReader::RequiredList(std::string_view prefix) {
  std::vector<std::string> values = List(prefix);
  if (values.empty()) Fail(MissingParameter(prefix));
  return values;
}

std::vector<Filter> Ec2QueryReader::Filters() const {
  std::vector<Filter> filters;
  for (int i : Indices("Filter")) {
    std::string item = Item("Filter", i);
    filters.push_back(Filter{String(Join(item, "Name")), List(Join(item, "Value"))});
  }
  return filters;
}

std::vector<Tag> Ec2QueryReader::Tags(std::string_view prefix) const {
  std::vector<Tag> tags;
  for (int i : Indices(prefix)) {
    std::string item = Item(prefix, i);
    tags.push_back(Tag{String(Join(item, "Key")), String(Join(item, "Value"))});
  }
  return tags;
}

std::vector<TagSpecification> Ec2QueryReader::TagSpecifications() const {
  std::vector<TagSpecification> specs;
  for (int i : Indices("TagSpecification")) {
    std::string item = Item("TagSpecification", i);
    specs.push_back(TagSpecification{String(Join(item, "ResourceType")), Tags(Join(item, "Tag"))});
  }
  return specs;
}

std::vector<BlockDeviceMapping> Ec2QueryReader::BlockDeviceMappings(std::string_view prefix) {
  std::vector<BlockDeviceMapping> mappings;
  for (int i : Indices(prefix)) {
    std::string item = Item(prefix, i);
    BlockDeviceMapping m;
    m.device_name = String(Join(item, "DeviceName"));
    m.virtual_name = OptionalString(Join(item, "VirtualName"));
    m.no_device = OptionalString(Join(item, "NoDevice"));
    std::string ebs_prefix = Join(item, "Ebs");
    if (HasPrefix(ebs_prefix)) {
      EbsBlockDevice ebs;
      ebs.volume_size = OptionalInt(Join(ebs_prefix, "VolumeSize"));
      ebs.volume_type = OptionalString(Join(ebs_prefix, "VolumeType"));
      ebs.iops = OptionalInt(Join(ebs_prefix, "Iops"));
      ebs.throughput = OptionalInt(Join(ebs_prefix, "Throughput"));
      ebs.encrypted = OptionalBool(Join(ebs_prefix, "Encrypted"));
      ebs.delete_on_termination = OptionalBool(Join(ebs_prefix, "DeleteOnTermination"));
      ebs.snapshot_id = OptionalString(Join(ebs_prefix, "SnapshotId"));
      ebs.kms_key_id = OptionalString(Join(ebs_prefix, "KmsKeyId"));
      m.ebs = ebs;
    }
    mappings.push_back(std::move(m));
  }
  return mappings;
}

std::optional<IamInstanceProfileSpecification> Ec2QueryReader::IamInstanceProfile(
    std::string_view prefix) const {
  if (!HasPrefix(prefix)) return std::nullopt;
  return IamInstanceProfileSpecification{OptionalString(Join(prefix, "Arn")),
                                         OptionalString(Join(prefix, "Name"))};
}

std::vector<IpPermission> Ec2QueryReader::IpPermissions() {
  std::vector<IpPermission> permissions;
  for (int i : Indices("IpPermissions")) {
    std::string item = Item("IpPermissions", i);
    IpPermission p;
    p.ip_protocol = String(Join(item, "IpProtocol"));
    p.from_port = OptionalInt(Join(item, "FromPort"));
    p.to_port = OptionalInt(Join(item, "ToPort"));
    std::string ranges = Join(item, "IpRanges");
    for (int j : Indices(ranges)) {
      std::string range = Item(ranges, j);
      p.ip_ranges.push_back(
          IpRange{String(Join(range, "CidrIp")), OptionalString(Join(range, "Description"))});
    }
    permissions.push_back(std::move(p));
  }
  return permissions;
}

void Ec2QueryReader::Page(std::optional<int>& max_results, std::optional<std::string>& next_token) {
  max_results = OptionalInt("MaxResults");
  next_token = OptionalString("NextToken");
  if (next_token && next_token->empty()) next_token.reset();  // "no token", as the SDKs mean it
}

}  // namespace spotrun
