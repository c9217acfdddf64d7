// SshIdentity: the ssh key spotrun logs in with and the EC2 key pair that carries its public
// half. Chosen in this order: the configured key (settings ssh_key), the user's
// ~/.ssh/id_ed25519, else spotrun's own key in its config directory, made once with
// ssh-keygen (0600). The key pair's name derives from the key's fingerprint, so each key is
// imported once per region and a changed key never reuses a stale key pair. Stateless.
#ifndef SPOTRUN_CLOUD_SSH_IDENTITY_H_
#define SPOTRUN_CLOUD_SSH_IDENTITY_H_

#include <string>
#include <string_view>

#include "base/result.h"

namespace spotrun {

struct SshIdentity {
  std::string private_key_path{};
  std::string public_key{};     // the .pub file's line, e.g. "ssh-ed25519 AAAA… comment"
  std::string fingerprint{};    // OpenSSH's "SHA256:…" (base64 without padding)
  std::string key_pair_name{};  // "spotrun-" + first 8 hex digits of the key's SHA-256
};

struct SshIdentityPlaces {
  std::string configured_key{};  // settings ssh_key; empty when unset
  std::string home{};            // the user's home (for ~/.ssh/id_ed25519)
  std::string config_dir{};      // spotrun's own directory (~/.config/spotrun)
};

// The identity to use; makes spotrun's own key when no other exists. A configured key that
// is missing, or has no .pub beside it, is an error saying which file and what to do.
Result<SshIdentity> ResolveSshIdentity(const SshIdentityPlaces& places);

// Reads KEY.pub for the private key KEY.
Result<SshIdentity> ReadSshIdentity(const std::string& private_key_path);

}  // namespace spotrun

#endif  // SPOTRUN_CLOUD_SSH_IDENTITY_H_
