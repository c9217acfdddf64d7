#include "base/log.h"

#include <unistd.h>

#include <atomic>
#include <mutex>

namespace spotrun {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kWarning)};

struct Sink {
  std::mutex mu;
  std::function<void(LogLevel, std::string_view)> fn;
};

Sink& TheSink() {
  static Sink* sink = new Sink();
  return *sink;
}

std::string_view Prefix(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "error: ";
    case LogLevel::kWarning:
      return "warning: ";
    case LogLevel::kInfo:
      return "info: ";
    case LogLevel::kDebug:
      return "debug: ";
  }
  return "";
}

}  // namespace

LogLevel LogLevelForVerbosity(int verbosity) {
  if (verbosity <= 0) return LogLevel::kWarning;
  if (verbosity == 1) return LogLevel::kInfo;
  return LogLevel::kDebug;
}

void SetLogLevel(LogLevel level) { g_level.store(static_cast<int>(level)); }
LogLevel GetLogLevel() { return static_cast<LogLevel>(g_level.load()); }
bool LogEnabled(LogLevel level) { return static_cast<int>(level) <= g_level.load(); }

void SetLogSink(std::function<void(LogLevel, std::string_view)> sink) {
  std::lock_guard lock(TheSink().mu);
  TheSink().fn = std::move(sink);
}

void LogLine(LogLevel level, std::string_view message) {
  Sink& sink = TheSink();
  std::lock_guard lock(sink.mu);
  if (sink.fn) {
    sink.fn(level, message);
    return;
  }
  std::string line;
  line.reserve(message.size() + 12);
  line += Prefix(level);
  line += message;
  line += '\n';
  // One write per line so lines from several threads never interleave.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace spotrun
