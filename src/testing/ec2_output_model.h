// Ec2OutputModel: checks an EC2 response document against botocore's EC2 model (Debian's
// python3-botocore, service-2.json) — the counterpart of ec2_query_model.h for answers. The
// root must be <{Action}Response> in EC2's namespace; below it every element must be a member
// of the operation's output shape, found by its wire name (locationName, else the member
// name), lists must hold only their item elements, and every leaf must fit its shape
// (integer, boolean true/false, timestamp 2026-01-01T00:00:00.000Z, enum value). <requestId>
// and <return> are allowed at the root of every action: AWS writes <return>true</return> for
// actions whose model output lacks it. Header-only, test-only; immutable after Load.
#ifndef SPOTRUN_TESTING_EC2_OUTPUT_MODEL_H_
#define SPOTRUN_TESTING_EC2_OUTPUT_MODEL_H_

#include <charconv>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace spotrun::testing {

class Ec2OutputModel {
 public:
  // nullopt when the file is missing or not JSON.
  static std::optional<Ec2OutputModel> Load(const std::string& service_json_path) {
    std::ifstream in(service_json_path);
    if (!in) return std::nullopt;
    nlohmann::json model = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (model.is_discarded()) return std::nullopt;
    return Ec2OutputModel(std::move(model));
  }

  // One message per problem; empty when `xml` is a valid answer of `action`.
  std::vector<std::string> Validate(const std::string& action, std::string_view xml) const {
    std::vector<std::string> errors;
    if (!model_["operations"].contains(action)) return {"no operation " + action};
    pugi::xml_document doc;
    pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
    if (!parsed) return {std::string("not XML: ") + parsed.description()};
    pugi::xml_node root = doc.document_element();
    if (root.name() != action + "Response") {
      errors.push_back("root is <" + std::string(root.name()) + ">, not <" + action + "Response>");
    }
    if (std::string_view(root.attribute("xmlns").value()) !=
        "http://ec2.amazonaws.com/doc/2016-11-15/") {
      errors.push_back("root lacks xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"");
    }
    const nlohmann::json& operation = model_["operations"][action];
    std::string output = operation.contains("output")
                             ? operation["output"]["shape"].get<std::string>()
                             : std::string();
    std::set<std::string> seen;
    for (pugi::xml_node child : root.children()) {
      if (!IsElement(child, action, errors)) continue;
      std::string name = child.name();
      if (!seen.insert(name).second) errors.push_back(action + ": <" + name + "> twice");
      const nlohmann::json* member = output.empty() ? nullptr : FindMember(output, name);
      if (member) {
        CheckShape((*member)["shape"].get<std::string>(), child, action + "/" + name, errors);
      } else if (name == "requestId") {
        CheckShape("String", child, action + "/requestId", errors);
      } else if (name == "return") {
        CheckShape("Boolean", child, action + "/return", errors);
      } else {
        errors.push_back(action + ": <" + name + "> is not a member of " +
                         (output.empty() ? "the (empty) output" : output));
      }
    }
    if (!seen.count("requestId")) errors.push_back(action + ": no <requestId>");
    return errors;
  }

 private:
  explicit Ec2OutputModel(nlohmann::json model) : model_(std::move(model)) {}

  // The member of structure `shape` whose wire name is `name`, or nullptr.
  const nlohmann::json* FindMember(const std::string& shape, const std::string& name) const {
    const nlohmann::json& members = model_["shapes"][shape]["members"];
    for (auto it = members.begin(); it != members.end(); ++it) {
      std::string wire = it->value("locationName", it.key());
      if (wire == name) return &*it;
    }
    return nullptr;
  }

  // True for an element; text between elements must be whitespace only.
  static bool IsElement(pugi::xml_node node, const std::string& path,
                        std::vector<std::string>& errors) {
    if (node.type() == pugi::node_element) return true;
    if (node.type() == pugi::node_pcdata) {
      std::string_view text = node.value();
      if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
        errors.push_back(path + ": stray text \"" + std::string(text) + "\"");
      }
    }
    return false;
  }

  void CheckShape(const std::string& shape_name, pugi::xml_node node, const std::string& path,
                  std::vector<std::string>& errors) const {
    const nlohmann::json& shape = model_["shapes"][shape_name];
    const std::string type = shape["type"].get<std::string>();
    if (type == "structure") {
      std::set<std::string> seen;
      for (pugi::xml_node child : node.children()) {
        if (!IsElement(child, path, errors)) continue;
        std::string name = child.name();
        if (!seen.insert(name).second) errors.push_back(path + ": <" + name + "> twice");
        const nlohmann::json* member = FindMember(shape_name, name);
        if (!member) {
          errors.push_back(path + ": <" + name + "> is not a member of " + shape_name);
          continue;
        }
        CheckShape((*member)["shape"].get<std::string>(), child, path + "/" + name, errors);
      }
    } else if (type == "list") {
      const nlohmann::json& item = shape["member"];
      std::string item_name = item.value("locationName", "member");
      for (pugi::xml_node child : node.children()) {
        if (!IsElement(child, path, errors)) continue;
        if (child.name() != item_name) {
          errors.push_back(path + ": list holds <" + std::string(child.name()) + ">, not <" +
                           item_name + ">");
          continue;
        }
        CheckShape(item["shape"].get<std::string>(), child, path + "/" + item_name, errors);
      }
    } else {
      CheckLeaf(shape, type, node, path, errors);
    }
  }

  static void CheckLeaf(const nlohmann::json& shape, const std::string& type, pugi::xml_node node,
                        const std::string& path, std::vector<std::string>& errors) {
    for (pugi::xml_node child : node.children()) {
      if (child.type() == pugi::node_element) {
        errors.push_back(path + ": a " + type + " holds element <" + child.name() + ">");
      }
    }
    std::string_view text = node.child_value();
    auto bad = [&](std::string_view what) {
      errors.push_back(path + ": \"" + std::string(text) + "\" is not " + std::string(what));
    };
    if (type == "integer" || type == "long") {
      long long value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (text.empty() || ec != std::errc() || end != text.data() + text.size()) bad("an integer");
    } else if (type == "double" || type == "float") {
      double value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (text.empty() || ec != std::errc() || end != text.data() + text.size()) bad("a number");
    } else if (type == "boolean") {
      if (text != "true" && text != "false") bad("true or false");
    } else if (type == "timestamp") {
      if (!IsEc2Timestamp(text)) bad("a timestamp like 2026-01-01T00:00:00.000Z");
    } else if (type == "string" && shape.contains("enum")) {
      bool known = false;
      for (const auto& value : shape["enum"]) known = known || value.get<std::string>() == text;
      if (!known) bad("a value of the enum");
    }
  }

  // YYYY-MM-DDTHH:MM:SS.mmmZ, the one form EC2 writes.
  static bool IsEc2Timestamp(std::string_view text) {
    constexpr std::string_view kPattern = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (text.size() != kPattern.size()) return false;
    for (size_t i = 0; i < text.size(); ++i) {
      bool digit = text[i] >= '0' && text[i] <= '9';
      if (kPattern[i] == 'd' ? !digit : text[i] != kPattern[i]) return false;
    }
    return true;
  }

  nlohmann::json model_;
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_EC2_OUTPUT_MODEL_H_
