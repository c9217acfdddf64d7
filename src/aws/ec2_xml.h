// Small pugixml helpers the EC2 response parsers share: loading a response document, reading
// a child's text as a string, number, bool or time, and the `<xxxSet><item>…` lists. EC2
// answers in the http://ec2.amazonaws.com/doc/2016-11-15/ default namespace, so element names
// carry no prefix. Parsing is lenient below the root: a missing or malformed member reads as
// empty / zero / nullopt. Stateless; thread-safe.
#ifndef SPOTRUN_AWS_EC2_XML_H_
#define SPOTRUN_AWS_EC2_XML_H_

#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/ec2_types.h"
#include "aws/query_params.h"
#include "aws/query_transport.h"
#include "base/clock.h"
#include "base/result.h"

namespace spotrun {

// Parses `body` in place (it must outlive `doc`) and returns the root element, which must be
// `<{action}Response>`; anything else (not XML, an error document) is an error.
Result<pugi::xml_node> LoadEc2Response(std::string& body, std::string_view action,
                                       pugi::xml_document& doc);

// The text of an element (its first PCDATA child); "" for a null or empty element.
inline std::string_view Text(pugi::xml_node node) { return node.child_value(); }
inline std::string ChildText(pugi::xml_node parent, const char* name) {
  return parent.child(name).child_value();
}

// Conversions of an element's text. Malformed or absent text gives the fallback / nullopt.
int ToInt(pugi::xml_node node, int fallback = 0);
int64_t ToInt64(pugi::xml_node node, int64_t fallback = 0);
std::optional<int> ToOptionalInt(pugi::xml_node node);
std::optional<double> ToOptionalDouble(pugi::xml_node node);
bool ToBool(pugi::xml_node node);  // "true" → true; anything else → false
std::optional<bool> ToOptionalBool(pugi::xml_node node);
std::optional<TimePoint> ToTime(pugi::xml_node node);

// Calls `parse(item)` for every <item> child of `set` and collects the results.
template <typename Parse>
auto ParseItems(pugi::xml_node set, Parse parse) {
  std::vector<decltype(parse(set))> out;
  for (pugi::xml_node item = set.child("item"); item; item = item.next_sibling("item")) {
    out.push_back(parse(item));
  }
  return out;
}

std::vector<std::string> ParseStringItems(pugi::xml_node set);  // <set><item>text</item>…
std::vector<Tag> ParseTags(pugi::xml_node tag_set);             // <tagSet><item><key>…
std::vector<GroupIdentifier> ParseGroups(pugi::xml_node group_set);
std::optional<StateReason> ParseStateReason(pugi::xml_node node);  // <code>, <message>
// <nextToken> of a response root; "" when absent or empty (the last page).
inline std::string NextToken(pugi::xml_node root) { return ChildText(root, "nextToken"); }

// Sends `action` and parses the answer's root element with `parse(root)`.
template <typename Parse>
auto CallEc2(QueryTransport& transport, std::string_view action, const QueryParams& params,
             Parse parse) -> Result<decltype(parse(pugi::xml_node()))> {
  Result<std::string> body = transport.Call(action, params);
  if (!body.ok()) return body.status();
  pugi::xml_document doc;
  Result<pugi::xml_node> root = LoadEc2Response(*body, action, doc);
  if (!root.ok()) return root.status();
  return parse(*root);
}

// For actions whose answer carries nothing spotrun needs (<return>true</return>).
Status CallEc2(QueryTransport& transport, std::string_view action, const QueryParams& params);

}  // namespace spotrun

#endif  // SPOTRUN_AWS_EC2_XML_H_
