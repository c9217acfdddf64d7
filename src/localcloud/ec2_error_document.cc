#include "localcloud/ec2_error_document.h"

#include "localcloud/ec2_error.h"

namespace spotrun {
namespace {

constexpr std::string_view kInternalErrorCode = "InternalError";
constexpr std::string_view kInternalErrorMessage = "An internal error has occurred.";
constexpr std::string_view kContentType = "text/xml;charset=UTF-8";

// Escapes what element text must ('&', '<', and '>' for "]]>"); quotes stay as they are, as
// EC2 writes them ("The instance ID 'i-1' does not exist"). Control characters other than tab, LF
// and CR cannot appear in XML 1.0 at all, so they become '?' rather than an unparseable document.
void AppendXmlEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out.push_back('?');
        } else {
          out.push_back(c);
        }
    }
  }
}

struct CodeAndMessage {
  std::string_view code;
  std::string_view message;
};

CodeAndMessage CodeAndMessageOf(const Status& error) {
  if (!error.code().empty()) return {error.code(), error.message()};
  return {kInternalErrorCode, error.message().empty() ? kInternalErrorMessage : error.message()};
}

}  // namespace

std::string Ec2ErrorDocument(const Status& error, std::string_view request_id) {
  const CodeAndMessage e = CodeAndMessageOf(error);
  std::string out;
  out.reserve(160 + e.code.size() + e.message.size() + request_id.size());
  out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>");
  AppendXmlEscaped(out, e.code);
  out.append("</Code><Message>");
  AppendXmlEscaped(out, e.message);
  out.append("</Message></Error></Errors><RequestID>");
  AppendXmlEscaped(out, request_id);
  out.append("</RequestID></Response>");
  return out;
}

HttpResponse Ec2ErrorResponse(const Status& error, std::string_view request_id) {
  HttpResponse response;
  if (error.code().empty()) {
    response.status = HttpStatusForEc2Error(kInternalErrorCode);
  } else if (error.http_status() != 0) {
    response.status = error.http_status();
  } else {
    response.status = HttpStatusForEc2Error(error.code());
  }
  response.headers.emplace_back("Content-Type", kContentType);
  response.body = Ec2ErrorDocument(error, request_id);
  return response;
}

}  // namespace spotrun
