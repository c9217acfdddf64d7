// FakeInstanceRuntime: an InstanceRuntime without processes, for the EC2 model's unit tests.
// It records every call as one line ("Boot i-1", "Terminate(keep_root) i-1") and keeps the
// state each call implies; a test may make the next call fail (FailNext) or hold sshd back
// (set_ssh_ready) or listen on another port than 22 (set_ssh_port). Thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_FAKE_INSTANCE_RUNTIME_H_
#define SPOTRUN_LOCALCLOUD_FAKE_INSTANCE_RUNTIME_H_

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "localcloud/instance_runtime.h"

namespace spotrun {

class FakeInstanceRuntime final : public InstanceRuntime {
 public:
  Status Boot(const InstanceSpec& spec) override {
    std::lock_guard lock(mu_);
    SPOTRUN_RETURN_IF_ERROR(Record("Boot " + spec.instance_id));
    RuntimeStatus& s = instances_[spec.instance_id];
    if (s.state == RuntimeState::kRunning || s.state == RuntimeState::kHibernated) {
      return Status::FailedPrecondition("instance " + spec.instance_id + " is already booted");
    }
    s = {RuntimeState::kRunning, spec.address, ssh_port_, "/fake/" + spec.instance_id, 1};
    specs_[spec.instance_id] = spec;
    return Status::Ok();
  }
  Status Stop(std::string_view id) override {
    return Change("Stop", id, RuntimeState::kStopped, nullptr);
  }
  Status Terminate(std::string_view id, bool keep_root) override {
    return Change(keep_root ? "Terminate(keep_root)" : "Terminate", id,
                  keep_root ? RuntimeState::kStopped : RuntimeState::kAbsent, nullptr);
  }
  Status Hibernate(std::string_view id) override {
    RuntimeState from = RuntimeState::kRunning;
    return Change("Hibernate", id, RuntimeState::kHibernated, &from);
  }
  Status Resume(std::string_view id) override {
    RuntimeState from = RuntimeState::kHibernated;
    return Change("Resume", id, RuntimeState::kRunning, &from);
  }
  Result<RuntimeStatus> Describe(std::string_view id) override {
    std::lock_guard lock(mu_);
    auto it = instances_.find(std::string(id));
    return it == instances_.end() ? RuntimeStatus{} : it->second;
  }
  bool SshReady(std::string_view id) override {
    std::lock_guard lock(mu_);
    auto it = instances_.find(std::string(id));
    return ssh_ready_ && it != instances_.end() && it->second.state == RuntimeState::kRunning;
  }

  // The calls so far, one line each, in order.
  std::vector<std::string> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }
  // The spec of the last Boot of `id` (empty when never booted).
  InstanceSpec last_spec(std::string_view id) const {
    std::lock_guard lock(mu_);
    auto it = specs_.find(std::string(id));
    return it == specs_.end() ? InstanceSpec{} : it->second;
  }
  // The next call is recorded and then fails with `status`, changing nothing.
  void FailNext(Status status) {
    std::lock_guard lock(mu_);
    fail_next_ = std::move(status);
  }
  void set_ssh_ready(bool ready) {
    std::lock_guard lock(mu_);
    ssh_ready_ = ready;
  }
  // The port the next Boot's sshd listens on (22 until set, as when running as root).
  void set_ssh_port(int port) {
    std::lock_guard lock(mu_);
    ssh_port_ = port;
  }

 private:
  Status Record(std::string call) {
    calls_.push_back(std::move(call));
    return std::exchange(fail_next_, Status::Ok());
  }
  Status Change(std::string_view verb, std::string_view id, RuntimeState to,
                const RuntimeState* required_from) {
    std::lock_guard lock(mu_);
    SPOTRUN_RETURN_IF_ERROR(Record(std::string(verb) + " " + std::string(id)));
    auto it = instances_.find(std::string(id));
    RuntimeState from = it == instances_.end() ? RuntimeState::kAbsent : it->second.state;
    if (required_from != nullptr && from != *required_from) {
      return Status::FailedPrecondition(std::string(verb) + ": instance " + std::string(id) +
                                        " is " + std::string(RuntimeStateName(from)));
    }
    if (it == instances_.end()) return Status::Ok();  // nothing to stop or terminate
    RuntimeStatus& s = it->second;
    s.state = to;
    if (to != RuntimeState::kRunning && to != RuntimeState::kHibernated) {
      s.ssh_port = 0;
      s.process_count = 0;
    }
    return Status::Ok();
  }

  mutable std::mutex mu_;
  std::map<std::string, RuntimeStatus> instances_;
  std::map<std::string, InstanceSpec> specs_;
  std::vector<std::string> calls_;
  Status fail_next_;
  bool ssh_ready_ = true;
  int ssh_port_ = 22;
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_FAKE_INSTANCE_RUNTIME_H_
