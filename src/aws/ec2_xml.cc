#include "aws/ec2_xml.h"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace spotrun {
namespace {

template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Element text without surrounding whitespace (hand-indented documents have none inside
// leaf elements, but be tolerant).
std::string_view TrimmedText(pugi::xml_node node) {
  std::string_view text = Text(node);
  while (!text.empty() && std::strchr(" \t\r\n", text.front())) text.remove_prefix(1);
  while (!text.empty() && std::strchr(" \t\r\n", text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

Result<pugi::xml_node> LoadEc2Response(std::string& body, std::string_view action,
                                       pugi::xml_document& doc) {
  pugi::xml_parse_result parsed =
      doc.load_buffer_inplace(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return Status::Internal(
        fmt::format("EC2 answered {} with a body that is not XML ({} at byte {})", action,
                    parsed.description(), parsed.offset),
        "check that the endpoint (AWS_ENDPOINT_URL_EC2, --endpoint) is an EC2 API endpoint");
  }
  pugi::xml_node root = doc.document_element();
  std::string_view name = root.name();
  if (name.size() != action.size() + 8 || name.substr(0, action.size()) != action ||
      name.substr(action.size()) != "Response") {
    return Status::Internal(
        fmt::format("EC2 answered {} with a <{}> document instead of <{}Response>", action, name,
                    action),
        "check that the endpoint (AWS_ENDPOINT_URL_EC2, --endpoint) is an EC2 API endpoint");
  }
  return root;
}

int ToInt(pugi::xml_node node, int fallback) {
  return ParseNumber<int>(TrimmedText(node)).value_or(fallback);
}

int64_t ToInt64(pugi::xml_node node, int64_t fallback) {
  return ParseNumber<int64_t>(TrimmedText(node)).value_or(fallback);
}

std::optional<int> ToOptionalInt(pugi::xml_node node) {
  return ParseNumber<int>(TrimmedText(node));
}

std::optional<double> ToOptionalDouble(pugi::xml_node node) {
  return ParseNumber<double>(TrimmedText(node));
}

bool ToBool(pugi::xml_node node) { return TrimmedText(node) == "true"; }

std::optional<bool> ToOptionalBool(pugi::xml_node node) {
  std::string_view text = TrimmedText(node);
  if (text == "true") return true;
  if (text == "false") return false;
  return std::nullopt;
}

std::optional<TimePoint> ToTime(pugi::xml_node node) {
  TimePoint t;
  if (!ParseIso8601(TrimmedText(node), &t)) return std::nullopt;
  return t;
}

std::vector<std::string> ParseStringItems(pugi::xml_node set) {
  return ParseItems(set, [](pugi::xml_node item) { return std::string(TrimmedText(item)); });
}

std::vector<Tag> ParseTags(pugi::xml_node tag_set) {
  return ParseItems(tag_set, [](pugi::xml_node item) {
    return Tag{ChildText(item, "key"), ChildText(item, "value")};
  });
}

std::vector<GroupIdentifier> ParseGroups(pugi::xml_node group_set) {
  return ParseItems(group_set, [](pugi::xml_node item) {
    return GroupIdentifier{ChildText(item, "groupId"), ChildText(item, "groupName")};
  });
}

std::optional<StateReason> ParseStateReason(pugi::xml_node node) {
  if (!node) return std::nullopt;
  return StateReason{ChildText(node, "code"), ChildText(node, "message")};
}

Status CallEc2(QueryTransport& transport, std::string_view action, const QueryParams& params) {
  Result<bool> returned = CallEc2(transport, action, params, [](pugi::xml_node root) {
    return ToOptionalBool(root.child("return")).value_or(true);
  });
  if (!returned.ok()) return returned.status();
  if (!*returned) {
    return Status::Internal(fmt::format("EC2 answered {} with <return>false</return>", action),
                            "run the command again; if it keeps failing, check the AWS console");
  }
  return Status::Ok();
}

}  // namespace spotrun
