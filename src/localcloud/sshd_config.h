// The text of an instance's sshd_config and of its session wrapper, the ForceCommand every
// ssh session runs through. Pure functions of their settings, so the exact files are tested
// without starting sshd. Thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_SSHD_CONFIG_H_
#define SPOTRUN_LOCALCLOUD_SSHD_CONFIG_H_

#include <map>
#include <string>
#include <string_view>

namespace spotrun {

struct SshdSettings {
  std::string address;  // ListenAddress
  int port = 22;
  std::string login_user;  // AllowUsers: the only account that may log in
  // Absolute paths, all inside the instance root. None may hold whitespace, '"' or '%'
  // (sshd would split or expand them); SshdPathUsable checks.
  std::string host_key_file;
  std::string authorized_keys_file;
  std::string pid_file;
  std::string session_wrapper;
  // The instance's home: sshd's own environment for the session (SetEnv HOME), so the login
  // shell that runs the ForceCommand reads the instance's dotfiles, not the host account's
  // (Debian's bash sources ~/.bashrc under sshd even for `bash -c`). Empty: none set.
  std::string home;
  std::string sftp_server = "/usr/lib/openssh/sftp-server";
};

std::string RenderSshdConfig(const SshdSettings& settings);

// A /bin/sh script: exports `environment` and HOME=`home`, enters `home`, then runs
// $SSH_ORIGINAL_COMMAND with the user's shell (`$SHELL -c`), or a login shell when there
// is none — so `ssh host cmd`, interactive ssh, scp/sftp and rsync all run inside the
// instance's home with its environment.
std::string RenderSessionWrapper(std::string_view home,
                                 const std::map<std::string, std::string>& environment);

// `text` in single quotes for /bin/sh: 'it'\''s'.
std::string ShellQuote(std::string_view text);

// False when `path` holds characters sshd_config cannot carry verbatim.
bool SshdPathUsable(std::string_view path);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_SSHD_CONFIG_H_
