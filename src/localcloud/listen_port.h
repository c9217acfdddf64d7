// Ports on an instance's own loopback address: which port a server there can listen on,
// and whether something accepts connections on it yet. Stateless; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_LISTEN_PORT_H_
#define SPOTRUN_LOCALCLOUD_LISTEN_PORT_H_

#include <chrono>
#include <string_view>

#include "base/result.h"

namespace spotrun {

// `preferred` when this process can bind `address`:`preferred` now (e.g. port 22 needs
// root and no other server on it or on 0.0.0.0:22), else a free port the kernel picks.
// The port is released again: whoever binds it next (sshd) races only other programs.
Result<int> PickListenPort(std::string_view address, int preferred);

// True when a TCP connection to address:port succeeds within `timeout`.
bool AcceptsConnections(std::string_view address, int port,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(500));

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_LISTEN_PORT_H_
