#include "cli/progress_line.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>

#include "cli/machine_text.h"

namespace spotrun {

ProgressLine::ProgressLine(std::FILE* stream, Clock& clock, bool terminal)
    : stream_(stream), clock_(clock), terminal_(terminal) {}

ProgressLine ProgressLine::ForStderr(std::FILE* err, Clock& clock) {
  return ProgressLine(err, clock, ::isatty(::fileno(err)) == 1);
}

void ProgressLine::Begin(std::string subject) {
  if (open_) Abandon();
  subject_ = std::move(subject);
  last_stage_.clear();
  started_ = clock_.Now();
  open_ = true;
  last_width_ = 0;
}

void ProgressLine::Update(std::string_view stage) {
  if (!open_) return;
  if (!terminal_ && stage == last_stage_) return;
  Draw(stage, false);
}

void ProgressLine::Done(std::string_view stage) {
  if (!open_) return;
  Draw(stage, true);
  open_ = false;
}

void ProgressLine::Abandon() {
  if (open_ && terminal_ && last_width_ > 0) fmt::print(stream_, "\n");
  std::fflush(stream_);
  open_ = false;
}

void ProgressLine::Draw(std::string_view stage, bool final) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now() - started_).count();
  std::string text = fmt::format("{}: {} ({} s)", subject_, stage, seconds);
  last_stage_ = std::string(stage);
  if (terminal_) {
    size_t pad = last_width_ > text.size() ? last_width_ - text.size() : 0;
    fmt::print(stream_, "\r{}{:{}}{}", text, "", pad, final ? "\n" : "");
    last_width_ = final ? 0 : text.size();
  } else {
    fmt::print(stream_, "{}\n", text);
  }
  std::fflush(stream_);
}

WaitOptions WaitReportingTo(ProgressLine& progress, Duration timeout,
                            std::optional<Duration> delay) {
  WaitOptions options;
  options.delay = delay;
  options.timeout = timeout;
  options.progress = [&progress](std::string_view seen) { progress.Update(WithoutElapsed(seen)); };
  return options;
}

}  // namespace spotrun
