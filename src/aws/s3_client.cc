#include "aws/s3_client.h"

#include <fmt/format.h>

#include <charconv>
#include <pugixml.hpp>
#include <sstream>

#include "aws/aws_error.h"
#include "aws/crypto.h"
#include "aws/http_date.h"
#include "aws/sigv4.h"
#include "aws/uri_encode.h"
#include "base/log.h"

namespace spotrun {
namespace {

int64_t ToInt(std::string_view text) {
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

TimePoint HeaderTime(const HttpResponse& response) {
  TimePoint t{};
  if (std::optional<std::string> date = response.Header("Last-Modified")) ParseHttpDate(*date, &t);
  return t;
}

Result<pugi::xml_document> ParseXml(const std::string& body, std::string_view what) {
  pugi::xml_document doc;
  if (!doc.load_string(body.c_str())) {
    return Status::Internal(fmt::format("S3 answered {} with a document that is not XML", what),
                            "check that the endpoint is an S3 endpoint");
  }
  return doc;
}

// The size of the whole object from "bytes 0-99/1234", else the body's length.
int64_t ObjectSize(const HttpResponse& response) {
  if (std::optional<std::string> range = response.Header("Content-Range")) {
    size_t slash = range->rfind('/');
    if (slash != std::string::npos && (*range)[slash + 1] != '*') {
      return ToInt(std::string_view(*range).substr(slash + 1));
    }
  }
  return static_cast<int64_t>(response.body.size());
}

}  // namespace

S3Client::S3Client(Options options)
    : options_(std::move(options)), retry_(options_.retry, options_.random) {
  endpoint_ = options_.endpoint;
  while (endpoint_.ends_with('/')) endpoint_.pop_back();
}

std::string S3Client::Url(std::string_view bucket, std::string_view key,
                          std::string_view query) const {
  std::string url = endpoint_ + "/" + UriEncode(bucket);
  if (!key.empty()) url += "/" + UriEncode(key, /*keep_slash=*/true);
  if (!query.empty()) url += "?" + std::string(query);
  return url;
}

Status S3Client::ErrorOf(const Call& call, const Result<HttpResponse>& response) const {
  if (!response.ok()) {
    const Status& error = response.status();
    if (!error.hint().empty()) return error;
    return error.WithHint(fmt::format(
        "could not reach S3 at {}: check the network connection and the endpoint", endpoint_));
  }
  if (response->status >= 200 && response->status < 300) {
    if (!call.error_in_ok_body) return Status::Ok();
    pugi::xml_document doc;
    if (!doc.load_string(response->body.c_str()) || !doc.child("Error")) return Status::Ok();
    // Classified by its code alone (the 2xx says nothing): InternalError is retried,
    // InvalidPart is not.
    return ParseAwsError(*response);
  }
  if (response->status == 404 && response->body.empty() && !call.not_found_code.empty()) {
    const std::string request_id = response->Header("x-amz-request-id").value_or("");
    return Status::Aws(ErrorKind::kNotFound, call.not_found_code,
                       call.not_found_code == "NoSuchBucket" ? "The specified bucket does not exist"
                                                             : "The specified key does not exist.",
                       request_id, 404);
  }
  return ParseAwsError(*response);
}

Result<HttpResponse> S3Client::Send(const Call& call) {
  const std::string payload_hash = Sha256Hex(call.body);  // the same on every attempt
  RetryStrategy::CallState state;
  while (true) {
    SPOTRUN_ASSIGN_OR_RETURN(Credentials credentials, options_.credentials->Get());
    HttpRequest request;
    request.method = call.method;
    request.url = call.url;
    request.body = call.body;
    request.headers = call.headers;
    request.headers.emplace_back("User-Agent", "spotrun/" SPOTRUN_VERSION);
    request.connect_timeout = options_.connect_timeout;
    request.total_timeout = options_.total_timeout;
    SigV4Options signing;
    signing.region = options_.region;
    signing.service = "s3";
    signing.s3 = true;
    signing.payload_hash = payload_hash;
    signing.time = options_.clock->Now();
    SignRequest(request, credentials, signing);
    Result<HttpResponse> response = options_.http->Send(request);
    Status error = ErrorOf(call, response);
    if (error.ok()) {
      retry_.OnSuccess(state);
      return response;
    }
    RetryStrategy::Decision decision = retry_.OnFailure(error, state);
    LogDebug("s3 {} {}: {}{}", call.method, call.url, error.ToString(),
             decision.retry ? " (retrying)" : "");
    if (!decision.retry) return error;
    options_.clock->Sleep(decision.delay);
  }
}

Status S3Client::CreateBucket(const std::string& bucket) {
  Result<HttpResponse> response = Send({.method = "PUT", .url = Url(bucket), .body = {}});
  if (!response.ok() && response.status().code() == "BucketAlreadyOwnedByYou") return Status::Ok();
  return response.status();
}

Status S3Client::HeadBucket(const std::string& bucket) {
  return Send({.method = "HEAD", .url = Url(bucket), .body = {}, .not_found_code = "NoSuchBucket"})
      .status();
}

Result<std::string> S3Client::PutObject(const PutObjectRequest& request) {
  Call call{.method = "PUT", .url = Url(request.bucket, request.key), .body = request.body};
  call.headers.emplace_back(
      "Content-Type", request.content_type.empty() ? "binary/octet-stream" : request.content_type);
  SPOTRUN_ASSIGN_OR_RETURN(HttpResponse response, Send(call));
  return response.Header("ETag").value_or("");
}

Result<GetObjectResponse> S3Client::GetObject(const GetObjectRequest& request) {
  Call call{.method = "GET", .url = Url(request.bucket, request.key), .body = {}};
  if (request.range) {
    call.headers.emplace_back(
        "Range", fmt::format("bytes={}-{}", request.range->first, request.range->second));
  }
  SPOTRUN_ASSIGN_OR_RETURN(HttpResponse response, Send(call));
  GetObjectResponse out;
  out.size = ObjectSize(response);
  out.etag = response.Header("ETag").value_or("");
  out.last_modified = HeaderTime(response);
  out.body = std::move(response.body);
  return out;
}

Result<HeadObjectResponse> S3Client::HeadObject(const std::string& bucket, const std::string& key) {
  SPOTRUN_ASSIGN_OR_RETURN(
      HttpResponse response,
      Send({.method = "HEAD", .url = Url(bucket, key), .body = {}, .not_found_code = "NoSuchKey"}));
  return HeadObjectResponse{.size = ToInt(response.Header("Content-Length").value_or("0")),
                            .etag = response.Header("ETag").value_or(""),
                            .last_modified = HeaderTime(response)};
}

Result<ListObjectsV2Response> S3Client::ListObjectsV2(const ListObjectsV2Request& request) {
  // Parameters in the canonical (sorted) order; S3 does not mind any order.
  std::string query = "list-type=2";
  auto add = [&](std::string_view name, std::string_view value) {
    if (!value.empty()) query += fmt::format("&{}={}", name, UriEncode(value));
  };
  add("continuation-token", request.continuation_token);
  add("delimiter", request.delimiter);
  query += fmt::format("&max-keys={}", request.max_keys);
  add("prefix", request.prefix);
  add("start-after", request.start_after);
  SPOTRUN_ASSIGN_OR_RETURN(
      HttpResponse response,
      Send({.method = "GET", .url = Url(request.bucket, {}, query), .body = {}}));
  SPOTRUN_ASSIGN_OR_RETURN(pugi::xml_document doc, ParseXml(response.body, "ListObjectsV2"));
  pugi::xml_node root = doc.child("ListBucketResult");
  ListObjectsV2Response out;
  out.is_truncated = std::string_view(root.child_value("IsTruncated")) == "true";
  out.next_continuation_token = root.child_value("NextContinuationToken");
  for (pugi::xml_node node : root.children("Contents")) {
    S3ObjectSummary object;
    object.key = node.child_value("Key");
    object.size = ToInt(node.child_value("Size"));
    object.etag = node.child_value("ETag");
    ParseIso8601(node.child_value("LastModified"), &object.last_modified);
    out.contents.push_back(std::move(object));
  }
  for (pugi::xml_node node : root.children("CommonPrefixes")) {
    out.common_prefixes.push_back(node.child_value("Prefix"));
  }
  return out;
}

Status S3Client::DeleteObject(const std::string& bucket, const std::string& key) {
  return Send({.method = "DELETE", .url = Url(bucket, key), .body = {}}).status();
}

Result<std::string> S3Client::CreateMultipartUpload(const std::string& bucket,
                                                    const std::string& key) {
  SPOTRUN_ASSIGN_OR_RETURN(
      HttpResponse response,
      Send({.method = "POST", .url = Url(bucket, key, "uploads"), .body = {}}));
  SPOTRUN_ASSIGN_OR_RETURN(pugi::xml_document doc,
                           ParseXml(response.body, "CreateMultipartUpload"));
  std::string id = doc.child("InitiateMultipartUploadResult").child_value("UploadId");
  if (id.empty()) return Status::Internal("S3 answered CreateMultipartUpload without an UploadId");
  return id;
}

Result<std::string> S3Client::UploadPart(const std::string& bucket, const std::string& key,
                                         const std::string& upload_id, int part_number,
                                         const std::string& body) {
  const std::string query =
      fmt::format("partNumber={}&uploadId={}", part_number, UriEncode(upload_id));
  SPOTRUN_ASSIGN_OR_RETURN(HttpResponse response,
                           Send({.method = "PUT", .url = Url(bucket, key, query), .body = body}));
  return response.Header("ETag").value_or("");
}

Result<std::string> S3Client::CompleteMultipartUpload(const std::string& bucket,
                                                      const std::string& key,
                                                      const std::string& upload_id,
                                                      const std::vector<CompletedPart>& parts) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("CompleteMultipartUpload");
  root.append_attribute("xmlns").set_value("http://s3.amazonaws.com/doc/2006-03-01/");
  for (const CompletedPart& part : parts) {
    pugi::xml_node node = root.append_child("Part");
    node.append_child("PartNumber").text().set(part.part_number);
    node.append_child("ETag").text().set(part.etag.c_str());
  }
  std::ostringstream body;
  doc.save(body, "", pugi::format_raw);
  SPOTRUN_ASSIGN_OR_RETURN(HttpResponse response,
                           Send({.method = "POST",
                                 .url = Url(bucket, key, "uploadId=" + UriEncode(upload_id)),
                                 .body = body.str(),
                                 .headers = {{"Content-Type", "application/xml"}},
                                 .error_in_ok_body = true}));
  SPOTRUN_ASSIGN_OR_RETURN(pugi::xml_document answer,
                           ParseXml(response.body, "CompleteMultipartUpload"));
  return std::string(answer.child("CompleteMultipartUploadResult").child_value("ETag"));
}

Status S3Client::AbortMultipartUpload(const std::string& bucket, const std::string& key,
                                      const std::string& upload_id) {
  return Send({.method = "DELETE",
               .url = Url(bucket, key, "uploadId=" + UriEncode(upload_id)),
               .body = {}})
      .status();
}

}  // namespace spotrun
