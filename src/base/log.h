// Levelled logging to stderr: errors and warnings always, info with -v, debug with -vv.
// The sink is the one process-wide singleton spotrun allows; it is thread-safe. Messages are
// formatted only when their level is enabled.
#ifndef SPOTRUN_BASE_LOG_H_
#define SPOTRUN_BASE_LOG_H_

#include <fmt/format.h>

#include <functional>
#include <string>
#include <string_view>

namespace spotrun {

enum class LogLevel { kError = 0, kWarning = 1, kInfo = 2, kDebug = 3 };

// -v count to level: 0 → warnings, 1 → info, 2+ → debug.
LogLevel LogLevelForVerbosity(int verbosity);
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
bool LogEnabled(LogLevel level);
// Replaces the stderr sink (tests capture lines); pass nullptr to restore stderr.
void SetLogSink(std::function<void(LogLevel, std::string_view)> sink);
void LogLine(LogLevel level, std::string_view message);

template <typename... Args>
void Log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  if (LogEnabled(level)) LogLine(level, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void LogError(fmt::format_string<Args...> f, Args&&... a) {
  Log(LogLevel::kError, f, std::forward<Args>(a)...);
}
template <typename... Args>
void LogWarning(fmt::format_string<Args...> f, Args&&... a) {
  Log(LogLevel::kWarning, f, std::forward<Args>(a)...);
}
template <typename... Args>
void LogInfo(fmt::format_string<Args...> f, Args&&... a) {
  Log(LogLevel::kInfo, f, std::forward<Args>(a)...);
}
template <typename... Args>
void LogDebug(fmt::format_string<Args...> f, Args&&... a) {
  Log(LogLevel::kDebug, f, std::forward<Args>(a)...);
}

}  // namespace spotrun

#endif  // SPOTRUN_BASE_LOG_H_
