#include "localcloud/s3_rest_handler.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <sstream>

#include "aws/client_token.h"
#include "aws/http_date.h"
#include "aws/uri_encode.h"
#include "base/log.h"
#include "localcloud/s3_error.h"

namespace spotrun {
namespace {

constexpr std::string_view kNamespace = "http://s3.amazonaws.com/doc/2006-03-01/";
constexpr std::string_view kXmlContentType = "application/xml";

using SubResources = std::map<std::string, std::string, std::less<>>;

SubResources ParseQuery(std::string_view query) {
  SubResources out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    out[UriDecode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? std::string() : UriDecode(pair.substr(eq + 1), true);
  }
  return out;
}

std::string Get(const SubResources& query, std::string_view name) {
  auto found = query.find(name);
  return found == query.end() ? std::string() : found->second;
}

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The client's error answered with S3's <Error> document.
struct Call {
  const HttpRequest& request;
  std::string request_id;
  std::string bucket;
  std::string key;
  SubResources query;
};

HttpResponse Base(const Call& call, int status) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("x-amz-request-id", call.request_id);
  response.headers.emplace_back("x-amz-id-2", call.request_id);
  return response;
}

std::string Serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return R"(<?xml version="1.0" encoding="UTF-8"?>)"
         "\n" +
         out.str();
}

HttpResponse XmlResponse(const Call& call, const pugi::xml_document& doc, int status = 200) {
  HttpResponse response = Base(call, status);
  response.headers.emplace_back("Content-Type", kXmlContentType);
  response.body = Serialize(doc);
  return response;
}

pugi::xml_node Root(pugi::xml_document& doc, const char* name) {
  pugi::xml_node root = doc.append_child(name);
  root.append_attribute("xmlns").set_value(std::string(kNamespace).c_str());
  return root;
}

void Add(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).text().set(std::string(text).c_str());
}

HttpResponse ErrorResponse(const Call& call, const Status& error) {
  int status = error.http_status() > 0 ? error.http_status() : 500;
  std::string code = error.code().empty() ? "InternalError" : error.code();
  if (error.code().empty())
    LogError("s3: {} {}: {}", call.request.method, call.request.path, error.ToString());
  HttpResponse response = Base(call, status);
  if (call.request.method == "HEAD") return response;  // S3 sends no body on HEAD
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("Error");
  Add(root, "Code", code);
  Add(root, "Message",
      error.code().empty() ? "We encountered an internal error. Please try again."
                           : error.message());
  if (!call.key.empty()) Add(root, "Key", call.key);
  if (!call.bucket.empty()) Add(root, "BucketName", call.bucket);
  Add(root, "RequestId", call.request_id);
  Add(root, "HostId", call.request_id);
  response.headers.emplace_back("Content-Type", kXmlContentType);
  response.body = Serialize(doc);
  return response;
}

// The verifier speaks EC2's codes; S3 names the same failures its own way.
Status AsS3AuthError(const Status& error) {
  const std::string& code = error.code();
  if (code == "MissingParameter") return S3Error("AccessDenied", "Access Denied");
  if (code == "AuthFailure") {
    return S3Error("InvalidAccessKeyId",
                   "The AWS Access Key Id you provided does not exist in our records.");
  }
  if (code == "IncompleteSignature") {
    return S3Error("AuthorizationHeaderMalformed", error.message());
  }
  if (code == "RequestExpired") {
    return S3Error("RequestTimeTooSkewed",
                   "The difference between the request time and the current time is too large.");
  }
  if (code == "SignatureDoesNotMatch") return S3Error(code, error.message());
  return error.http_status() > 0 ? error : S3Error(code, error.message());
}

std::string Iso(TimePoint t) { return FormatIso8601(t, /*millis=*/true); }

void ObjectHeaders(HttpResponse& response, int64_t length, const std::string& etag,
                   TimePoint last_modified) {
  response.headers.emplace_back("Content-Length", std::to_string(length));
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("Last-Modified", FormatHttpDate(last_modified));
  response.headers.emplace_back("Accept-Ranges", "bytes");
  response.headers.emplace_back("Content-Type", "binary/octet-stream");
}

HttpResponse ListBuckets(const Call& call, const S3Model& model) {
  pugi::xml_document doc;
  pugi::xml_node root = Root(doc, "ListAllMyBucketsResult");
  pugi::xml_node owner = root.append_child("Owner");
  Add(owner, "ID", "local");
  Add(owner, "DisplayName", "local");
  pugi::xml_node buckets = root.append_child("Buckets");
  for (const S3BucketSummary& bucket : model.ListBuckets()) {
    pugi::xml_node node = buckets.append_child("Bucket");
    Add(node, "Name", bucket.name);
    Add(node, "CreationDate", Iso(bucket.creation_date));
  }
  return XmlResponse(call, doc);
}

HttpResponse ListObjects(const Call& call, S3Model& model) {
  const bool v2 = Get(call.query, "list-type") == "2";
  const bool url_encoded = Get(call.query, "encoding-type") == "url";
  ListObjectsV2Request request{.bucket = call.bucket,
                               .prefix = Get(call.query, "prefix"),
                               .delimiter = Get(call.query, "delimiter"),
                               .start_after = Get(call.query, v2 ? "start-after" : "marker"),
                               .continuation_token = Get(call.query, "continuation-token")};
  if (std::string max = Get(call.query, "max-keys"); !max.empty()) {
    std::optional<int64_t> n = ParseInt(max);
    if (!n || *n < 0)
      return ErrorResponse(
          call,
          S3Error("InvalidArgument", "Provided max-keys not an integer or within integer range"));
    request.max_keys = static_cast<int>(std::min<int64_t>(*n, 1000));
  }
  Result<ListObjectsV2Response> page = model.ListObjectsV2(request);
  if (!page.ok()) return ErrorResponse(call, page.status());
  auto text = [&](std::string_view value) {
    return url_encoded ? UriEncode(value, /*keep_slash=*/true) : std::string(value);
  };
  pugi::xml_document doc;
  pugi::xml_node root = Root(doc, "ListBucketResult");
  Add(root, "Name", call.bucket);
  Add(root, "Prefix", text(request.prefix));
  if (!request.delimiter.empty()) Add(root, "Delimiter", text(request.delimiter));
  Add(root, "MaxKeys", std::to_string(request.max_keys));
  if (url_encoded) Add(root, "EncodingType", "url");
  Add(root, "IsTruncated", page->is_truncated ? "true" : "false");
  if (v2) {
    Add(root, "KeyCount", std::to_string(page->contents.size() + page->common_prefixes.size()));
    if (!request.continuation_token.empty()) {
      Add(root, "ContinuationToken", request.continuation_token);
    }
    if (page->is_truncated) Add(root, "NextContinuationToken", page->next_continuation_token);
    if (!request.start_after.empty()) Add(root, "StartAfter", text(request.start_after));
  } else {
    Add(root, "Marker", text(request.start_after));
    if (page->is_truncated) {
      std::string last = page->contents.empty() ? std::string() : page->contents.back().key;
      if (!page->common_prefixes.empty()) last = std::max(last, page->common_prefixes.back());
      Add(root, "NextMarker", text(last));
    }
  }
  for (const S3ObjectSummary& object : page->contents) {
    pugi::xml_node node = root.append_child("Contents");
    Add(node, "Key", text(object.key));
    Add(node, "LastModified", Iso(object.last_modified));
    Add(node, "ETag", object.etag);
    Add(node, "Size", std::to_string(object.size));
    Add(node, "StorageClass", "STANDARD");
  }
  for (const std::string& prefix : page->common_prefixes) {
    Add(root.append_child("CommonPrefixes"), "Prefix", text(prefix));
  }
  return XmlResponse(call, doc);
}

Result<pugi::xml_document> ParseBody(const std::string& body) {
  pugi::xml_document doc;
  if (!doc.load_string(body.c_str())) {
    return S3Error("MalformedXML",
                   "The XML you provided was not well-formed or did not validate against our "
                   "published schema");
  }
  return doc;
}

HttpResponse DeleteObjects(const Call& call, S3Model& model) {
  Result<pugi::xml_document> body = ParseBody(call.request.body);
  if (!body.ok()) return ErrorResponse(call, body.status());
  pugi::xml_node del = body->child("Delete");
  const bool quiet = std::string_view(del.child_value("Quiet")) == "true";
  pugi::xml_document doc;
  pugi::xml_node root = Root(doc, "DeleteResult");
  for (pugi::xml_node object : del.children("Object")) {
    const std::string key = object.child_value("Key");
    Status status = model.DeleteObject(call.bucket, key);
    if (status.ok()) {
      if (!quiet) Add(root.append_child("Deleted"), "Key", key);
    } else {
      pugi::xml_node error = root.append_child("Error");
      Add(error, "Key", key);
      Add(error, "Code", status.code());
      Add(error, "Message", status.message());
    }
  }
  return XmlResponse(call, doc);
}

// "bytes=FIRST-LAST", "bytes=FIRST-" or "bytes=-SUFFIX" as an inclusive range; nullopt
// when the header is not one S3 honours (then the whole object is sent, as S3 does).
std::optional<std::pair<int64_t, int64_t>> ParseRange(std::string_view header, S3Model& model,
                                                      const Call& call, Status* error) {
  if (!header.starts_with("bytes=")) return std::nullopt;
  header.remove_prefix(6);
  size_t dash = header.find('-');
  if (dash == std::string_view::npos || header.find(',') != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view first = header.substr(0, dash), last = header.substr(dash + 1);
  constexpr int64_t kEnd = std::numeric_limits<int64_t>::max();
  if (first.empty()) {
    std::optional<int64_t> suffix = ParseInt(last);
    if (!suffix) return std::nullopt;
    Result<HeadObjectResponse> head = model.HeadObject(call.bucket, call.key);
    if (!head.ok()) {
      *error = head.status();
      return std::nullopt;
    }
    if (*suffix == 0) {
      *error = S3Error("InvalidRange", "The requested range is not satisfiable");
      return std::nullopt;
    }
    return std::pair{std::max<int64_t>(0, head->size - *suffix), kEnd};
  }
  std::optional<int64_t> from = ParseInt(first);
  std::optional<int64_t> to = last.empty() ? std::optional<int64_t>(kEnd) : ParseInt(last);
  if (!from || !to || *to < *from) return std::nullopt;
  return std::pair{*from, *to};
}

HttpResponse GetObject(const Call& call, S3Model& model) {
  GetObjectRequest request{.bucket = call.bucket, .key = call.key};
  if (std::optional<std::string> range = FindHeader(call.request.headers, "Range")) {
    Status error;
    request.range = ParseRange(*range, model, call, &error);
    if (!error.ok()) return ErrorResponse(call, error);
  }
  Result<GetObjectResponse> object = model.GetObject(request);
  if (!object.ok()) return ErrorResponse(call, object.status());
  HttpResponse response = Base(call, request.range ? 206 : 200);
  ObjectHeaders(response, static_cast<int64_t>(object->body.size()), object->etag,
                object->last_modified);
  if (request.range) {
    const int64_t first = request.range->first;
    response.headers.emplace_back(
        "Content-Range",
        fmt::format("bytes {}-{}/{}", first, first + static_cast<int64_t>(object->body.size()) - 1,
                    object->size));
  }
  response.body = std::move(object->body);
  return response;
}

HttpResponse HeadObject(const Call& call, S3Model& model) {
  Result<HeadObjectResponse> object = model.HeadObject(call.bucket, call.key);
  if (!object.ok()) return ErrorResponse(call, object.status());
  HttpResponse response = Base(call, 200);
  ObjectHeaders(response, object->size, object->etag, object->last_modified);
  return response;
}

HttpResponse WithEtag(const Call& call, const Result<std::string>& etag) {
  if (!etag.ok()) return ErrorResponse(call, etag.status());
  HttpResponse response = Base(call, 200);
  response.headers.emplace_back("ETag", *etag);
  return response;
}

HttpResponse NoContent(const Call& call, const Status& status) {
  if (!status.ok()) return ErrorResponse(call, status);
  return Base(call, 204);
}

HttpResponse CreateMultipartUpload(const Call& call, S3Model& model) {
  Result<std::string> id = model.CreateMultipartUpload(call.bucket, call.key);
  if (!id.ok()) return ErrorResponse(call, id.status());
  pugi::xml_document doc;
  pugi::xml_node root = Root(doc, "InitiateMultipartUploadResult");
  Add(root, "Bucket", call.bucket);
  Add(root, "Key", call.key);
  Add(root, "UploadId", *id);
  return XmlResponse(call, doc);
}

HttpResponse UploadPart(const Call& call, S3Model& model) {
  std::optional<int64_t> number = ParseInt(Get(call.query, "partNumber"));
  if (!number || *number < 1 || *number > 10000) {
    return ErrorResponse(call, S3Error("InvalidArgument",
                                       "Part number must be an integer between 1 and 10000, "
                                       "inclusive"));
  }
  return WithEtag(call, model.UploadPart(call.bucket, call.key, Get(call.query, "uploadId"),
                                         static_cast<int>(*number), call.request.body));
}

HttpResponse CompleteMultipartUpload(const Call& call, S3Model& model) {
  Result<pugi::xml_document> body = ParseBody(call.request.body);
  if (!body.ok()) return ErrorResponse(call, body.status());
  std::vector<CompletedPart> parts;
  for (pugi::xml_node part : body->child("CompleteMultipartUpload").children("Part")) {
    std::optional<int64_t> number = ParseInt(part.child_value("PartNumber"));
    if (!number) return ErrorResponse(call, ParseBody("").status());
    parts.push_back(
        CompletedPart{.part_number = static_cast<int>(*number), .etag = part.child_value("ETag")});
  }
  Result<std::string> etag =
      model.CompleteMultipartUpload(call.bucket, call.key, Get(call.query, "uploadId"), parts);
  if (!etag.ok()) return ErrorResponse(call, etag.status());
  pugi::xml_document doc;
  pugi::xml_node root = Root(doc, "CompleteMultipartUploadResult");
  std::string host = FindHeader(call.request.headers, "Host").value_or("localhost");
  Add(root, "Location",
      fmt::format("http://{}/{}/{}", host, call.bucket, UriEncode(call.key, true)));
  Add(root, "Bucket", call.bucket);
  Add(root, "Key", call.key);
  Add(root, "ETag", *etag);
  return XmlResponse(call, doc);
}

HttpResponse NotImplemented(const Call& call) {
  return ErrorResponse(call, S3Error("NotImplemented",
                                     "A header or query you provided implies functionality that "
                                     "is not implemented in the local cloud's S3"));
}

HttpResponse MethodNotAllowed(const Call& call) {
  return ErrorResponse(call, S3Error("MethodNotAllowed",
                                     "The specified method is not allowed against this resource."));
}

HttpResponse ServeBucket(const Call& call, S3Model& model) {
  const std::string& method = call.request.method;
  if (method == "PUT") {
    if (!call.query.empty()) return NotImplemented(call);
    Status status = model.CreateBucket(call.bucket);
    if (!status.ok()) return ErrorResponse(call, status);
    HttpResponse response = Base(call, 200);
    response.headers.emplace_back("Location", "/" + call.bucket);
    return response;
  }
  if (method == "HEAD") {
    Status status = model.HeadBucket(call.bucket);
    if (!status.ok()) return ErrorResponse(call, status);
    HttpResponse response = Base(call, 200);
    response.headers.emplace_back("x-amz-bucket-region", "us-east-1");
    return response;
  }
  if (method == "DELETE") return NoContent(call, model.DeleteBucket(call.bucket));
  if (method == "POST" && call.query.contains("delete")) return DeleteObjects(call, model);
  if (method == "GET") {
    if (call.query.contains("location")) {
      if (Status status = model.HeadBucket(call.bucket); !status.ok()) {
        return ErrorResponse(call, status);
      }
      pugi::xml_document doc;
      Root(doc, "LocationConstraint");
      return XmlResponse(call, doc);
    }
    if (call.query.contains("uploads") || call.query.contains("versioning") ||
        call.query.contains("policy") || call.query.contains("acl")) {
      return NotImplemented(call);
    }
    return ListObjects(call, model);
  }
  return MethodNotAllowed(call);
}

HttpResponse ServeObject(const Call& call, S3Model& model) {
  const std::string& method = call.request.method;
  const bool in_upload = call.query.contains("uploadId");
  if (method == "GET") return in_upload ? NotImplemented(call) : GetObject(call, model);
  if (method == "HEAD") return HeadObject(call, model);
  if (method == "PUT") {
    if (FindHeader(call.request.headers, "x-amz-copy-source")) return NotImplemented(call);
    if (in_upload) return UploadPart(call, model);
    return WithEtag(call, model.PutObject(PutObjectRequest{
                              .bucket = call.bucket, .key = call.key, .body = call.request.body}));
  }
  if (method == "DELETE") {
    if (in_upload) {
      return NoContent(
          call, model.AbortMultipartUpload(call.bucket, call.key, Get(call.query, "uploadId")));
    }
    return NoContent(call, model.DeleteObject(call.bucket, call.key));
  }
  if (method == "POST") {
    if (call.query.contains("uploads")) return CreateMultipartUpload(call, model);
    if (in_upload) return CompleteMultipartUpload(call, model);
  }
  return MethodNotAllowed(call);
}

std::string RequestId() {
  std::string id = RandomClientToken();
  std::string out;
  for (char c : id) {
    if (c != '-' && out.size() < 16) out.push_back(static_cast<char>(std::toupper(c)));
  }
  return out;
}

}  // namespace

S3RestHandler::S3RestHandler(Options options, S3Model& model)
    : model_(model),
      verifier_(SigV4Verifier::Options{.region = options.region,
                                       .service = "s3",
                                       .credentials = options.credentials,
                                       .clock = options.clock,
                                       .max_skew = std::chrono::seconds(900),
                                       .s3 = true}) {}

HttpResponse S3RestHandler::Serve(const HttpRequest& request) const {
  std::string_view path = request.path.empty() ? std::string_view(request.url) : request.path;
  path = path.substr(0, path.find('?'));
  Call call{.request = request,
            .request_id = RequestId(),
            .bucket = {},
            .key = {},
            .query = ParseQuery(request.query)};
  if (path.starts_with('/')) path.remove_prefix(1);
  const size_t slash = path.find('/');
  call.bucket = UriDecode(path.substr(0, slash));
  if (slash != std::string_view::npos) call.key = UriDecode(path.substr(slash + 1));
  if (Result<std::string> caller = verifier_.Verify(request); !caller.ok()) {
    return ErrorResponse(call, AsS3AuthError(caller.status()));
  }
  HttpResponse response;
  if (call.bucket.empty()) {
    response = request.method == "GET" ? ListBuckets(call, model_) : MethodNotAllowed(call);
  } else if (call.key.empty()) {
    response = ServeBucket(call, model_);
  } else {
    response = ServeObject(call, model_);
  }
  return response;
}

}  // namespace spotrun
