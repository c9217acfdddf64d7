#include "base/status.h"

#include <fmt/format.h>

namespace spotrun {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kOk:
      return "ok";
    case ErrorKind::kInvalidArgument:
      return "invalid argument";
    case ErrorKind::kNotFound:
      return "not found";
    case ErrorKind::kAlreadyExists:
      return "already exists";
    case ErrorKind::kRefused:
      return "refused";
    case ErrorKind::kUnavailable:
      return "unavailable";
    case ErrorKind::kDeadlineExceeded:
      return "deadline exceeded";
    case ErrorKind::kPermissionDenied:
      return "permission denied";
    case ErrorKind::kFailedPrecondition:
      return "failed precondition";
    case ErrorKind::kInterrupted:
      return "interrupted";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "unknown";
}

Status::Status(const Status& other)
    : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
  return *this;
}

Status::~Status() = default;

Status Status::Make(ErrorKind kind, std::string_view message, std::string_view hint) {
  Status s;
  s.state_ = std::make_unique<State>();
  s.state_->kind = kind;
  s.state_->message = message;
  s.state_->hint = hint;
  return s;
}

Status Status::InvalidArgument(std::string_view m, std::string_view h) {
  return Make(ErrorKind::kInvalidArgument, m, h);
}
Status Status::NotFound(std::string_view m, std::string_view h) {
  return Make(ErrorKind::kNotFound, m, h);
}
Status Status::AlreadyExists(std::string_view m, std::string_view h) {
  return Make(ErrorKind::kAlreadyExists, m, h);
}
Status Status::Unavailable(std::string_view m, std::string_view h) {
  return Make(ErrorKind::kUnavailable, m, h);
}
Status Status::DeadlineExceeded(std::string_view m, std::string_view h) {
  return Make(ErrorKind::kDeadlineExceeded, m, h);
}
Status Status::PermissionDenied(std::string_view m, std::string_view h) {
  return Make(ErrorKind::kPermissionDenied, m, h);
}
Status Status::FailedPrecondition(std::string_view m, std::string_view h) {
  return Make(ErrorKind::kFailedPrecondition, m, h);
}
Status Status::Interrupted(std::string_view m, std::string_view h) {
  return Make(ErrorKind::kInterrupted, m, h);
}
Status Status::Internal(std::string_view m, std::string_view h) {
  return Make(ErrorKind::kInternal, m, h);
}

Status Status::Aws(ErrorKind kind, std::string_view code, std::string_view message,
                   std::string_view request_id, int http_status) {
  Status s = Make(kind, message, {});
  s.state_->code = code;
  s.state_->request_id = request_id;
  s.state_->http_status = http_status;
  return s;
}

static const std::string& Empty() {
  static const std::string* empty = new std::string();
  return *empty;
}

ErrorKind Status::kind() const { return state_ ? state_->kind : ErrorKind::kOk; }
const std::string& Status::code() const { return state_ ? state_->code : Empty(); }
const std::string& Status::message() const { return state_ ? state_->message : Empty(); }
const std::string& Status::request_id() const { return state_ ? state_->request_id : Empty(); }
const std::string& Status::hint() const { return state_ ? state_->hint : Empty(); }
int Status::http_status() const { return state_ ? state_->http_status : 0; }

Status Status::WithHint(std::string_view hint) const {
  Status s(*this);
  if (s.state_) s.state_->hint = hint;
  return s;
}

Status Status::WithContext(std::string_view context) const {
  Status s(*this);
  if (s.state_) s.state_->message = fmt::format("{}: {}", context, s.state_->message);
  return s;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out = fmt::format("{}: {}", ErrorKindName(state_->kind), state_->message);
  if (!state_->code.empty()) out += fmt::format(" [{}]", state_->code);
  if (!state_->request_id.empty()) out += fmt::format(" (request id {})", state_->request_id);
  return out;
}

std::string Status::ForUser(bool verbose) const {
  if (ok()) return "";
  std::string out = "error: " + state_->message;
  if (!state_->code.empty()) out += fmt::format(" ({})", state_->code);
  if (verbose && !state_->request_id.empty()) {
    out += fmt::format(" [request id {}]", state_->request_id);
  }
  if (!state_->hint.empty()) out += "\n  " + state_->hint;
  return out;
}

int ExitCodeFor(const Status& status) {
  switch (status.kind()) {
    case ErrorKind::kOk:
      return kExitOk;
    case ErrorKind::kInvalidArgument:
      return kExitUsage;
    case ErrorKind::kNotFound:
      return kExitNotFound;
    case ErrorKind::kRefused:
      return kExitRefused;
    case ErrorKind::kInterrupted:
      return kExitInterrupted;
    default:
      return kExitError;
  }
}

}  // namespace spotrun
