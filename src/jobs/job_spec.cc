#include "jobs/job_spec.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <set>
#include <span>
#include <system_error>

#include "base/file.h"
#include "jobs/duration_text.h"
#include "market/nearest_names.h"

namespace spotrun {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// A spot interruption notice comes two minutes before the machine is taken; the upload of the
// checkpoint and the agent's own margin must fit in what the job's grace leaves.
constexpr Duration kMaxGrace = seconds(110);
constexpr int kMaxDiskGiB = 16384;  // EBS gp3's largest volume
constexpr size_t kMaxNameLength = 64;

constexpr std::string_view kMinimalJobHint =
    "a job file is a YAML mapping with at least `name: my-job`, `run: ./train.sh` and "
    "`checkpoint: {store: s3://my-bucket/my-job}`";

constexpr std::array<std::string_view, 11> kTopKeys = {
    "name",       "resources", "image",    "workdir", "setup", "run",
    "checkpoint", "outputs",   "recovery", "notify",  "env"};
constexpr std::array<std::string_view, 6> kResourcesKeys = {"types", "spot",  "max_price",
                                                            "disk",  "zones", "instance_profile"};
constexpr std::array<std::string_view, 6> kCheckpointKeys = {"dir",    "store", "every",
                                                             "signal", "grace", "keep"};
constexpr std::array<std::string_view, 2> kRecoveryKeys = {"max_recoveries", "on_demand_fallback"};
constexpr std::array<std::string_view, 2> kNotifyKeys = {"discord", "slack"};

// One key of a mapping and its value, with the dotted path used in messages.
struct Field {
  std::string path;  // "checkpoint.grace"
  YAML::Node key;
  YAML::Node value;
};

// Where a problem is, as "file:line:column" (1-based). yaml-cpp marks nodes 0-based, and marks
// an empty value (`key:`) at the start of the next line, so those are reported at their key.
class Locator {
 public:
  explicit Locator(std::string_view file) : file_(file) {}

  std::string At(const YAML::Mark& mark) const {
    if (mark.line < 0 || mark.column < 0) return fmt::format("{}:1:1", file_);
    return fmt::format("{}:{}:{}", file_, mark.line + 1, mark.column + 1);
  }
  std::string At(const Field& field) const {
    bool empty_value = !field.value.IsDefined() || field.value.IsNull();
    return At(empty_value ? field.key.Mark() : field.value.Mark());
  }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

// "what was found" for messages: the kind of node, or a scalar quoted (shortened when long).
std::string Found(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "empty";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  std::string text = node.Scalar();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return fmt::format("\"{}\"", text);
}

Status Refuse(const std::string& where, std::string_view what, std::string_view hint) {
  return Status::InvalidArgument(fmt::format("{}: {}", where, what), hint);
}

// "path is FOUND; expected EXPECTED" at the field.
Status Expected(const Locator& at, const Field& field, std::string_view expected,
                std::string_view hint) {
  return Refuse(at.At(field),
                fmt::format("{} is {}; expected {}", field.path, Found(field.value), expected),
                hint);
}

std::string JoinQuoted(std::span<const std::string_view> words) {
  std::string out;
  for (std::string_view w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

// The fields of mapping `node` (at `path`, "" for the top), in file order. Refuses a node that
// is not a mapping, keys that are not plain words, duplicate keys and — unless `known` is
// empty (any key allowed) — keys not in `known`, suggesting the nearest known one.
Result<std::vector<Field>> Fields(const Locator& at, const YAML::Node& node, const Field* parent,
                                  std::span<const std::string_view> known) {
  std::string prefix = parent != nullptr ? parent->path + "." : "";
  if (!node.IsMap()) {
    std::string what = parent != nullptr ? parent->path : "the job file";
    std::string where = parent != nullptr ? at.At(*parent) : at.At(node.Mark());
    std::string expected = known.empty()
                               ? "a mapping of names to values"
                               : fmt::format("a mapping with keys among {}", JoinQuoted(known));
    return Refuse(where, fmt::format("{} is {}; expected {}", what, Found(node), expected),
                  parent != nullptr ? "write it as `key: value` lines indented under it, or "
                                      "{key: value, ...} on one line"
                                    : kMinimalJobHint);
  }
  std::vector<Field> fields;
  std::set<std::string, std::less<>> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    // A copy: yaml-cpp's iterator hands out a temporary pair, so a reference would dangle.
    YAML::Node key = it->first;
    if (!key.IsScalar()) {
      return Refuse(at.At(key.Mark()),
                    fmt::format("a key is {}; expected a plain name", Found(key)),
                    "keys are words such as `run` or `checkpoint`");
    }
    std::string name = key.Scalar();
    if (!known.empty() && std::find(known.begin(), known.end(), name) == known.end()) {
      std::vector<std::string_view> candidates(known.begin(), known.end());
      std::vector<std::string> near = market::NearestNames(name, candidates, 1);
      std::string hint = near.empty()
                             ? fmt::format("remove it, or use one of {}", JoinQuoted(known))
                             : fmt::format("did you mean `{}{}`?", prefix, near.front());
      return Refuse(
          at.At(key.Mark()),
          fmt::format("unknown key \"{}{}\"; expected one of {}", prefix, name, JoinQuoted(known)),
          hint);
    }
    if (!seen.insert(name).second) {
      return Refuse(at.At(key.Mark()),
                    fmt::format("\"{}{}\" is given twice; expected each key once", prefix, name),
                    "remove one of them (YAML would silently keep only one)");
    }
    fields.push_back(Field{prefix + name, key, it->second});
  }
  return fields;
}

// ---- scalar conversions: each refuses with what was found and what was expected ----

Result<std::string> Text(const Locator& at, const Field& f, bool allow_empty = false) {
  if (allow_empty && (!f.value.IsDefined() || f.value.IsNull())) return std::string();
  if (!f.value.IsScalar()) {
    return Expected(at, f, "text", "write a single value; quote it if it contains `: ` or `#`");
  }
  std::string text = f.value.Scalar();
  bool blank =
      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; });
  if (blank && !allow_empty) return Expected(at, f, "text", "give it a value or leave the key out");
  return text;
}

Result<int64_t> WholeNumber(const Locator& at, const Field& f, std::string_view expected,
                            std::string_view hint) {
  if (!f.value.IsScalar()) return Expected(at, f, expected, hint);
  const std::string& s = f.value.Scalar();
  int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
    return Expected(at, f, expected, hint);
  }
  return value;
}

Result<double> Number(const Locator& at, const Field& f, std::string_view expected,
                      std::string_view hint) {
  if (!f.value.IsScalar()) return Expected(at, f, expected, hint);
  const std::string& s = f.value.Scalar();
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || !std::isfinite(value)) {
    return Expected(at, f, expected, hint);
  }
  return value;
}

Result<bool> Boolean(const Locator& at, const Field& f) {
  if (f.value.IsScalar()) {
    std::string s = f.value.Scalar();
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s == "true" || s == "yes") return true;
    if (s == "false" || s == "no") return false;
  }
  return Expected(at, f, "true or false", "write true or false (yes and no work too)");
}

// A list of non-empty words; a single word stands for a list of one.
Result<std::vector<std::string>> WordList(const Locator& at, const Field& f,
                                          std::string_view expected, std::string_view hint) {
  std::vector<YAML::Node> items;
  if (f.value.IsScalar()) {
    items.push_back(f.value);
  } else if (f.value.IsSequence()) {
    for (const YAML::Node& item : f.value) items.push_back(item);
  } else {
    return Expected(at, f, expected, hint);
  }
  std::vector<std::string> words;
  for (const YAML::Node& item : items) {
    Field element{f.path, f.key, item};
    bool word = item.IsScalar() && !item.Scalar().empty() &&
                std::none_of(item.Scalar().begin(), item.Scalar().end(),
                             [](unsigned char c) { return std::isspace(c) != 0; });
    if (!word) {
      return Refuse(at.At(element),
                    fmt::format("an entry of {} is {}; expected {}", f.path, Found(item), expected),
                    hint);
    }
    if (std::find(words.begin(), words.end(), item.Scalar()) == words.end()) {
      words.push_back(item.Scalar());
    }
  }
  return words;
}

Result<Duration> DurationValue(const Locator& at, const Field& f) {
  constexpr std::string_view kHint =
      "write a whole number with a unit: s, m or h (e.g. 90s, 10m, 1h30m)";
  if (!f.value.IsScalar()) return Expected(at, f, "a duration such as 90s, 10m or 1h30m", kHint);
  Result<Duration> d = ParseDurationText(f.value.Scalar());
  if (!d.ok()) {
    return Refuse(at.At(f), fmt::format("{} {}", f.path, d.status().message()), kHint);
  }
  return d;
}

// ---- values with their own rules ----

bool IsJobName(std::string_view s) {
  if (s.empty() || s.size() > kMaxNameLength) return false;
  if (!std::isalnum(static_cast<unsigned char>(s.front()))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
  });
}

// A path inside the workdir: relative, without "..". Returns it without "./" and trailing "/"
// when `strip_slash`.
bool IsInsideWorkdir(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.front() == '~') return false;
  std::filesystem::path p{std::string(path)};
  return std::none_of(p.begin(), p.end(), [](const auto& part) { return part == ".."; });
}

// S3's bucket naming rules, the part that matters for a URI: 3–63 of a-z 0-9 . -, starting
// and ending with a letter or digit.
bool IsBucketName(std::string_view b) {
  if (b.size() < 3 || b.size() > 63) return false;
  auto alnum = [](unsigned char c) { return std::islower(c) != 0 || std::isdigit(c) != 0; };
  if (!alnum(b.front()) || !alnum(b.back())) return false;
  return std::all_of(b.begin(), b.end(),
                     [&](unsigned char c) { return alnum(c) || c == '.' || c == '-'; });
}

Result<std::string> StoreUri(const Locator& at, const Field& f) {
  SPOTRUN_ASSIGN_OR_RETURN(std::string uri, Text(at, f));
  constexpr std::string_view kScheme = "s3://";
  constexpr std::string_view kExpected = "s3://bucket/prefix";
  constexpr std::string_view kHint =
      "checkpoints, logs and events are kept in S3 under this prefix, e.g. "
      "s3://my-bucket/train-resnet (bucket names are 3-63 of a-z 0-9 . -)";
  if (uri.rfind(kScheme, 0) != 0) return Expected(at, f, kExpected, kHint);
  while (uri.size() > kScheme.size() && uri.back() == '/') uri.pop_back();
  std::string_view rest = std::string_view(uri).substr(kScheme.size());
  std::string_view bucket = rest.substr(0, rest.find('/'));
  std::string_view prefix = bucket.size() < rest.size() ? rest.substr(bucket.size() + 1) : "";
  bool prefix_ok =
      (prefix.empty() || prefix.front() != '/') && prefix.find("//") == std::string_view::npos &&
      std::none_of(prefix.begin(), prefix.end(),
                   [](unsigned char c) { return std::isspace(c) != 0 || std::iscntrl(c) != 0; });
  if (!IsBucketName(bucket) || !prefix_ok) return Expected(at, f, kExpected, kHint);
  return uri;
}

struct SignalName {
  std::string_view name;
  int number;
};
constexpr std::array<SignalName, 29> kSignals = {{
    {"HUP", SIGHUP},       {"INT", SIGINT},   {"QUIT", SIGQUIT},   {"ILL", SIGILL},
    {"TRAP", SIGTRAP},     {"ABRT", SIGABRT}, {"BUS", SIGBUS},     {"FPE", SIGFPE},
    {"KILL", SIGKILL},     {"USR1", SIGUSR1}, {"SEGV", SIGSEGV},   {"USR2", SIGUSR2},
    {"PIPE", SIGPIPE},     {"ALRM", SIGALRM}, {"TERM", SIGTERM},   {"CHLD", SIGCHLD},
    {"CONT", SIGCONT},     {"STOP", SIGSTOP}, {"TSTP", SIGTSTP},   {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU},     {"URG", SIGURG},   {"XCPU", SIGXCPU},   {"XFSZ", SIGXFSZ},
    {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"IO", SIGIO},
    {"SYS", SIGSYS},
}};

Result<int> SignalValue(const Locator& at, const Field& f) {
  constexpr std::string_view kExpected = "a signal such as SIGUSR1, USR1, SIGTERM or 1..31";
  constexpr std::string_view kHint =
      "the agent sends this signal to the job to ask for a checkpoint; SIGUSR1 is usual";
  if (!f.value.IsScalar()) return Expected(at, f, kExpected, kHint);
  std::string s = f.value.Scalar();
  int number = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), number);
  if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) {
    if (number < 1 || number > 31) return Expected(at, f, kExpected, kHint);
  } else {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string_view name = s;
    if (name.rfind("SIG", 0) == 0) name.remove_prefix(3);
    auto it = std::find_if(kSignals.begin(), kSignals.end(),
                           [&](const SignalName& sig) { return sig.name == name; });
    if (it == kSignals.end()) return Expected(at, f, kExpected, kHint);
    number = it->number;
  }
  if (number == SIGKILL || number == SIGSTOP) {
    return Expected(at, f, "a signal the job can catch (not SIGKILL or SIGSTOP)",
                    "a job cannot catch SIGKILL or SIGSTOP, so it could never checkpoint; use "
                    "SIGUSR1 or SIGTERM");
  }
  return number;
}

Result<JobRecovery> ParseFallback(const Locator& at, const Field& f, JobRecovery recovery) {
  constexpr std::string_view kExpected = "never, always or after-N-failed-spot-launches";
  constexpr std::string_view kHint =
      "after-2-failed-spot-launches goes on-demand once two spot launches in a row failed";
  SPOTRUN_ASSIGN_OR_RETURN(std::string s, Text(at, f));
  if (s == "never") {
    recovery.on_demand_fallback = OnDemandFallback::kNever;
    return recovery;
  }
  if (s == "always") {
    recovery.on_demand_fallback = OnDemandFallback::kAlways;
    return recovery;
  }
  constexpr std::string_view kBefore = "after-";
  std::string_view rest = s;
  if (rest.rfind(kBefore, 0) != 0) return Expected(at, f, kExpected, kHint);
  rest.remove_prefix(kBefore.size());
  int n = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  std::string_view tail(end, rest.data() + rest.size() - end);
  bool plural_ok = tail == "-failed-spot-launches" || (n == 1 && tail == "-failed-spot-launch");
  if (ec != std::errc() || end == rest.data() || !plural_ok) {
    return Expected(at, f, kExpected, kHint);
  }
  if (n < 1) {
    return Expected(at, f, "after-N-failed-spot-launches with N at least 1",
                    "use `always` to go on-demand at once");
  }
  recovery.on_demand_fallback = OnDemandFallback::kAfterFailedSpotLaunches;
  recovery.failed_spot_launches = n;
  return recovery;
}

Result<std::string> WebhookUrl(const Locator& at, const Field& f) {
  SPOTRUN_ASSIGN_OR_RETURN(std::string url, Text(at, f));
  std::string_view rest = url;
  bool scheme_ok = false;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (rest.rfind(scheme, 0) == 0) {
      rest.remove_prefix(scheme.size());
      scheme_ok = true;
    }
  }
  std::string_view host = rest.substr(0, rest.find('/'));
  bool spaces =
      std::any_of(url.begin(), url.end(), [](unsigned char c) { return std::isspace(c) != 0; });
  if (!scheme_ok || host.empty() || spaces) {
    return Refuse(at.At(f),
                  fmt::format("{} is not a URL; expected the webhook's https:// URL", f.path),
                  "copy the webhook URL from the channel's integration settings");
  }
  return url;
}

bool IsEnvName(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front()))) return false;
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0 || c == '_'; });
}

// IAM's rules: a name is 1..128 of [A-Za-z0-9+=,.@_-]; an ARN names an instance-profile.
bool IsInstanceProfile(std::string_view v) {
  if (v.starts_with("arn:")) {
    return v.find(":instance-profile/") != std::string_view::npos && v.size() <= 2048;
  }
  if (v.empty() || v.size() > 128) return false;
  return std::all_of(v.begin(), v.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("+=,.@_-").find(c) != std::string_view::npos;
  });
}

// ---- sections ----

Status ParseResources(const Locator& at, const Field& section, JobResources& out,
                      bool& types_given) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Field> fields,
                           Fields(at, section.value, &section, kResourcesKeys));
  for (const Field& f : fields) {
    const std::string& key = f.key.Scalar();
    if (key == "types") {
      constexpr std::string_view kHint =
          "list the instance types the job can run on, e.g. types: [g4dn.xlarge, g5.xlarge]";
      SPOTRUN_ASSIGN_OR_RETURN(out.types, WordList(at, f, "a list of instance types", kHint));
      if (out.types.empty()) return Expected(at, f, "at least one instance type", kHint);
      types_given = true;
    } else if (key == "spot") {
      SPOTRUN_ASSIGN_OR_RETURN(out.spot, Boolean(at, f));
    } else if (key == "max_price") {
      constexpr std::string_view kHint =
          "max_price is the most you pay per machine-hour in USD, e.g. 0.40; leave it out to "
          "cap it at the on-demand price";
      SPOTRUN_ASSIGN_OR_RETURN(double price,
                               Number(at, f, "a price in USD per hour, e.g. 0.40", kHint));
      if (price <= 0) return Expected(at, f, "a price above 0 USD per hour", kHint);
      out.max_price = price;
    } else if (key == "disk") {
      constexpr std::string_view kHint = "disk is the root volume's size in GiB, e.g. 100";
      std::string expected = fmt::format("a whole number of GiB from 1 to {}", kMaxDiskGiB);
      SPOTRUN_ASSIGN_OR_RETURN(int64_t gib, WholeNumber(at, f, expected, kHint));
      if (gib < 1 || gib > kMaxDiskGiB) return Expected(at, f, expected, kHint);
      out.disk_gib = static_cast<int>(gib);
    } else if (key == "zones") {
      SPOTRUN_ASSIGN_OR_RETURN(
          out.zones, WordList(at, f, "a list of availability zones",
                              "e.g. zones: [us-east-1a, us-east-1b]; leave it out for every zone"));
    } else if (key == "instance_profile") {
      constexpr std::string_view kHint =
          "name the IAM instance profile whose role may read and write the checkpoint store, "
          "e.g. instance_profile: spotrun-jobs (or its arn:aws:iam::ACCOUNT:instance-profile/NAME)";
      SPOTRUN_ASSIGN_OR_RETURN(out.instance_profile, Text(at, f));
      if (!IsInstanceProfile(out.instance_profile)) {
        return Expected(at, f, "an instance profile's name (letters, digits, + = , . @ _ -) or ARN",
                        kHint);
      }
    }
  }
  return Status::Ok();
}

Status ParseCheckpoint(const Locator& at, const Field& section, JobCheckpoint& out,
                       bool& store_given) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Field> fields,
                           Fields(at, section.value, &section, kCheckpointKeys));
  for (const Field& f : fields) {
    const std::string& key = f.key.Scalar();
    if (key == "dir") {
      SPOTRUN_ASSIGN_OR_RETURN(std::string dir, Text(at, f, /*allow_empty=*/true));
      if (!dir.empty() && !IsInsideWorkdir(dir)) {
        return Expected(at, f, "a directory inside the workdir (relative, without ..)",
                        "the agent uploads this directory of the workdir, e.g. dir: ckpt");
      }
      while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
      if (dir.rfind("./", 0) == 0 && dir.size() > 2) dir.erase(0, 2);
      out.dir = dir;
    } else if (key == "store") {
      SPOTRUN_ASSIGN_OR_RETURN(out.store, StoreUri(at, f));
      store_given = true;
    } else if (key == "every") {
      SPOTRUN_ASSIGN_OR_RETURN(out.every, DurationValue(at, f));
      if (out.every != Duration::zero() && out.every < minutes(1)) {
        return Expected(at, f, "0 or at least 1m",
                        "checkpointing more often than once a minute spends the machine on "
                        "uploads; use 0 to checkpoint only on a rebalance or a notice");
      }
    } else if (key == "signal") {
      SPOTRUN_ASSIGN_OR_RETURN(out.signal, SignalValue(at, f));
    } else if (key == "grace") {
      SPOTRUN_ASSIGN_OR_RETURN(out.grace, DurationValue(at, f));
      if (out.grace < seconds(1) || out.grace > kMaxGrace) {
        return Expected(at, f, "from 1s to 110s",
                        "a spot interruption notice comes 2 minutes before the machine is "
                        "taken, and the checkpoint must still be uploaded after the grace");
      }
    } else if (key == "keep") {
      constexpr std::string_view kHint = "keep is how many complete checkpoints stay in S3";
      SPOTRUN_ASSIGN_OR_RETURN(int64_t keep,
                               WholeNumber(at, f, "a whole number, at least 1", kHint));
      if (keep < 1 || keep > 1000) {
        return Expected(at, f, "a whole number from 1 to 1000", kHint);
      }
      out.keep = static_cast<int>(keep);
    }
  }
  return Status::Ok();
}

Status ParseRecovery(const Locator& at, const Field& section, JobRecovery& out) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Field> fields,
                           Fields(at, section.value, &section, kRecoveryKeys));
  for (const Field& f : fields) {
    if (f.key.Scalar() == "max_recoveries") {
      constexpr std::string_view kHint =
          "how many times the job is relaunched after losing its machine; 0 never relaunches";
      SPOTRUN_ASSIGN_OR_RETURN(int64_t n, WholeNumber(at, f, "a whole number, 0 or more", kHint));
      if (n < 0 || n > 10000) return Expected(at, f, "a whole number from 0 to 10000", kHint);
      out.max_recoveries = static_cast<int>(n);
    } else {
      SPOTRUN_ASSIGN_OR_RETURN(out, ParseFallback(at, f, out));
    }
  }
  return Status::Ok();
}

Status ParseNotify(const Locator& at, const Field& section, JobNotify& out) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Field> fields,
                           Fields(at, section.value, &section, kNotifyKeys));
  for (const Field& f : fields) {
    SPOTRUN_ASSIGN_OR_RETURN(std::string url, WebhookUrl(at, f));
    (f.key.Scalar() == "discord" ? out.discord : out.slack) = std::move(url);
  }
  return Status::Ok();
}

Status ParseEnv(const Locator& at, const Field& section, std::map<std::string, std::string>& out) {
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Field> fields, Fields(at, section.value, &section, {}));
  for (const Field& f : fields) {
    const std::string& name = f.key.Scalar();
    if (!IsEnvName(name)) {
      return Refuse(at.At(f.key.Mark()),
                    fmt::format("env name \"{}\" is not a variable name; expected letters, "
                                "digits and _ (not starting with a digit)",
                                name),
                    "e.g. env: {WANDB_PROJECT: resnet}");
    }
    if (name.rfind("SPOTRUN_", 0) == 0) {
      return Refuse(at.At(f.key.Mark()),
                    fmt::format("env name \"{}\" is reserved; expected a name not starting "
                                "with SPOTRUN_",
                                name),
                    "spotrun sets SPOTRUN_CHECKPOINT_DIR, SPOTRUN_JOB_ID and SPOTRUN_ATTEMPT "
                    "itself");
    }
    if (!f.value.IsNull() && !f.value.IsScalar()) {
      return Expected(at, f, "text", "quote values that contain `: ` or `#`");
    }
    out[name] = f.value.IsNull() ? std::string() : f.value.Scalar();
  }
  return Status::Ok();
}

Status ParseOutputs(const Locator& at, const Field& f, std::vector<std::string>& out) {
  constexpr std::string_view kExpected = "a list of paths inside the workdir";
  constexpr std::string_view kHint =
      "outputs are files or directories of the workdir uploaded when the run succeeds, e.g. "
      "outputs: [results/]";
  SPOTRUN_ASSIGN_OR_RETURN(out, WordList(at, f, kExpected, kHint));
  for (const std::string& path : out) {
    if (!IsInsideWorkdir(path)) {
      return Refuse(
          at.At(f),
          fmt::format("{} has \"{}\"; expected {} (relative, without ..)", f.path, path, kExpected),
          kHint);
    }
  }
  return Status::Ok();
}

Result<JobSpec> ParseDocument(const Locator& at, const YAML::Node& root) {
  if (!root.IsDefined() || root.IsNull()) {
    return Refuse(at.At(root.Mark()),
                  "the job file is empty; expected a mapping with at least name, run and "
                  "checkpoint",
                  kMinimalJobHint);
  }
  SPOTRUN_ASSIGN_OR_RETURN(std::vector<Field> fields, Fields(at, root, nullptr, kTopKeys));
  JobSpec spec;
  bool name_given = false, run_given = false, types_given = false, store_given = false;
  for (const Field& f : fields) {
    const std::string& key = f.key.Scalar();
    if (key == "name") {
      constexpr std::string_view kExpected =
          "a name of letters, digits, -, _ and . (starting with a letter or digit, at most 64)";
      if (!f.value.IsScalar() || !IsJobName(f.value.Scalar())) {
        return Expected(at, f, kExpected,
                        "the name labels the job's machines and logs, e.g. train-resnet");
      }
      spec.name = f.value.Scalar();
      name_given = true;
    } else if (key == "resources") {
      SPOTRUN_RETURN_IF_ERROR(ParseResources(at, f, spec.resources, types_given));
    } else if (key == "image") {
      SPOTRUN_ASSIGN_OR_RETURN(spec.image, Text(at, f));
    } else if (key == "workdir") {
      SPOTRUN_ASSIGN_OR_RETURN(spec.workdir, Text(at, f));
    } else if (key == "setup") {
      SPOTRUN_ASSIGN_OR_RETURN(spec.setup, Text(at, f, /*allow_empty=*/true));
    } else if (key == "run") {
      SPOTRUN_ASSIGN_OR_RETURN(spec.run, Text(at, f));
      run_given = true;
    } else if (key == "checkpoint") {
      SPOTRUN_RETURN_IF_ERROR(ParseCheckpoint(at, f, spec.checkpoint, store_given));
    } else if (key == "outputs") {
      SPOTRUN_RETURN_IF_ERROR(ParseOutputs(at, f, spec.outputs));
    } else if (key == "recovery") {
      SPOTRUN_RETURN_IF_ERROR(ParseRecovery(at, f, spec.recovery));
    } else if (key == "notify") {
      SPOTRUN_RETURN_IF_ERROR(ParseNotify(at, f, spec.notify));
    } else if (key == "env") {
      SPOTRUN_RETURN_IF_ERROR(ParseEnv(at, f, spec.env));
    }
  }
  std::string top = at.At(root.Mark());
  if (!name_given) {
    return Refuse(top, "the job has no name; expected a `name:` key",
                  "add e.g. `name: train-resnet` (letters, digits, -, _ and .)");
  }
  if (!run_given) {
    return Refuse(top, "the job has no run command; expected a `run:` key",
                  "add e.g. `run: python train.py`: the command the machine runs to completion");
  }
  if (!types_given) {
    return Refuse(top, "the job names no instance type; expected `resources: {types: [...]}`",
                  "add e.g. `resources: {types: [g4dn.xlarge, g5.xlarge]}`");
  }
  if (!store_given) {
    return Refuse(top, "the job has no checkpoint store; expected `checkpoint: {store: s3://...}`",
                  "add e.g. `checkpoint: {store: s3://my-bucket/my-job}`: checkpoints, logs and "
                  "events outlive the machine there");
  }
  return spec;
}

}  // namespace

Result<JobSpec> ParseJobSpec(std::string_view yaml, std::string_view file_name) {
  Locator at(file_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::ParserException& e) {
    return Refuse(at.At(e.mark), fmt::format("{}; expected valid YAML", e.msg),
                  "check the indentation (spaces, not tabs) and the brackets around this line");
  } catch (const YAML::Exception& e) {
    return Refuse(at.At(e.mark), fmt::format("{}; expected valid YAML", e.msg), kMinimalJobHint);
  }
  try {
    return ParseDocument(at, root);
  } catch (const YAML::Exception& e) {  // not expected: every access above checks the type
    return Status::Internal(fmt::format("{}: reading the job file: {}", at.At(e.mark), e.msg));
  }
}

Result<JobSpec> LoadJobSpec(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) {
    if (text.status().kind() == ErrorKind::kNotFound) {
      return Status::NotFound(fmt::format("job file {} does not exist", path),
                              "check the path; a job file is YAML, e.g. job.yaml");
    }
    return text.status().WithContext(fmt::format("reading job file {}", path));
  }
  SPOTRUN_ASSIGN_OR_RETURN(JobSpec spec, ParseJobSpec(*text, path));
  namespace fs = std::filesystem;
  fs::path workdir(spec.workdir);
  if (workdir.is_relative()) {
    std::error_code ec;
    fs::path dir = fs::absolute(fs::path(path), ec).parent_path();
    if (ec) {
      return Status::Internal(
          fmt::format("cannot resolve the directory of {}: {}", path, ec.message()));
    }
    workdir = dir / workdir;
  }
  std::string resolved = workdir.lexically_normal().string();
  while (resolved.size() > 1 && resolved.back() == '/') resolved.pop_back();
  std::error_code ec;
  if (!fs::is_directory(resolved, ec)) {
    return Status::InvalidArgument(
        fmt::format("{}: workdir {} is not a directory; expected the directory to sync to the "
                    "machine",
                    path, resolved),
        "a relative workdir is taken from the job file's directory; `workdir: .` is that "
        "directory");
  }
  spec.workdir = resolved;
  return spec;
}

}  // namespace spotrun
