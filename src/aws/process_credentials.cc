#include "aws/process_credentials.h"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "base/log.h"
#include "base/subprocess.h"

namespace spotrun {
namespace {

constexpr std::string_view kFormatHint =
    "credential_process must print {\"Version\": 1, \"AccessKeyId\": …, \"SecretAccessKey\": …, "
    "\"SessionToken\": …, \"Expiration\": \"…Z\"} on stdout";

Status BadDocument(std::string_view what) {
  return Status::InvalidArgument(fmt::format("credential_process output {}", what), kFormatHint);
}

// A string member: absent is nullopt; present but not a string is an error.
Result<std::optional<std::string>> OptionalString(const nlohmann::json& doc, const char* name) {
  auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return BadDocument(fmt::format("has a {} that is not a string", name));
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> RequiredString(const nlohmann::json& doc, const char* name) {
  SPOTRUN_ASSIGN_OR_RETURN(std::optional<std::string> v, OptionalString(doc, name));
  if (!v || v->empty()) return BadDocument(fmt::format("has no {}", name));
  return std::move(*v);
}

// The last `max` bytes of a child's stderr, trimmed: the end is where the reason usually is.
std::string Tail(std::string_view text, size_t max = 600) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.size() <= max) return std::string(text);
  return "…" + std::string(text.substr(text.size() - max));
}

}  // namespace

Result<Credentials> ParseProcessCredentials(std::string_view json) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() quotes the text it choked on, which may be a secret: keep only the offset.
    return BadDocument(fmt::format("is not valid JSON (at byte {})", e.byte));
  }
  if (!doc.is_object()) return BadDocument("is not a JSON object");
  auto version = doc.find("Version");
  if (version == doc.end()) return BadDocument("has no Version (it must be 1)");
  if (!version->is_number_integer() || version->get<long long>() != 1) {
    std::string shown = version->is_number() ? version->dump() : "a non-number";
    return BadDocument(fmt::format("has Version {}; spotrun understands Version 1", shown));
  }
  Credentials c;
  SPOTRUN_ASSIGN_OR_RETURN(c.access_key_id, RequiredString(doc, "AccessKeyId"));
  SPOTRUN_ASSIGN_OR_RETURN(c.secret_access_key, RequiredString(doc, "SecretAccessKey"));
  SPOTRUN_ASSIGN_OR_RETURN(std::optional<std::string> token, OptionalString(doc, "SessionToken"));
  c.session_token = token.value_or("");
  SPOTRUN_ASSIGN_OR_RETURN(std::optional<std::string> expiration,
                           OptionalString(doc, "Expiration"));
  if (expiration) {
    TimePoint t;
    if (!ParseIso8601(*expiration, &t)) {
      return BadDocument(fmt::format("has an Expiration that is not ISO 8601: '{}'", *expiration));
    }
    c.expiration = t;
  }
  return c;
}

Result<std::optional<Credentials>> ProcessCredentialsSource::Find() {
  std::string where = config_.ConfigSource(profile_);
  std::optional<std::string> command = config_.ConfigValue(profile_, "credential_process");
  if (!command || command->empty()) {
    where = config_.CredentialsSource(profile_);
    command = config_.CredentialsValue(profile_, "credential_process");
  }
  if (!command || command->empty()) return std::optional<Credentials>();

  // The command line itself is never shown: people do put keys in it.
  SubprocessOptions run;
  run.argv = {"/bin/sh", "-c", *command};
  run.timeout = timeout_;
  run.stderr_mode = Stdio::kCapture;
  LogDebug("credentials: running the credential_process in {}", where);
  Result<SubprocessResult> result = RunSubprocess(run);
  if (!result.ok()) {
    return result.status().WithContext(fmt::format("credential_process in {}", where));
  }
  if (result->timed_out) {
    return Status::DeadlineExceeded(
        fmt::format("the credential_process in {} did not finish within {} s", where,
                    std::chrono::duration_cast<std::chrono::seconds>(timeout_).count()),
        "run the command yourself to see where it hangs");
  }
  if (result->exit_code != 0) {
    std::string stderr_tail = Tail(result->stderr_text);
    return Status::FailedPrecondition(
        fmt::format("the credential_process in {} failed with exit status {}{}{}", where,
                    result->exit_code, stderr_tail.empty() ? "" : ": ", stderr_tail),
        "run the command yourself to see why (it may need you to log in first)");
  }
  Result<Credentials> c = ParseProcessCredentials(result->stdout_text);
  if (!c.ok()) return c.status().WithContext(where);
  c->source = fmt::format("credential_process in {}", where);
  return std::optional<Credentials>(std::move(*c));
}

std::string ProcessCredentialsSource::Place() const {
  return fmt::format("credential_process in {}", config_.ConfigSource(profile_));
}

}  // namespace spotrun
