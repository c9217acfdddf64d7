// Environment: read access to environment variables, injected so tests can run the
// credentials chain and settings resolution in a made-up environment. RealEnvironment reads
// the process environment; MapEnvironment holds a fixed map. Both are read-only, thread-safe.
#ifndef SPOTRUN_BASE_ENVIRONMENT_H_
#define SPOTRUN_BASE_ENVIRONMENT_H_

#include <cstdlib>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace spotrun {

class Environment {
 public:
  virtual ~Environment() = default;
  // nullopt when unset; an empty variable counts as unset, as the AWS SDKs treat it.
  virtual std::optional<std::string> Get(std::string_view name) const = 0;
};

class RealEnvironment final : public Environment {
 public:
  std::optional<std::string> Get(std::string_view name) const override {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  }
};

class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  MapEnvironment(std::initializer_list<std::pair<const std::string, std::string>> vars)
      : vars_(vars) {}
  explicit MapEnvironment(std::map<std::string, std::string> vars) : vars_(std::move(vars)) {}
  void Set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
  std::optional<std::string> Get(std::string_view name) const override {
    auto it = vars_.find(std::string(name));
    if (it == vars_.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, std::string> vars_;
};

}  // namespace spotrun

#endif  // SPOTRUN_BASE_ENVIRONMENT_H_
