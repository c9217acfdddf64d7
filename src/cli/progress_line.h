// ProgressLine: what a command shows while it waits — one status line on stderr. On a terminal
// the line is rewritten in place with the elapsed time ("launching gpu-box: pending (3 s)");
// elsewhere (pipes, CI logs, tests) each new stage is printed once on its own line, so logs
// stay short. Done() ends the line. Borrows the stream and clock; not thread-safe.
#ifndef SPOTRUN_CLI_PROGRESS_LINE_H_
#define SPOTRUN_CLI_PROGRESS_LINE_H_

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "aws/ec2_waiter.h"
#include "base/clock.h"

namespace spotrun {

class ProgressLine {
 public:
  // `terminal`: rewrite in place (pass isatty(fileno(stream))).
  ProgressLine(std::FILE* stream, Clock& clock, bool terminal);
  // Shows `stage` ("pending", "ssh ready") after the subject ("launching gpu-box").
  void Begin(std::string subject);
  void Update(std::string_view stage);
  // Ends the line with a final stage (kept on screen).
  void Done(std::string_view stage);
  // Ends the line without a final word (on failure, before the error is printed).
  void Abandon();

  // For commands: a ProgressLine on ctx.err(), rewriting when it is a terminal.
  static ProgressLine ForStderr(std::FILE* err, Clock& clock);

 private:
  void Draw(std::string_view stage, bool final);

  std::FILE* stream_;
  Clock& clock_;
  bool terminal_;
  std::string subject_;
  std::string last_stage_;
  TimePoint started_{};
  bool open_ = false;
  size_t last_width_ = 0;
};

// Ec2Waiter options that report every poll on `progress` (without the waiter's own elapsed
// time: the line shows its own), with an overall timeout and, when given, the poll delay.
WaitOptions WaitReportingTo(ProgressLine& progress, Duration timeout,
                            std::optional<Duration> delay = std::nullopt);

}  // namespace spotrun

#endif  // SPOTRUN_CLI_PROGRESS_LINE_H_
