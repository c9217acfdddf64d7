// EventMailbox: the agent's reports to the controller as objects in the job's store
// (job_store_layout.h). The agent Posts; the controller Reads what came after what it has
// seen. Borrows the S3Api. Not thread-safe.
#ifndef SPOTRUN_AGENT_EVENT_MAILBOX_H_
#define SPOTRUN_AGENT_EVENT_MAILBOX_H_

#include <vector>

#include "agent/agent_event.h"
#include "aws/s3_api.h"
#include "aws/s3_location.h"
#include "base/result.h"
#include "base/status.h"

namespace spotrun {

class EventMailbox {
 public:
  EventMailbox(S3Api& s3, S3Location job_location);

  Status Post(const AgentEvent& event);
  // The events of `attempt` with seq > after_seq, in seq order.
  Result<std::vector<AgentEvent>> Read(int attempt, int after_seq);

 private:
  S3Api& s3_;
  S3Location location_;
};

}  // namespace spotrun

#endif  // SPOTRUN_AGENT_EVENT_MAILBOX_H_
