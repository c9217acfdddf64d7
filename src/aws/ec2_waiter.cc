#include "aws/ec2_waiter.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <climits>

namespace spotrun {
namespace {

using std::chrono::seconds;

// Transcribed from botocore's ec2/2016-11-15/waiters-2.json, in Ec2WaiterKind order;
// ec2_waiter_test.cc checks every field against that file.
const Ec2WaiterSpec kSpecs[] = {
    {.name = "InstanceRunning",
     .operation = "DescribeInstances",
     .argument = "Reservations[].Instances[].State.Name",
     .target = "running",
     .delay = seconds(15),
     .max_attempts = 40,
     .success_all = {"running"},
     .failure_any = {"shutting-down", "terminated", "stopping"},
     .retry_errors = {"InvalidInstanceID.NotFound"}},
    {.name = "InstanceStopped",
     .operation = "DescribeInstances",
     .argument = "Reservations[].Instances[].State.Name",
     .target = "stopped",
     .delay = seconds(15),
     .max_attempts = 40,
     .success_all = {"stopped"},
     .failure_any = {"pending", "terminated"},
     .retry_errors = {}},
    {.name = "InstanceTerminated",
     .operation = "DescribeInstances",
     .argument = "Reservations[].Instances[].State.Name",
     .target = "terminated",
     .delay = seconds(15),
     .max_attempts = 40,
     .success_all = {"terminated"},
     .failure_any = {"pending", "stopping"},
     .retry_errors = {}},
    {.name = "ImageAvailable",
     .operation = "DescribeImages",
     .argument = "Images[].State",
     .target = "available",
     .delay = seconds(15),
     .max_attempts = 40,
     .success_all = {"available"},
     .failure_any = {"failed"},
     .retry_errors = {}},
    {.name = "SpotInstanceRequestFulfilled",
     .operation = "DescribeSpotInstanceRequests",
     .argument = "SpotInstanceRequests[].Status.Code",
     .target = "fulfilled",
     .delay = seconds(15),
     .max_attempts = 40,
     .success_all = {"fulfilled", "request-canceled-and-instance-running"},
     .failure_any = {"schedule-expired", "canceled-before-fulfillment", "bad-parameters",
                     "system-error"},
     .retry_errors = {"InvalidSpotInstanceRequestID.NotFound"}},
    {.name = "VolumeAvailable",
     .operation = "DescribeVolumes",
     .argument = "Volumes[].State",
     .target = "available",
     .delay = seconds(15),
     .max_attempts = 40,
     .success_all = {"available"},
     .failure_any = {"deleted"},
     .retry_errors = {}},
    {.name = "VolumeInUse",
     .operation = "DescribeVolumes",
     .argument = "Volumes[].State",
     .target = "in-use",
     .delay = seconds(15),
     .max_attempts = 40,
     .success_all = {"in-use"},
     .failure_any = {"deleted"},
     .retry_errors = {}},
    {.name = "SnapshotCompleted",
     .operation = "DescribeSnapshots",
     .argument = "Snapshots[].State",
     .target = "completed",
     .delay = seconds(15),
     .max_attempts = 40,
     .success_all = {"completed"},
     .failure_any = {"error"},
     .retry_errors = {}},
};

bool Contains(const std::vector<std::string_view>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// How one kind of resource is described and read by the generic poll loop.
template <typename T>
struct Subject {
  std::string_view noun;  // "instance", "spot request", …
  std::function<Result<std::vector<T>>()> describe;
  std::function<std::string(const T&)> id;
  std::function<std::string(const T&)> state;   // the value the acceptors test
  std::function<std::string(const T&)> detail;  // why it failed, when EC2 says
};

enum class Verdict { kSuccess, kFailure, kRetry };

// botocore's acceptors in order: pathAll success (never on an empty list), pathAny failure.
template <typename T>
Verdict Judge(const Ec2WaiterSpec& spec, const Subject<T>& subject, const std::vector<T>& items,
              const T** failed) {
  for (std::string_view expected : spec.success_all) {
    bool all = !items.empty() && std::all_of(items.begin(), items.end(), [&](const T& item) {
      return subject.state(item) == expected;
    });
    if (all) return Verdict::kSuccess;
  }
  for (const T& item : items) {
    if (Contains(spec.failure_any, subject.state(item))) {
      *failed = &item;
      return Verdict::kFailure;
    }
  }
  return Verdict::kRetry;
}

// "i-1 pending, i-2 running" (at most three named, then "+N more").
template <typename T>
std::string Summary(const Subject<T>& subject, const std::vector<T>& items) {
  if (items.empty()) return fmt::format("no {} listed yet", subject.noun);
  std::string out;
  for (size_t i = 0; i < items.size() && i < 3; ++i) {
    if (i > 0) out += ", ";
    std::string state = subject.state(items[i]);
    out += fmt::format("{} {}", subject.id(items[i]), state.empty() ? "(no state)" : state);
  }
  if (items.size() > 3) out += fmt::format(", +{} more", items.size() - 3);
  return out;
}

template <typename T>
Result<std::vector<T>> Poll(Clock& clock, const Ec2WaiterSpec& spec,
                            const std::vector<std::string>& ids, const WaitOptions& options,
                            const Subject<T>& subject) {
  const std::string what = fmt::format("{} {}", subject.noun, fmt::join(ids, ", "));
  if (ids.empty()) {
    return Status::InvalidArgument(fmt::format("no {} given to wait for", subject.noun));
  }
  const TimePoint start = clock.Now();
  const Duration delay = options.delay.value_or(spec.delay);
  const int max_attempts = options.max_attempts ? *options.max_attempts
                           : options.timeout    ? INT_MAX
                                                : spec.max_attempts;
  std::optional<TimePoint> deadline;
  if (options.timeout)
    deadline = start + std::chrono::duration_cast<TimePoint::duration>(*options.timeout);
  std::string seen;
  int attempt = 1;
  for (;; ++attempt) {
    Result<std::vector<T>> items = subject.describe();
    Verdict verdict = Verdict::kRetry;
    const T* failed = nullptr;
    if (items.ok()) {
      seen = Summary(subject, *items);
      verdict = Judge(spec, subject, *items, &failed);
    } else if (Contains(spec.retry_errors, items.status().code())) {
      seen = fmt::format("{} not visible yet", fmt::join(ids, ", "));
    } else {
      return items.status().WithContext(fmt::format("waiting for {} to be {}", what, spec.target));
    }
    auto elapsed = std::chrono::duration_cast<seconds>(clock.Now() - start).count();
    if (options.progress) options.progress(fmt::format("{} ({} s)", seen, elapsed));
    if (verdict == Verdict::kSuccess) return std::move(items).value();
    if (verdict == Verdict::kFailure) {
      std::string detail = subject.detail(*failed);
      return Status::FailedPrecondition(
          fmt::format("{} {} is {}, so it will not become {}{}{}", subject.noun,
                      subject.id(*failed), subject.state(*failed), spec.target,
                      detail.empty() ? "" : ": ", detail),
          fmt::format("look at the {} in the EC2 console or with `aws ec2 {}` to see why",
                      subject.noun, spec.operation));
    }
    if (attempt >= max_attempts) break;
    TimePoint now = clock.Now();
    if (deadline && now >= *deadline) break;
    Duration sleep = delay;
    if (deadline) sleep = std::min<Duration>(delay, *deadline - now);
    clock.Sleep(sleep);
  }
  auto waited = std::chrono::duration_cast<seconds>(clock.Now() - start).count();
  return Status::DeadlineExceeded(
      fmt::format("{} not {} after {} s and {} polls (last seen: {})", what, spec.target, waited,
                  attempt, seen),
      "it may still get there: wait again with a longer timeout, or check it in the EC2 "
      "console");
}

std::string StateReasonMessage(const std::optional<StateReason>& reason) {
  return reason ? reason->message : "";
}

}  // namespace

const Ec2WaiterSpec& WaiterSpec(Ec2WaiterKind kind) { return kSpecs[static_cast<int>(kind)]; }

Result<std::vector<Instance>> Ec2Waiter::WaitForInstances(Ec2WaiterKind kind,
                                                          const std::vector<std::string>& ids,
                                                          const WaitOptions& options) {
  Subject<Instance> subject{"instance",
                            [&]() -> Result<std::vector<Instance>> {
                              SPOTRUN_ASSIGN_OR_RETURN(
                                  DescribeInstancesResponse r,
                                  client_.DescribeInstances({.instance_ids = ids}));
                              return InstancesOf(r.reservations);
                            },
                            [](const Instance& i) { return i.instance_id; },
                            [](const Instance& i) { return i.state.name; },
                            [](const Instance& i) { return StateReasonMessage(i.state_reason); }};
  return Poll(clock_, WaiterSpec(kind), ids, options, subject);
}

Result<std::vector<Instance>> Ec2Waiter::WaitUntilInstanceRunning(
    const std::vector<std::string>& ids, const WaitOptions& options) {
  return WaitForInstances(Ec2WaiterKind::kInstanceRunning, ids, options);
}

Result<std::vector<Instance>> Ec2Waiter::WaitUntilInstanceStopped(
    const std::vector<std::string>& ids, const WaitOptions& options) {
  return WaitForInstances(Ec2WaiterKind::kInstanceStopped, ids, options);
}

Result<std::vector<Instance>> Ec2Waiter::WaitUntilInstanceTerminated(
    const std::vector<std::string>& ids, const WaitOptions& options) {
  return WaitForInstances(Ec2WaiterKind::kInstanceTerminated, ids, options);
}

Result<std::vector<Image>> Ec2Waiter::WaitUntilImageAvailable(const std::vector<std::string>& ids,
                                                              const WaitOptions& options) {
  Subject<Image> subject{"image", [&] { return client_.DescribeImages({.image_ids = ids}); },
                         [](const Image& i) { return i.image_id; },
                         [](const Image& i) { return i.state; },
                         [](const Image& i) { return StateReasonMessage(i.state_reason); }};
  return Poll(clock_, WaiterSpec(Ec2WaiterKind::kImageAvailable), ids, options, subject);
}

Result<std::vector<SpotInstanceRequest>> Ec2Waiter::WaitUntilSpotInstanceRequestFulfilled(
    const std::vector<std::string>& ids, const WaitOptions& options) {
  Subject<SpotInstanceRequest> subject{
      "spot request",
      [&]() -> Result<std::vector<SpotInstanceRequest>> {
        SPOTRUN_ASSIGN_OR_RETURN(
            DescribeSpotInstanceRequestsResponse r,
            client_.DescribeSpotInstanceRequests({.spot_instance_request_ids = ids}));
        return std::move(r.spot_instance_requests);
      },
      [](const SpotInstanceRequest& r) { return r.spot_instance_request_id; },
      [](const SpotInstanceRequest& r) { return r.status.code; },
      [](const SpotInstanceRequest& r) { return r.status.message; }};
  return Poll(clock_, WaiterSpec(Ec2WaiterKind::kSpotInstanceRequestFulfilled), ids, options,
              subject);
}

Result<std::vector<Volume>> Ec2Waiter::WaitForVolumes(Ec2WaiterKind kind,
                                                      const std::vector<std::string>& ids,
                                                      const WaitOptions& options) {
  Subject<Volume> subject{"volume",
                          [&]() -> Result<std::vector<Volume>> {
                            SPOTRUN_ASSIGN_OR_RETURN(DescribeVolumesResponse r,
                                                     client_.DescribeVolumes({.volume_ids = ids}));
                            return std::move(r.volumes);
                          },
                          [](const Volume& v) { return v.volume_id; },
                          [](const Volume& v) { return v.state; },
                          [](const Volume&) { return std::string(); }};
  return Poll(clock_, WaiterSpec(kind), ids, options, subject);
}

Result<std::vector<Volume>> Ec2Waiter::WaitUntilVolumeAvailable(const std::vector<std::string>& ids,
                                                                const WaitOptions& options) {
  return WaitForVolumes(Ec2WaiterKind::kVolumeAvailable, ids, options);
}

Result<std::vector<Volume>> Ec2Waiter::WaitUntilVolumeInUse(const std::vector<std::string>& ids,
                                                            const WaitOptions& options) {
  return WaitForVolumes(Ec2WaiterKind::kVolumeInUse, ids, options);
}

Result<std::vector<Snapshot>> Ec2Waiter::WaitUntilSnapshotCompleted(
    const std::vector<std::string>& ids, const WaitOptions& options) {
  Subject<Snapshot> subject{
      "snapshot",
      [&]() -> Result<std::vector<Snapshot>> {
        SPOTRUN_ASSIGN_OR_RETURN(DescribeSnapshotsResponse r,
                                 client_.DescribeSnapshots({.snapshot_ids = ids}));
        return std::move(r.snapshots);
      },
      [](const Snapshot& s) { return s.snapshot_id; }, [](const Snapshot& s) { return s.state; },
      [](const Snapshot& s) { return s.state_message; }};
  return Poll(clock_, WaiterSpec(Ec2WaiterKind::kSnapshotCompleted), ids, options, subject);
}

}  // namespace spotrun
