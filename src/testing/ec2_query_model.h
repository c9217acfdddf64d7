// Ec2QueryModel: checks flattened EC2 Query parameters against botocore's EC2 model
// (Debian's python3-botocore, service-2.json). Every key must be a path through the
// operation's input shape under the EC2 serialisation rule — a member's wire name is its
// queryName, else its locationName with the first letter upper-cased, else the member name;
// list items are Name.N with N counted from 1 without gaps; nested structures Outer.Inner —
// and every value must fit its shape (integer, boolean, ISO 8601 timestamp, base64 blob, enum
// value). Required members of every structure present must be sent. Header-only, test-only;
// immutable after Load, so safe to share between tests.
#ifndef SPOTRUN_TESTING_EC2_QUERY_MODEL_H_
#define SPOTRUN_TESTING_EC2_QUERY_MODEL_H_

#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "aws/query_params.h"
#include "base/base64.h"
#include "base/clock.h"

namespace spotrun::testing {

inline constexpr std::string_view kBotocoreEc2ModelDir =
    "/usr/lib/python3/dist-packages/botocore/data/ec2/2016-11-15";

class Ec2QueryModel {
 public:
  // nullopt when the file is missing or not JSON.
  static std::optional<Ec2QueryModel> Load(const std::string& service_json_path) {
    std::ifstream in(service_json_path);
    if (!in) return std::nullopt;
    nlohmann::json model = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (model.is_discarded()) return std::nullopt;
    return Ec2QueryModel(std::move(model));
  }

  bool HasOperation(const std::string& action) const {
    return model_["operations"].contains(action);
  }

  // One message per problem; empty when `params` is a valid input of `action`.
  std::vector<std::string> Validate(const std::string& action, const QueryParams& params) const {
    std::vector<std::string> errors;
    if (!HasOperation(action)) return {"no operation " + action + " in the model"};
    const nlohmann::json& op = model_["operations"][action];
    if (!op.contains("input")) {
      if (params.size() != 0) errors.push_back(action + " takes no input");
      return errors;
    }
    Walk walk;
    walk.structs[""] = op["input"]["shape"].get<std::string>();
    for (const auto& [key, value] : params.entries()) {
      WalkKey(walk.structs[""], key, value, walk, errors);
    }
    CheckIndices(walk, errors);
    CheckRequired(walk, params, errors);
    return errors;
  }

 private:
  struct Walk {
    std::map<std::string, std::string> structs;     // prefix → structure shape present there
    std::map<std::string, std::set<long>> indices;  // list prefix → indices used
  };

  explicit Ec2QueryModel(nlohmann::json model) : model_(std::move(model)) {}

  const nlohmann::json& Shape(const std::string& name) const { return model_["shapes"][name]; }

  static std::string WireName(const std::string& member, const nlohmann::json& m) {
    if (m.contains("queryName")) return m["queryName"].get<std::string>();
    if (m.contains("locationName")) {
      std::string name = m["locationName"].get<std::string>();
      if (!name.empty()) name[0] = static_cast<char>(std::toupper(name[0]));
      return name;
    }
    return member;
  }

  static std::vector<std::string> Split(std::string_view key) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
      size_t dot = key.find('.', start);
      parts.emplace_back(key.substr(start, dot - start));
      if (dot == std::string_view::npos) return parts;
      start = dot + 1;
    }
  }

  void WalkKey(std::string shape, const std::string& key, const std::string& value, Walk& walk,
               std::vector<std::string>& errors) const {
    std::string prefix;
    for (const std::string& token : Split(key)) {
      const nlohmann::json& s = Shape(shape);
      const std::string type = s["type"].get<std::string>();
      std::string next = prefix.empty() ? token : prefix + "." + token;
      if (type == "structure") {
        walk.structs[prefix] = shape;
        std::optional<std::string> member_shape;
        for (const auto& [name, m] : s["members"].items()) {
          if (WireName(name, m) == token) member_shape = m["shape"].get<std::string>();
        }
        if (!member_shape) {
          errors.push_back(key + ": " + shape + " has no member sent as '" + token + "'");
          return;
        }
        shape = *member_shape;
      } else if (type == "list") {
        long index = 0;
        auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
        if (ec != std::errc() || end != token.data() + token.size() || index < 1) {
          errors.push_back(key + ": list " + prefix + " needs an index >= 1, not '" + token + "'");
          return;
        }
        walk.indices[prefix].insert(index);
        shape = s["member"]["shape"].get<std::string>();
      } else {
        errors.push_back(key + ": " + prefix + " is a " + type + ", it has no '" + token + "'");
        return;
      }
      prefix = next;
    }
    CheckValue(key, shape, value, errors);
  }

  void CheckValue(const std::string& key, const std::string& shape, const std::string& value,
                  std::vector<std::string>& errors) const {
    const nlohmann::json& s = Shape(shape);
    const std::string type = s["type"].get<std::string>();
    bool ok = true;
    if (type == "structure" || type == "list" || type == "map") {
      errors.push_back(key + ": stops at a " + type + " (" + shape + ")");
      return;
    } else if (type == "integer" || type == "long") {
      long long n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      ok = ec == std::errc() && end == value.data() + value.size() && !value.empty();
    } else if (type == "double" || type == "float") {
      double d = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
      ok = ec == std::errc() && end == value.data() + value.size() && !value.empty();
    } else if (type == "boolean") {
      ok = value == "true" || value == "false";
    } else if (type == "timestamp") {
      TimePoint t;
      ok = ParseIso8601(value, &t);
    } else if (type == "blob") {
      ok = Base64Decode(value).has_value();
    } else if (type == "string" && s.contains("enum")) {
      ok = false;
      for (const auto& e : s["enum"]) ok = ok || e.get<std::string>() == value;
    }
    if (!ok)
      errors.push_back(key + ": '" + value + "' is not a valid " + type + " (" + shape + ")");
  }

  static void CheckIndices(const Walk& walk, std::vector<std::string>& errors) {
    for (const auto& [prefix, used] : walk.indices) {
      long expected = 1;
      for (long index : used) {
        if (index != expected++) {
          errors.push_back(prefix + ": list indices must count 1, 2, … without gaps");
          break;
        }
      }
    }
  }

  void CheckRequired(const Walk& walk, const QueryParams& params,
                     std::vector<std::string>& errors) const {
    for (const auto& [prefix, shape] : walk.structs) {
      const nlohmann::json& s = Shape(shape);
      if (!s.contains("required")) continue;
      for (const auto& required : s["required"]) {
        const std::string member = required.get<std::string>();
        std::string wire = WireName(member, s["members"][member]);
        std::string path = prefix.empty() ? wire : prefix + "." + wire;
        bool present = false;
        for (const auto& [key, value] : params.entries()) {
          present = present || key == path || key.rfind(path + ".", 0) == 0;
        }
        if (!present) errors.push_back(path + ": required by " + shape + " but not sent");
      }
    }
  }

  nlohmann::json model_;
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_EC2_QUERY_MODEL_H_
