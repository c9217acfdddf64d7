// Status and the error kinds every layer returns instead of throwing.
// A Status is cheap when ok (one null pointer); an error keeps the AWS error code, message,
// request id and HTTP status when it came from a cloud, plus a hint telling the user what to
// do next. Immutable after construction; safe to copy between threads.
#ifndef SPOTRUN_BASE_STATUS_H_
#define SPOTRUN_BASE_STATUS_H_

#include <memory>
#include <string>
#include <string_view>

namespace spotrun {

// What went wrong, coarsely; decides the exit code and whether a retry may help.
enum class ErrorKind {
  kOk = 0,
  kInvalidArgument,  // the user's input is wrong (usage error)
  kNotFound,         // a named thing does not exist
  kAlreadyExists,
  kRefused,      // the cloud refused the call (AWS error code kept)
  kUnavailable,  // transient: network, throttling, 5xx; retry may help
  kDeadlineExceeded,
  kPermissionDenied,
  kFailedPrecondition,  // the state of the world does not allow it now
  kInterrupted,         // SIGINT / cancelled by the user
  kInternal,
};

std::string_view ErrorKindName(ErrorKind kind);

class Status {
 public:
  Status() = default;  // ok
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status();

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string_view message, std::string_view hint = {});
  static Status NotFound(std::string_view message, std::string_view hint = {});
  static Status AlreadyExists(std::string_view message, std::string_view hint = {});
  static Status Unavailable(std::string_view message, std::string_view hint = {});
  static Status DeadlineExceeded(std::string_view message, std::string_view hint = {});
  static Status PermissionDenied(std::string_view message, std::string_view hint = {});
  static Status FailedPrecondition(std::string_view message, std::string_view hint = {});
  static Status Interrupted(std::string_view message, std::string_view hint = {});
  static Status Internal(std::string_view message, std::string_view hint = {});
  // An error document from AWS (or the local cloud). `kind` is usually kRefused; the caller
  // maps throttling and 5xx to kUnavailable.
  static Status Aws(ErrorKind kind, std::string_view code, std::string_view message,
                    std::string_view request_id, int http_status);

  bool ok() const { return state_ == nullptr; }
  ErrorKind kind() const;
  const std::string& code() const;  // AWS error code, e.g. "InvalidInstanceID.NotFound"
  const std::string& message() const;
  const std::string& request_id() const;
  const std::string& hint() const;  // the next step for the user; may be empty
  int http_status() const;          // 0 when not from HTTP

  // The same error with a hint (replacing any), or a context prefix on the message.
  Status WithHint(std::string_view hint) const;
  Status WithContext(std::string_view context) const;

  // "kind: message [code, request id]" on one line, for logs.
  std::string ToString() const;
  // What main prints: "error: message (code)\n  hint" — no request id unless verbose.
  std::string ForUser(bool verbose) const;

 private:
  struct State {
    ErrorKind kind;
    std::string code, message, request_id, hint;
    int http_status = 0;
  };
  static Status Make(ErrorKind kind, std::string_view message, std::string_view hint);
  std::unique_ptr<State> state_;
};

// Process exit codes, documented in `spotrun --help` and the README.
enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,
  kExitUsage = 2,
  kExitNotFound = 3,
  kExitRefused = 4,
  kExitInterrupted = 130,
};
int ExitCodeFor(const Status& status);

}  // namespace spotrun

// Propagates an error Status out of the enclosing function.
#define SPOTRUN_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::spotrun::Status spotrun_status_ = (expr);        \
    if (!spotrun_status_.ok()) return spotrun_status_; \
  } while (0)

#endif  // SPOTRUN_BASE_STATUS_H_
