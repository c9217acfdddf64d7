// Runs the built spotrun binary as a user would, in a private HOME (a temp directory) with
// AWS_* variables cleared, so end-to-end tests never touch the real ~/.aws or any cloud.
#ifndef SPOTRUN_TESTING_SPOTRUN_PROCESS_H_
#define SPOTRUN_TESTING_SPOTRUN_PROCESS_H_

#include <map>
#include <string>
#include <vector>

#include "base/subprocess.h"
#include "base/temp_dir.h"

namespace spotrun::testing {

class SpotrunProcess {
 public:
  SpotrunProcess();
  const std::string& home() const { return home_; }
  void SetEnv(std::string name, std::string value) { env_[std::move(name)] = std::move(value); }
  // Runs `spotrun ARGS…` with a 60 s timeout; aborts the test on a failure to start.
  SubprocessResult Run(const std::vector<std::string>& args,
                       const std::string& stdin_data = "") const;

 private:
  ScopedTempDir dir_;
  std::string home_;
  std::map<std::string, std::string> env_;
};

std::string SpotrunBinary();

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_SPOTRUN_PROCESS_H_
