#include "http/http_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include <charconv>
#include <exception>
#include <future>
#include <mutex>
#include <utility>

#include "base/log.h"

namespace spotrun {
namespace {

// httplib's thread pool, counting the connections it is handed: the accept loop enqueues
// one task per accepted socket. httplib creates the queue once the loop is running, which
// is the moment Start waits for.
class CountingTaskQueue final : public httplib::TaskQueue {
 public:
  CountingTaskQueue(size_t threads, std::atomic<int>& accepted)
      : pool_(threads), accepted_(accepted) {}
  void enqueue(std::function<void()> task) override {
    accepted_.fetch_add(1);
    pool_.enqueue(std::move(task));
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  std::atomic<int>& accepted_;
};

// Fires once, whichever of "accept loop running" and "listen returned" comes first.
class Latch {
 public:
  void Signal() {
    std::call_once(once_, [this] { promise_.set_value(); });
  }
  void Wait() { promise_.get_future().wait(); }

 private:
  std::once_flag once_;
  std::promise<void> promise_;
};

// httplib's default adds SO_REUSEPORT, which would let a second server silently share a
// busy port; SO_REUSEADDR alone only allows rebinding over TIME_WAIT.
void ReuseAddressOnly(int sock) {
  int yes = 1;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

bool IsSyntheticHeader(const std::string& name) {
  // httplib adds these to every request; the client never sent them.
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

HttpRequest FromHttplib(const httplib::Request& in) {
  HttpRequest out;
  out.method = in.method;
  out.url = in.target;
  size_t question = in.target.find('?');
  out.path = in.target.substr(0, question);
  if (question != std::string::npos) out.query = in.target.substr(question + 1);
  for (const auto& [name, value] : in.headers) {
    if (!IsSyntheticHeader(name)) out.headers.emplace_back(name, value);
  }
  out.body = in.body;
  return out;
}

void ToHttplib(const HttpRequest& request, const HttpResponse& in, httplib::Response& out) {
  out.status = in.status;
  std::string content_type = in.Header("Content-Type").value_or("");
  for (const auto& [name, value] : in.headers) {
    if (HeaderNameEquals(name, "Content-Length") || HeaderNameEquals(name, "Transfer-Encoding") ||
        HeaderNameEquals(name, "Content-Type")) {
      continue;
    }
    out.set_header(name, value);
  }
  if (content_type.empty()) content_type = "application/octet-stream";
  if (in.drop_connection) {
    // Chunked, so the client cannot know the length; the provider writes half the body and
    // then fails, and httplib closes the connection without the final chunk.
    std::string half = in.body.substr(0, in.body.size() / 2);
    out.set_chunked_content_provider(
        content_type, [half = std::move(half)](size_t offset, httplib::DataSink& sink) {
          if (offset == 0 && !half.empty()) sink.write(half.data(), half.size());
          return false;
        });
  } else if (!in.body.empty()) {
    out.set_content(in.body, content_type);
  } else if (std::optional<std::string> length = in.Header("Content-Length");
             length && request.method == "HEAD") {
    // A HEAD answer tells the length of what GET would send (S3's HeadObject); httplib sends
    // a provider's length and, for HEAD, never calls it.
    size_t bytes = 0;
    std::from_chars(length->data(), length->data() + length->size(), bytes);
    out.set_content_provider(bytes, content_type,
                             [](size_t, size_t, httplib::DataSink&) { return false; });
  } else if (in.Header("Content-Type")) {
    out.set_header("Content-Type", content_type);
  }
}

HttpResponse PlainResponse(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/plain");
  response.body = std::move(body);
  return response;
}

}  // namespace

HttpServer::HttpServer(Options options) : options_(std::move(options)) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::SetHandler(HttpHandler handler) { handler_ = std::move(handler); }

HttpResponse HttpServer::Dispatch(const HttpRequest& request) const {
  if (!handler_) return PlainResponse(501, "no handler installed\n");
  try {
    HttpResponse response = handler_(request);
    if (response.status < 100 || response.status > 599) {
      LogError("http server: handler answered {} {} with invalid status {}", request.method,
               request.path, response.status);
      return PlainResponse(500, "internal error: invalid status\n");
    }
    return response;
  } catch (const std::exception& e) {
    LogError("http server: handler failed on {} {}: {}", request.method, request.path, e.what());
  } catch (...) {
    LogError("http server: handler failed on {} {}: unknown exception", request.method,
             request.path);
  }
  return PlainResponse(500, "internal error\n");
}

Result<int> HttpServer::Start() {
  if (server_ != nullptr) return Status::FailedPrecondition("the HTTP server is already running");
  const bool tls = !options_.tls_certificate_file.empty() || !options_.tls_private_key_file.empty();
  if (tls) {
    if (options_.tls_certificate_file.empty() || options_.tls_private_key_file.empty()) {
      return Status::InvalidArgument("HTTPS needs both a certificate and a private key file");
    }
    server_ = std::make_unique<httplib::SSLServer>(options_.tls_certificate_file.c_str(),
                                                   options_.tls_private_key_file.c_str());
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  if (!server_->is_valid()) {
    server_.reset();
    return Status::InvalidArgument(
        fmt::format("cannot load the TLS certificate {} and key {}", options_.tls_certificate_file,
                    options_.tls_private_key_file),
        "check that both are readable PEM files and that the key matches the certificate");
  }

  auto handle = [this](const httplib::Request& in, httplib::Response& out) {
    HttpRequest request = FromHttplib(in);
    HttpResponse response = Dispatch(request);
    LogDebug("http server: {} {} -> {}", request.method, request.path, response.status);
    ToHttplib(request, response, out);
  };
  const std::string any = R"([\s\S]*)";  // every path, even with decoded line breaks
  // httplib routes HEAD to the GET handlers (and sends no body).
  server_->Get(any, handle);
  server_->Post(any, handle);
  server_->Put(any, handle);
  server_->Patch(any, handle);
  server_->Delete(any, handle);
  server_->Options(any, handle);
  // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112
  // §6.3), but httplib 0.11 reads a POST/PUT/PATCH/DELETE body until the connection closes
  // and answers 400 after its read timeout. `curl -X PUT URL` (the documented way to get an
  // IMDSv2 token) sends exactly that, so such requests are answered before httplib reads.
  const bool compress = options_.compress_responses;
  server_->set_pre_routing_handler([handle, compress](const httplib::Request& in,
                                                      httplib::Response& out) {
    // httplib decides to compress from the request's Accept-Encoding after routing, so
    // without compression the header goes here. (The request object is httplib's own
    // non-const local; only the reference is const.)
    if (!compress) const_cast<httplib::Request&>(in).headers.erase("Accept-Encoding");
    // Handlers answer a Range header themselves (S3's GetObject); httplib would cut their
    // answer again.
    const_cast<httplib::Request&>(in).ranges.clear();
    const bool may_have_body =
        in.method == "POST" || in.method == "PUT" || in.method == "PATCH" || in.method == "DELETE";
    if (!may_have_body || in.has_header("Content-Length") || in.has_header("Transfer-Encoding")) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    handle(in, out);
    return httplib::Server::HandlerResponse::Handled;
  });
  server_->set_exception_handler(
      [](const httplib::Request& in, httplib::Response& out, std::exception_ptr) {
        LogError("http server: exception while serving {} {}", in.method, in.path);
        out.status = 500;
      });
  server_->set_socket_options(&ReuseAddressOnly);
  server_->set_keep_alive_timeout(options_.keep_alive_timeout.count());
  server_->set_keep_alive_max_count(static_cast<size_t>(options_.keep_alive_max_requests));
  server_->set_tcp_nodelay(true);  // otherwise Nagle + delayed ACK add ~40 ms per reused request
  auto running = std::make_shared<Latch>();
  server_->new_task_queue = [this, running] {
    running->Signal();
    return new CountingTaskQueue(static_cast<size_t>(options_.threads), connections_accepted_);
  };

  int port = options_.port;
  if (port == 0) {
    port = server_->bind_to_any_port(options_.host);
  } else if (!server_->bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    server_.reset();
    return Status::FailedPrecondition(
        fmt::format("cannot listen on {}:{}", options_.host, options_.port),
        "the port is probably taken by another program: choose another port (0 picks a free "
        "one) or stop that program; also check the address");
  }
  listener_ = std::thread([this, running] {
    if (!server_->listen_after_bind()) LogError("http server: the accept loop failed");
    running->Signal();
  });
  running->Wait();
  port_ = port;
  LogDebug("http server: listening on {}", base_url());
  return port;
}

void HttpServer::Stop() {
  if (server_ == nullptr) return;
  server_->stop();
  if (listener_.joinable()) listener_.join();
  server_.reset();
}

std::string HttpServer::base_url() const {
  const bool tls = !options_.tls_certificate_file.empty();
  const bool ipv6 = options_.host.find(':') != std::string::npos;
  return fmt::format("{}://{}{}{}:{}", tls ? "https" : "http", ipv6 ? "[" : "", options_.host,
                     ipv6 ? "]" : "", port_);
}

}  // namespace spotrun
