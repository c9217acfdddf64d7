#include "testing/spotrun_process.h"

#include <cstdlib>
#include <stdexcept>

namespace spotrun::testing {

std::string SpotrunBinary() {
  if (const char* p = std::getenv("SPOTRUN_BINARY")) return p;
#ifdef SPOTRUN_BINARY_PATH
  return SPOTRUN_BINARY_PATH;
#else
  return "spotrun";
#endif
}

SpotrunProcess::SpotrunProcess() : dir_(ScopedTempDir::Create("spotrun-home").value()) {
  home_ = dir_.path().string();
  env_ = {{"HOME", home_},
          {"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"},
          {"LANG", "C.UTF-8"},
          {"TMPDIR", home_}};
}

SubprocessResult SpotrunProcess::Run(const std::vector<std::string>& args,
                                     const std::string& stdin_data) const {
  SubprocessOptions o;
  o.argv.push_back(SpotrunBinary());
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.env = env_;
  o.clear_env = true;  // no AWS_* or XDG_* from the developer's shell
  o.timeout = std::chrono::seconds(60);
  if (!stdin_data.empty()) o.stdin_data = stdin_data;
  Result<SubprocessResult> r = RunSubprocess(o);
  if (!r.ok()) throw std::runtime_error("cannot run spotrun: " + r.status().ToString());
  return std::move(r).value();
}

}  // namespace spotrun::testing
