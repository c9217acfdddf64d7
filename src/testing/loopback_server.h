// LoopbackServer: an HttpServer on 127.0.0.1 (a free port) for tests of HTTP clients. It
// records every request and answers from a script: queued responses first, in order, then
// the handler if one is set, else 500 "no scripted response left". Fault injection: queue
// a response with drop_connection (EnqueueDroppedConnection) to break the connection after
// the call took effect. Thread-safe; the handler runs on the server's threads, outside the
// lock, so it may block (e.g. on a promise the test fulfils) to play a slow server.
#ifndef SPOTRUN_TESTING_LOOPBACK_SERVER_H_
#define SPOTRUN_TESTING_LOOPBACK_SERVER_H_

#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_server.h"
#include "http/http_types.h"

namespace spotrun::testing {

class LoopbackServer {
 public:
  // Starts at once; a failure to start fails the current test (ADD_FAILURE) and leaves
  // port() at 0. `options` may add TLS files; host and port are forced to 127.0.0.1:0 and
  // the keep-alive timeout to 1 s (so destruction never waits long for idle clients).
  LoopbackServer();
  explicit LoopbackServer(HttpServer::Options options);
  ~LoopbackServer();  // stops: in-flight handlers must be able to return

  // Queues the answer to one future request.
  void Enqueue(HttpResponse response);
  void Enqueue(int status, std::string body = "", HttpHeaders headers = {});
  // Queues an answer whose status line and headers are sent, then the connection breaks
  // halfway through `body`: the client sees a transport failure on a call that happened.
  void EnqueueDroppedConnection(int status = 200, std::string body = "partial response");
  // Answers requests once the queue is empty.
  void SetHandler(HttpHandler handler);

  int port() const { return server_.port(); }
  // "http://127.0.0.1:PORT" (https with TLS options).
  std::string base_url() const { return server_.base_url(); }
  // base_url() + path_and_query, e.g. Url("/latest/api/token").
  std::string Url(std::string_view path_and_query) const;

  // Every request received so far, in arrival order (url is "/path?query", see HttpServer).
  std::vector<HttpRequest> requests() const;
  int request_count() const;
  // TCP connections accepted so far; equal to request_count() when nothing is reused.
  int connections_accepted() const { return server_.connections_accepted(); }
  // Queued responses not yet sent.
  int pending_responses() const;

 private:
  HttpResponse Answer(const HttpRequest& request);

  mutable std::mutex mu_;
  std::deque<HttpResponse> script_;
  HttpHandler handler_;
  std::vector<HttpRequest> requests_;
  HttpServer server_;  // last: stopped first, while the members above still exist
};

}  // namespace spotrun::testing

#endif  // SPOTRUN_TESTING_LOOPBACK_SERVER_H_
