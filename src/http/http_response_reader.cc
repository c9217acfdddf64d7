#include "http/http_response_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace spotrun {
namespace {

constexpr size_t kReadSize = 64 * 1024;
constexpr size_t kMaxLineSize = 64 * 1024;
constexpr int kMaxHeaderLines = 1000;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Whether the comma-separated list `value` holds `token` (case-insensitive), as in
// "Connection: keep-alive, close".
bool HasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    if (HeaderNameEquals(Trim(value.substr(0, comma)), token)) return true;
    value.remove_prefix(comma == std::string_view::npos ? value.size() : comma + 1);
  }
  return false;
}

Status Malformed(std::string_view what) {
  return Status::Unavailable(fmt::format("the server's answer is not valid HTTP/1.1 ({})", what));
}

}  // namespace

Status HttpResponseReader::Fill() {
  if (pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  }
  const size_t old_size = buffer_.size();
  buffer_.resize(old_size + kReadSize);
  Result<size_t> n = stream_.Read(buffer_.data() + old_size, kReadSize, deadline_);
  buffer_.resize(old_size + (n.ok() ? *n : 0));
  const std::string_view when =
      received_any_ ? "before the response was complete" : "before any response arrived";
  if (!n.ok()) {
    if (n.status().kind() != ErrorKind::kUnavailable) return n.status();
    return Status::Unavailable(
        fmt::format("the connection broke {} ({})", when, n.status().message()));
  }
  if (*n == 0) return Status::Unavailable(fmt::format("the connection closed {}", when));
  received_any_ = true;
  return Status::Ok();
}

Result<std::string> HttpResponseReader::ReadLine() {
  size_t searched = pos_;
  for (;;) {
    size_t end = buffer_.find('\n', searched);
    if (end != std::string::npos) {
      std::string_view line(buffer_.data() + pos_, end - pos_);
      if (line.ends_with('\r')) line.remove_suffix(1);
      std::string result(line);
      pos_ = end + 1;
      return result;
    }
    if (buffer_.size() - pos_ > kMaxLineSize) return Malformed("a header line over 64 KiB");
    // Fill may move the unread bytes to the front of the buffer.
    size_t searched_offset = buffer_.size() - pos_;
    SPOTRUN_RETURN_IF_ERROR(Fill());
    searched = pos_ + searched_offset;
  }
}

Status HttpResponseReader::ReadHeaderLines(HttpHeaders& headers) {
  for (int count = 0;; ++count) {
    if (count > kMaxHeaderLines) return Malformed("over 1000 header lines");
    SPOTRUN_ASSIGN_OR_RETURN(std::string line, ReadLine());
    if (line.empty()) return Status::Ok();
    if (line[0] == ' ' || line[0] == '\t') {  // obsolete line folding: continues a value
      if (headers.empty()) return Malformed("a continuation line before any header");
      headers.back().second.append(" ").append(Trim(line));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return Malformed("a header line without a name");
    std::string_view view(line);
    headers.emplace_back(std::string(Trim(view.substr(0, colon))),
                         std::string(Trim(view.substr(colon + 1))));
  }
}

Status HttpResponseReader::ReadHead(HttpResponse& response, bool& keep_alive) {
  for (;;) {
    SPOTRUN_ASSIGN_OR_RETURN(std::string line, ReadLine());
    // "HTTP/1.1 200 OK": version, a three-digit status, an optional reason.
    std::string_view view(line);
    if (!view.starts_with("HTTP/1.") || view.size() < 12 || view[8] != ' ' ||
        (view.size() > 12 && view[12] != ' ')) {
      return Malformed(fmt::format("status line \"{}\"", view.substr(0, 40)));
    }
    int status = 0;
    auto [end, error] = std::from_chars(view.data() + 9, view.data() + 12, status);
    if (error != std::errc() || end != view.data() + 12 || status < 100) {
      return Malformed(fmt::format("status line \"{}\"", view.substr(0, 40)));
    }
    response.status = status;
    response.headers.clear();
    SPOTRUN_RETURN_IF_ERROR(ReadHeaderLines(response.headers));
    if (status >= 100 && status < 200 && status != 101) continue;  // interim: 100 Continue
    const std::string connection = response.Header("Connection").value_or("");
    keep_alive =
        view[7] == '1' ? !HasToken(connection, "close") : HasToken(connection, "keep-alive");
    return Status::Ok();
  }
}

Status HttpResponseReader::ReadExactly(size_t size, std::string& out) {
  while (size > 0) {
    if (pos_ == buffer_.size()) SPOTRUN_RETURN_IF_ERROR(Fill());
    size_t take = std::min(size, buffer_.size() - pos_);
    out.append(buffer_, pos_, take);
    pos_ += take;
    size -= take;
  }
  return Status::Ok();
}

Status HttpResponseReader::ReadChunked(HttpResponse& response) {
  for (;;) {
    SPOTRUN_ASSIGN_OR_RETURN(std::string line, ReadLine());
    std::string_view digits = Trim(std::string_view(line).substr(0, line.find(';')));
    size_t size = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
      return Malformed(fmt::format("chunk size \"{}\"", digits.substr(0, 20)));
    }
    if (size == 0) return ReadHeaderLines(response.headers);  // the trailers
    SPOTRUN_RETURN_IF_ERROR(ReadExactly(size, response.body));
    SPOTRUN_ASSIGN_OR_RETURN(std::string after, ReadLine());
    if (!after.empty()) return Malformed("no line break after a chunk");
  }
}

Status HttpResponseReader::ReadUntilClose(std::string& out) {
  out.append(buffer_, pos_);
  pos_ = buffer_.size();
  char chunk[16 * 1024];
  for (;;) {
    Result<size_t> n = stream_.Read(chunk, sizeof(chunk), deadline_);
    if (!n.ok() && n.status().kind() == ErrorKind::kUnavailable) {
      return Status::Unavailable(fmt::format(
          "the connection broke before the response was complete ({})", n.status().message()));
    }
    SPOTRUN_RETURN_IF_ERROR(n.status());
    if (*n == 0) return Status::Ok();
    received_any_ = true;
    out.append(chunk, *n);
  }
}

Result<HttpResponse> HttpResponseReader::Read(std::string_view method) {
  reusable_ = false;
  HttpResponse response;
  bool keep_alive = false;
  SPOTRUN_RETURN_IF_ERROR(ReadHead(response, keep_alive));
  const int status = response.status;
  if (method == "HEAD" || status < 200 || status == 204 || status == 304) {
    reusable_ = keep_alive && status != 101 && pos_ == buffer_.size();
    return response;
  }
  if (std::optional<std::string> coding = response.Header("Transfer-Encoding")) {
    std::string_view codings(*coding);
    std::string_view last = Trim(codings.substr(codings.rfind(',') + 1));
    if (HeaderNameEquals(last, "chunked")) {
      SPOTRUN_RETURN_IF_ERROR(ReadChunked(response));
    } else {
      SPOTRUN_RETURN_IF_ERROR(ReadUntilClose(response.body));
      keep_alive = false;
    }
  } else if (std::optional<std::string> length = response.Header("Content-Length")) {
    std::string_view digits = Trim(*length);
    size_t size = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
      return Malformed(fmt::format("Content-Length \"{}\"", digits.substr(0, 20)));
    }
    // Room for the whole body at once, unless it claims to be huge (it must then arrive first).
    response.body.reserve(std::min<size_t>(size, 64 << 20));
    SPOTRUN_RETURN_IF_ERROR(ReadExactly(size, response.body));
  } else {
    SPOTRUN_RETURN_IF_ERROR(ReadUntilClose(response.body));
    keep_alive = false;
  }
  reusable_ = keep_alive && pos_ == buffer_.size();
  return response;
}

}  // namespace spotrun
