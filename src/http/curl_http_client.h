// CurlHttpClient: the real HttpClient, over libcurl. It owns one CURL easy handle, so
// requests to the same host reuse the open TCP/TLS connection. TLS peer and host
// verification are always on. Thread-compatible: use one client per thread (a shared client
// needs external locking).
#ifndef SPOTRUN_HTTP_CURL_HTTP_CLIENT_H_
#define SPOTRUN_HTTP_CURL_HTTP_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>

#include "base/result.h"
#include "http/http_client.h"
#include "http/http_types.h"

namespace spotrun {

// Proxies: libcurl reads the standard environment itself for every request — `http_proxy`
// (lower case only, as curl does), `https_proxy`/`HTTPS_PROXY`, `all_proxy`/`ALL_PROXY` and
// `no_proxy`/`NO_PROXY` — and nothing here overrides that, except that loopback hosts
// (localhost, 127.0.0.0/8, [::1]) always go direct: a proxy could never reach them.
//
// Redirects are not followed (AWS answers 301/307 with a body that explains the region);
// only http and https URLs are allowed. An Expect: 100-continue header is never added
// unless the request carries one.
class CurlHttpClient final : public HttpClient {
 public:
  struct Options {
    // Time to establish the TCP connection and the TLS handshake, for requests whose
    // connect_timeout is zero. Default 5 s.
    std::chrono::milliseconds connect_timeout{5000};
    // Time for the whole exchange, connecting included, for requests whose total_timeout is
    // zero. Default 60 s.
    std::chrono::milliseconds total_timeout{60000};
    // PEM file of trusted CA certificates. Default empty: libcurl's built-in bundle (on
    // Debian the system store, /etc/ssl/certs/ca-certificates.crt). Set it for a private
    // CA (this is where AWS_CA_BUNDLE belongs); it never turns verification off.
    std::string ca_file;
    // Ask for gzip/deflate/br/zstd responses and decode them; the response body is always
    // the decoded one. Default true (EC2 listings compress about tenfold).
    bool accept_compressed = true;
    // User-Agent header unless the request sets one. Default empty: "spotrun/VERSION".
    std::string user_agent;
  };

  CurlHttpClient();
  explicit CurlHttpClient(Options options);
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  // Any HTTP status is a success. Transport failures: kUnavailable (refused, reset, broken
  // transfer, DNS, TLS), kDeadlineExceeded (timeouts); a malformed URL or header:
  // kInvalidArgument. Messages never include the URL's query (it may hold a presigned
  // signature or token).
  Result<HttpResponse> Send(const HttpRequest& request) override;

  const Options& options() const { return options_; }

 private:
  struct Handle;  // the CURL easy handle, hidden so callers need no curl headers
  Options options_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace spotrun

#endif  // SPOTRUN_HTTP_CURL_HTTP_CLIENT_H_
