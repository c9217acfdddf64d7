#include "http/tls_stream.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

namespace spotrun {
namespace {

constexpr std::string_view kTlsHint =
    "check the endpoint URL, the system clock and the trusted CA certificates (package "
    "ca-certificates, or a private CA bundle in AWS_CA_BUNDLE)";

std::string MbedtlsError(int code) {
  char text[200] = "";
  mbedtls_strerror(code, text, sizeof(text));
  return fmt::format("{} (mbedTLS -0x{:04x})", text, static_cast<unsigned>(-code));
}

// What mbedtls_x509_crt_verify_info says about `flags`, one line: "a; b".
std::string VerifyFailures(uint32_t flags) {
  char text[1024] = "";
  mbedtls_x509_crt_verify_info(text, sizeof(text), "", flags);
  std::string joined;
  for (std::string_view rest = text; !rest.empty();) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    if (!line.empty()) joined.append(joined.empty() ? "" : "; ").append(line);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  }
  return joined.empty() ? fmt::format("verification flags 0x{:x}", flags) : joined;
}

// mbedTLS's transport callbacks over the non-blocking socket: "would block" becomes
// WANT_READ/WANT_WRITE, and the stream waits on the socket (bounded by its deadline)
// before calling mbedTLS again.
int SendCallback(void* context, const unsigned char* data, size_t size) {
  int fd = static_cast<SocketStream*>(context)->fd();
  for (;;) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n >= 0) return static_cast<int>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return MBEDTLS_ERR_SSL_WANT_WRITE;
    if (errno == EPIPE || errno == ECONNRESET) return MBEDTLS_ERR_NET_CONN_RESET;
    return MBEDTLS_ERR_NET_SEND_FAILED;
  }
}

int ReceiveCallback(void* context, unsigned char* buffer, size_t size) {
  int fd = static_cast<SocketStream*>(context)->fd();
  for (;;) {
    ssize_t n = ::recv(fd, buffer, size, 0);
    if (n >= 0) return static_cast<int>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return MBEDTLS_ERR_SSL_WANT_READ;
    if (errno == ECONNRESET) return MBEDTLS_ERR_NET_CONN_RESET;
    return MBEDTLS_ERR_NET_RECV_FAILED;
  }
}

// The address `host` spells as raw bytes (4 for IPv4, 16 for IPv6); empty for a name.
std::string IpAddressBytes(const std::string& host) {
  unsigned char bytes[16];
  if (::inet_pton(AF_INET, host.c_str(), bytes) == 1) return std::string(bytes, bytes + 4);
  if (::inet_pton(AF_INET6, host.c_str(), bytes) == 1) return std::string(bytes, bytes + 16);
  return "";
}

// Verification callback for hosts given as IP addresses, which mbedTLS 2.28 would compare
// with the certificate's DNS names only: the server's certificate must list the address among
// its subject alternative names (iPAddress entries), as RFC 6125 and libcurl require. The
// chain itself is verified by mbedTLS as for names.
int VerifyIpAddress(void* context, mbedtls_x509_crt* certificate, int depth, uint32_t* flags) {
  if (depth != 0) return 0;
  const auto& address = *static_cast<const std::string*>(context);
  for (const mbedtls_x509_sequence* name = &certificate->subject_alt_names; name != nullptr;
       name = name->next) {
    if (name->buf.tag == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_X509_SAN_IP_ADDRESS) &&
        name->buf.len == address.size() &&
        std::memcmp(name->buf.p, address.data(), address.size()) == 0) {
      return 0;
    }
  }
  *flags |= MBEDTLS_X509_BADCERT_CN_MISMATCH;
  return 0;
}

}  // namespace

struct TlsTrust::State {
  State() {
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&random);
    mbedtls_x509_crt_init(&authorities);
    mbedtls_ssl_config_init(&config);
  }
  ~State() {
    mbedtls_ssl_config_free(&config);
    mbedtls_x509_crt_free(&authorities);
    mbedtls_ctr_drbg_free(&random);
    mbedtls_entropy_free(&entropy);
  }
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context random;
  mbedtls_x509_crt authorities;
  mbedtls_ssl_config config;
};

TlsTrust::TlsTrust(std::string ca_file, std::unique_ptr<State> state)
    : ca_file_(std::move(ca_file)), state_(std::move(state)) {}

TlsTrust::~TlsTrust() = default;

Result<std::unique_ptr<TlsTrust>> TlsTrust::Load(const std::string& ca_file) {
  const std::string path = ca_file.empty() ? kSystemCaFile : ca_file;
  auto state = std::make_unique<State>();
  // A positive result counts certificates that did not parse (a bundle may hold a few
  // mbedTLS cannot read); the rest are trusted. None at all is an error.
  int rc = mbedtls_x509_crt_parse_file(&state->authorities, path.c_str());
  if (rc < 0 || state->authorities.version == 0) {
    return Status::Unavailable(
        fmt::format("could not load the trusted CA certificates from {}: {}", path,
                    rc < 0 ? MbedtlsError(rc) : "no certificate in it"),
        ca_file.empty() ? "install the system CA bundle (apt-get install ca-certificates)"
                        : "check the CA bundle file (AWS_CA_BUNDLE): it must be PEM "
                          "certificates");
  }
  static constexpr std::string_view kPersonalization = "spotrun http";
  rc = mbedtls_ctr_drbg_seed(&state->random, mbedtls_entropy_func, &state->entropy,
                             reinterpret_cast<const unsigned char*>(kPersonalization.data()),
                             kPersonalization.size());
  if (rc != 0) {
    return Status::Unavailable(
        fmt::format("could not seed the TLS random number generator: {}", MbedtlsError(rc)));
  }
  mbedtls_ssl_config& config = state->config;
  rc = mbedtls_ssl_config_defaults(&config, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                   MBEDTLS_SSL_PRESET_DEFAULT);
  if (rc != 0) {
    return Status::Internal(fmt::format("could not configure TLS: {}", MbedtlsError(rc)));
  }
  mbedtls_ssl_conf_min_version(&config, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
  mbedtls_ssl_conf_authmode(&config, MBEDTLS_SSL_VERIFY_REQUIRED);  // never anything else
  mbedtls_ssl_conf_ca_chain(&config, &state->authorities, nullptr);
  mbedtls_ssl_conf_rng(&config, mbedtls_ctr_drbg_random, &state->random);
  return std::unique_ptr<TlsTrust>(new TlsTrust(path, std::move(state)));
}

struct TlsStream::Session {
  Session() { mbedtls_ssl_init(&ssl); }
  ~Session() { mbedtls_ssl_free(&ssl); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  mbedtls_ssl_context ssl;
  std::string ip_address;  // the host's address bytes when it is an IP literal
};

TlsStream::TlsStream(std::unique_ptr<SocketStream> socket, std::unique_ptr<Session> session)
    : socket_(std::move(socket)), session_(std::move(session)) {}

TlsStream::~TlsStream() {
  // Best effort, without waiting: the socket closes right after.
  mbedtls_ssl_close_notify(&session_->ssl);
}

Result<std::unique_ptr<TlsStream>> TlsStream::Handshake(const TlsTrust& trust,
                                                        std::unique_ptr<SocketStream> socket,
                                                        const std::string& host,
                                                        SteadyTime deadline) {
  auto session = std::make_unique<Session>();
  mbedtls_ssl_context& ssl = session->ssl;
  int rc = mbedtls_ssl_setup(&ssl, &trust.state_->config);
  session->ip_address = IpAddressBytes(host);
  if (session->ip_address.empty()) {
    if (rc == 0) rc = mbedtls_ssl_set_hostname(&ssl, host.c_str());  // SNI and name check
  } else {
    // No SNI for addresses (RFC 6066); the callback checks the address instead.
    mbedtls_ssl_set_verify(&ssl, VerifyIpAddress, &session->ip_address);
  }
  if (rc != 0) {
    return Status::Internal(fmt::format("could not set up TLS: {}", MbedtlsError(rc)));
  }
  mbedtls_ssl_set_bio(&ssl, socket.get(), SendCallback, ReceiveCallback, nullptr);
  while ((rc = mbedtls_ssl_handshake(&ssl)) != 0) {
    if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
      Status ready = socket->Wait(rc == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT, deadline);
      if (ready.kind() == ErrorKind::kDeadlineExceeded) {
        return Status::DeadlineExceeded(
            fmt::format("timed out in the TLS handshake with {}", host));
      }
      SPOTRUN_RETURN_IF_ERROR(ready);
      continue;
    }
    if (rc == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
      return Status::Unavailable(
          fmt::format("TLS certificate verification failed: the certificate of {} was "
                      "rejected ({}; trusted CAs from {})",
                      host, VerifyFailures(mbedtls_ssl_get_verify_result(&ssl)), trust.ca_file()),
          kTlsHint);
    }
    return Status::Unavailable(
        fmt::format("TLS handshake with {} failed: {}", host, MbedtlsError(rc)), kTlsHint);
  }
  return std::unique_ptr<TlsStream>(new TlsStream(std::move(socket), std::move(session)));
}

Result<size_t> TlsStream::Read(char* buffer, size_t size, SteadyTime deadline) {
  for (;;) {
    int rc = mbedtls_ssl_read(&session_->ssl, reinterpret_cast<unsigned char*>(buffer), size);
    if (rc > 0) return static_cast<size_t>(rc);
    // A close without close_notify (CONN_EOF) is a plain end of stream here: the HTTP reader
    // checks that every delimited body arrived whole.
    if (rc == 0 || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || rc == MBEDTLS_ERR_SSL_CONN_EOF) {
      return size_t{0};
    }
    if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
      SPOTRUN_RETURN_IF_ERROR(
          socket_->Wait(rc == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT, deadline));
      continue;
    }
    return Status::Unavailable(fmt::format("TLS read failed: {}", MbedtlsError(rc)));
  }
}

Status TlsStream::Write(std::string_view data, SteadyTime deadline) {
  while (!data.empty()) {
    int rc = mbedtls_ssl_write(&session_->ssl, reinterpret_cast<const unsigned char*>(data.data()),
                               data.size());
    if (rc >= 0) {
      data.remove_prefix(static_cast<size_t>(rc));
      continue;
    }
    if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
      // mbedTLS wants the same call repeated once the socket is ready.
      SPOTRUN_RETURN_IF_ERROR(
          socket_->Wait(rc == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT, deadline));
      continue;
    }
    return Status::Unavailable(fmt::format("TLS write failed: {}", MbedtlsError(rc)));
  }
  return Status::Ok();
}

bool TlsStream::ReadableWhileIdle() {
  return mbedtls_ssl_get_bytes_avail(&session_->ssl) > 0 || socket_->ReadableWhileIdle();
}

}  // namespace spotrun
