#include "testing/loopback_http_client.h"

#include <fmt/format.h>
#include <httplib.h>

namespace spotrun::testing {

Result<HttpResponse> LoopbackHttpClient::Send(const HttpRequest& request) {
  constexpr std::string_view kScheme = "http://";
  std::string_view url = request.url;
  if (url.substr(0, kScheme.size()) != kScheme) {
    return Status::InvalidArgument(fmt::format("not a plain http URL: {}", request.url));
  }
  std::string_view rest = url.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string host_port(rest.substr(0, slash));
  std::string target(slash == std::string_view::npos ? "/" : rest.substr(slash));

  httplib::Client client("http://" + host_port);
  using std::chrono::milliseconds;
  milliseconds connect =
      request.connect_timeout.count() > 0 ? request.connect_timeout : milliseconds(5000);
  milliseconds total =
      request.total_timeout.count() > 0 ? request.total_timeout : milliseconds(30000);
  client.set_connection_timeout(connect);
  client.set_read_timeout(total);
  client.set_write_timeout(total);

  httplib::Request req;
  req.method = request.method;
  req.path = target;
  for (const auto& [name, value] : request.headers) req.set_header(name.c_str(), value);
  req.body = request.body;
  httplib::Result res = client.send(req);
  if (!res) {
    return Status::Unavailable(
        fmt::format("{} {}: {}", request.method, request.url, httplib::to_string(res.error())));
  }
  HttpResponse response;
  response.status = res->status;
  for (const auto& [name, value] : res->headers) response.headers.emplace_back(name, value);
  response.body = res->body;
  return response;
}

}  // namespace spotrun::testing
