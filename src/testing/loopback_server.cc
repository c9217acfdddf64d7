#include "testing/loopback_server.h"

#include <gtest/gtest.h>

#include <utility>

namespace spotrun::testing {
namespace {

HttpServer::Options OnLoopback(HttpServer::Options options) {
  options.host = "127.0.0.1";
  options.port = 0;
  options.keep_alive_timeout = std::chrono::seconds(1);  // bounds Stop() with idle clients
  return options;
}

}  // namespace

LoopbackServer::LoopbackServer() : LoopbackServer(HttpServer::Options()) {}

LoopbackServer::LoopbackServer(HttpServer::Options options) : server_(OnLoopback(options)) {
  server_.SetHandler([this](const HttpRequest& request) { return Answer(request); });
  Result<int> port = server_.Start();
  if (!port.ok()) ADD_FAILURE() << "LoopbackServer failed to start: " << port.status().ToString();
}

LoopbackServer::~LoopbackServer() { server_.Stop(); }

void LoopbackServer::Enqueue(HttpResponse response) {
  std::lock_guard<std::mutex> lock(mu_);
  script_.push_back(std::move(response));
}

void LoopbackServer::Enqueue(int status, std::string body, HttpHeaders headers) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  Enqueue(std::move(response));
}

void LoopbackServer::EnqueueDroppedConnection(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.drop_connection = true;
  Enqueue(std::move(response));
}

void LoopbackServer::SetHandler(HttpHandler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  handler_ = std::move(handler);
}

std::string LoopbackServer::Url(std::string_view path_and_query) const {
  return base_url() + std::string(path_and_query);
}

std::vector<HttpRequest> LoopbackServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

int LoopbackServer::request_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(requests_.size());
}

int LoopbackServer::pending_responses() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(script_.size());
}

HttpResponse LoopbackServer::Answer(const HttpRequest& request) {
  HttpHandler handler;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(request);
    if (!script_.empty()) {
      HttpResponse response = std::move(script_.front());
      script_.pop_front();
      return response;
    }
    handler = handler_;
  }
  if (handler) return handler(request);
  HttpResponse response;
  response.status = 500;
  response.headers.emplace_back("Content-Type", "text/plain");
  response.body =
      "LoopbackServer: no scripted response left for " + request.method + " " + request.url + "\n";
  return response;
}

}  // namespace spotrun::testing
