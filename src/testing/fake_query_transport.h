// FakeQueryTransport: a QueryTransport for tests that records every call (action + params) and
// answers from a script: per action, queued answers are used in order and the last one
// repeats until a new answer is queued; a handler, when set, answers everything instead.
// Header-only so that only the tests that use it (linking the aws layer) pay for it. Not
// thread-safe.
#ifndef SPOTRUN_TESTING_FAKE_QUERY_TRANSPORT_H_
#define SPOTRUN_TESTING_FAKE_QUERY_TRANSPORT_H_

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/query_params.h"
#include "aws/query_transport.h"
#include "base/result.h"
#include "base/status.h"

namespace spotrun::testing {

class FakeQueryTransport : public QueryTransport {
 public:
  struct RecordedCall {
    std::string action;
    QueryParams params;
  };
  using Handler = std::function<Result<std::string>(std::string_view, const QueryParams&)>;

  // Queues an answer (a body or an error Status) for `action`.
  void Answer(std::string_view action, Result<std::string> answer) {
    Script& script = script_[std::string(action)];
    if (script.last_repeating) script.answers.clear();  // replaced, not queued behind
    script.last_repeating = false;
    script.answers.push_back(std::move(answer));
  }
  void SetHandler(Handler handler) { handler_ = std::move(handler); }

  Result<std::string> Call(std::string_view action, const QueryParams& params) override {
    calls_.push_back({std::string(action), params});
    if (handler_) return handler_(action, params);
    auto it = script_.find(std::string(action));
    if (it == script_.end() || it->second.answers.empty()) {
      return Status::Internal("FakeQueryTransport: no answer scripted for " + std::string(action));
    }
    Script& script = it->second;
    Result<std::string> answer = script.answers.front();
    if (script.answers.size() > 1) {
      script.answers.pop_front();
    } else {
      script.last_repeating = true;
    }
    return answer;
  }

  const std::vector<RecordedCall>& calls() const { return calls_; }
  const RecordedCall& last_call() const { return calls_.back(); }

 private:
  struct Script {
    std::deque<Result<std::string>> answers;
    bool last_repeating = false;  // the only answer left has been served at least once
  };
  std::map<std::string, Script> script_;
  Handler handler_;
  std::vector<RecordedCall> calls_;
};

// A minimal successful EC2 answer for `action` around `members` (already XML).
inline std::string Ec2Answer(std::string_view action, std::string_view members = {}) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<";
  out.append(action).append("Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">");
  out.append("<requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>");
  out.append(members).append("</").append(action).append("Response>");
  return out;
}

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_FAKE_QUERY_TRANSPORT_H_
