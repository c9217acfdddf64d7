// TlsStream: a ByteStream of TLS (mbedTLS, TLS 1.2) over a SocketStream, client side, with
// the server's certificate always verified: against the trusted CAs and for the host name
// (which is also sent as SNI). TlsTrust holds what every handshake of one client shares:
// the parsed CA certificates, a CTR_DRBG seeded once, and the mbedTLS configuration. A
// TlsTrust must outlive its streams. Neither is thread-safe: one owner, one thread.
#ifndef SPOTRUN_HTTP_TLS_STREAM_H_
#define SPOTRUN_HTTP_TLS_STREAM_H_

#include <memory>
#include <string>

#include "base/result.h"
#include "http/byte_stream.h"
#include "http/socket_stream.h"

namespace spotrun {

class TlsTrust {
 public:
  // The Debian system bundle (package ca-certificates).
  static constexpr const char* kSystemCaFile = "/etc/ssl/certs/ca-certificates.crt";

  // Parses the PEM bundle `ca_file` (kSystemCaFile when empty) and seeds the random number
  // generator. kUnavailable when the file is missing or holds no usable certificate.
  static Result<std::unique_ptr<TlsTrust>> Load(const std::string& ca_file);
  ~TlsTrust();
  TlsTrust(const TlsTrust&) = delete;
  TlsTrust& operator=(const TlsTrust&) = delete;

  const std::string& ca_file() const { return ca_file_; }

 private:
  friend class TlsStream;
  struct State;  // mbedTLS contexts, hidden so callers need no mbedTLS headers
  TlsTrust(std::string ca_file, std::unique_ptr<State> state);
  std::string ca_file_;
  std::unique_ptr<State> state_;
};

class TlsStream final : public ByteStream {
 public:
  // Runs the handshake over `socket` for `host`: a DNS name (sent as SNI, matched against
  // the certificate's DNS names) or an IPv4/IPv6 literal (matched against its IP address
  // names). Errors: kUnavailable naming mbedTLS's reason (for a rejected certificate, what is
  // wrong with it), kDeadlineExceeded.
  static Result<std::unique_ptr<TlsStream>> Handshake(const TlsTrust& trust,
                                                      std::unique_ptr<SocketStream> socket,
                                                      const std::string& host, SteadyTime deadline);
  ~TlsStream() override;
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  Result<size_t> Read(char* buffer, size_t size, SteadyTime deadline) override;
  Status Write(std::string_view data, SteadyTime deadline) override;
  bool ReadableWhileIdle() override;

 private:
  struct Session;  // the mbedtls_ssl_context
  TlsStream(std::unique_ptr<SocketStream> socket, std::unique_ptr<Session> session);
  std::unique_ptr<SocketStream> socket_;
  std::unique_ptr<Session> session_;
};

}  // namespace spotrun

#endif  // SPOTRUN_HTTP_TLS_STREAM_H_
