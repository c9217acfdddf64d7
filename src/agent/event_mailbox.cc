#include "agent/event_mailbox.h"

#include <fmt/format.h>

#include <algorithm>

#include "agent/job_store_layout.h"

namespace spotrun {

EventMailbox::EventMailbox(S3Api& s3, S3Location job_location)
    : s3_(s3), location_(std::move(job_location)) {}

Status EventMailbox::Post(const AgentEvent& event) {
  PutObjectRequest request;
  request.bucket = location_.bucket;
  request.key =
      JobStoreKey(location_, EventKey(event.attempt, event.seq, AgentEventKindName(event.kind)));
  request.body = AgentEventToJson(event);
  request.content_type = "application/json";
  Result<std::string> etag = s3_.PutObject(request);
  if (!etag.ok()) {
    return etag.status().WithContext(
        fmt::format("posting event {} of attempt {}", event.seq, event.attempt));
  }
  return Status::Ok();
}

Result<std::vector<AgentEvent>> EventMailbox::Read(int attempt, int after_seq) {
  ListObjectsV2Request list;
  list.bucket = location_.bucket;
  list.prefix = JobStoreKey(location_, EventsPrefix(attempt));
  // Keys are SEQ-KIND.json with SEQ zero-padded: "SEQ~" sorts after every key of that SEQ
  // ('~' is above '-'), so listing starts at the first event not yet seen.
  if (after_seq > 0) list.start_after = list.prefix + fmt::format("{:06d}~", after_seq);
  std::vector<AgentEvent> events;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(ListObjectsV2Response page, s3_.ListObjectsV2(list));
    for (const S3ObjectSummary& object : page.contents) {
      Result<GetObjectResponse> got = s3_.GetObject({location_.bucket, object.key});
      if (!got.ok() && got.status().kind() == ErrorKind::kNotFound) continue;  // deleted since
      if (!got.ok()) return got.status().WithContext("reading event " + object.key);
      Result<AgentEvent> event = AgentEventFromJson(got->body);
      if (!event.ok()) return event.status().WithContext("event " + object.key);
      if (event->seq > after_seq) events.push_back(std::move(event).value());
    }
    if (!page.is_truncated) break;
    list.continuation_token = page.next_continuation_token;
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const AgentEvent& a, const AgentEvent& b) { return a.seq < b.seq; });
  return events;
}

}  // namespace spotrun
