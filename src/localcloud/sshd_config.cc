#include "localcloud/sshd_config.h"

#include <fmt/format.h>

namespace spotrun {

std::string RenderSshdConfig(const SshdSettings& s) {
  // Everything the instance needs is spelled out: this file never includes the system's
  // /etc/ssh/sshd_config, so nothing from the host machine's sshd setup leaks in.
  return fmt::format(
      "# sshd of one spotrun local-cloud instance; written at every boot.\n"
      "ListenAddress {address}\n"
      "Port {port}\n"
      "HostKey {host_key}\n"
      "PidFile {pid_file}\n"
      "AllowUsers {user}\n"
      "AuthenticationMethods publickey\n"
      "PubkeyAuthentication yes\n"
      "AuthorizedKeysFile {authorized_keys}\n"
      "PasswordAuthentication no\n"
      "KbdInteractiveAuthentication no\n"
      "PermitRootLogin prohibit-password\n"
      "PermitUserEnvironment no\n"
      "UsePAM no\n"
      "StrictModes no\n"
      "UseDNS no\n"
      "PrintMotd no\n"
      "PrintLastLog no\n"
      "X11Forwarding no\n"
      "AllowTcpForwarding yes\n"
      "AllowStreamLocalForwarding no\n"
      "GatewayPorts no\n"
      "PermitTunnel no\n"
      "{set_home}"
      "ForceCommand {wrapper}\n"
      "Subsystem sftp {sftp}\n"
      "LogLevel INFO\n",
      fmt::arg("address", s.address), fmt::arg("port", s.port),
      fmt::arg("host_key", s.host_key_file), fmt::arg("pid_file", s.pid_file),
      fmt::arg("user", s.login_user), fmt::arg("authorized_keys", s.authorized_keys_file),
      fmt::arg("wrapper", s.session_wrapper), fmt::arg("sftp", s.sftp_server),
      fmt::arg("set_home", s.home.empty() ? std::string() : "SetEnv HOME=" + s.home + "\n"));
}

std::string ShellQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string RenderSessionWrapper(std::string_view home,
                                 const std::map<std::string, std::string>& environment) {
  std::string script =
      "#!/bin/sh\n"
      "# ForceCommand of this spotrun local-cloud instance: every ssh session (shell, command,\n"
      "# scp/sftp, rsync) runs in the instance's home with the instance's environment.\n";
  script += "export HOME=" + ShellQuote(home) + "\n";
  for (const auto& [name, value] : environment) {
    script += "export " + name + "=" + ShellQuote(value) + "\n";
  }
  script +=
      "cd \"$HOME\" || exit 1\n"
      "if [ -n \"$SSH_ORIGINAL_COMMAND\" ]; then\n"
      "  exec \"${SHELL:-/bin/sh}\" -c \"$SSH_ORIGINAL_COMMAND\"\n"
      "fi\n"
      "exec \"${SHELL:-/bin/sh}\" -l\n";
  return script;
}

bool SshdPathUsable(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  for (char c : path) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '%' || c == '\'' || c == '\\') {
      return false;
    }
  }
  return true;
}

}  // namespace spotrun
