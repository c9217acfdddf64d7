#include "cloud/ssh_identity.h"

#include <fmt/format.h>

#include <filesystem>

#include "aws/crypto.h"
#include "base/base64.h"
#include "base/file.h"
#include "base/subprocess.h"

namespace spotrun {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

Status MakeKey(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return Status::Internal(fmt::format("cannot create {}: {}", path, ec.message()));
  SubprocessOptions o;
  o.argv = {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "spotrun", "-f", path};
  o.timeout = std::chrono::seconds(30);
  Result<SubprocessResult> r = RunSubprocess(o);
  if (!r.ok()) {
    return r.status().WithHint(
        "install openssh-client (ssh-keygen), or set ssh_key with "
        "`spotrun config set ssh_key PATH`");
  }
  if (!r->success()) {
    return Status::Internal(
        fmt::format("ssh-keygen could not make {}: {}", path, Trim(r->stderr_text)));
  }
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  return Status::Ok();
}

}  // namespace

Result<SshIdentity> ReadSshIdentity(const std::string& private_key_path) {
  std::string pub_path = private_key_path + ".pub";
  if (!std::filesystem::exists(private_key_path)) {
    return Status::NotFound(fmt::format("ssh key {} does not exist", private_key_path),
                            "point ssh_key at an existing key (`spotrun config set ssh_key "
                            "PATH`), or unset it to let spotrun make its own");
  }
  Result<std::string> pub = ReadFile(pub_path);
  if (!pub.ok()) {
    return Status::NotFound(
        fmt::format("ssh key {} has no public half {}", private_key_path, pub_path),
        fmt::format("write it with: ssh-keygen -y -f {} > {}", private_key_path, pub_path));
  }
  SshIdentity id;
  id.private_key_path = private_key_path;
  id.public_key = Trim(*pub);
  // "TYPE BASE64 [COMMENT]": the fingerprint is over the decoded blob.
  size_t a = id.public_key.find(' ');
  size_t b = a == std::string::npos ? a : id.public_key.find(' ', a + 1);
  std::optional<std::string> blob =
      a == std::string::npos ? std::nullopt
                             : Base64Decode(id.public_key.substr(
                                   a + 1, b == std::string::npos ? std::string::npos : b - a - 1));
  if (!blob || blob->empty()) {
    return Status::InvalidArgument(fmt::format("{} is not an OpenSSH public key", pub_path),
                                   "it should be one line: TYPE BASE64 [COMMENT]");
  }
  Sha256Digest digest = Sha256(*blob);
  std::string raw(digest.view());
  std::string b64 = Base64Encode(raw);
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  id.fingerprint = "SHA256:" + b64;
  id.key_pair_name = "spotrun-" + HexEncode(raw).substr(0, 8);
  return id;
}

Result<SshIdentity> ResolveSshIdentity(const SshIdentityPlaces& places) {
  if (!places.configured_key.empty()) return ReadSshIdentity(ExpandHome(places.configured_key));
  std::string user_key = places.home + "/.ssh/id_ed25519";
  if (std::filesystem::exists(user_key) && std::filesystem::exists(user_key + ".pub")) {
    return ReadSshIdentity(user_key);
  }
  std::string own = places.config_dir + "/id_ed25519";
  if (!std::filesystem::exists(own)) SPOTRUN_RETURN_IF_ERROR(MakeKey(own));
  return ReadSshIdentity(own);
}

}  // namespace spotrun
