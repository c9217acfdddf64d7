#include "localcloud/signing_service.h"

#include <optional>
#include <string_view>
#include <vector>

#include "aws/uri_encode.h"

namespace spotrun {

std::string SigningServiceOf(const HttpRequest& request) {
  std::string credential;
  if (std::optional<std::string> authorization = FindHeader(request.headers, "Authorization")) {
    size_t at = authorization->find("Credential=");
    if (at == std::string::npos) return "";
    credential = authorization->substr(at + 11);
    credential = credential.substr(0, credential.find_first_of(", "));
  } else {
    const size_t question = request.url.find('?');
    if (question == std::string::npos) return "";
    std::string_view query = std::string_view(request.url).substr(question + 1);
    size_t at = query.find("X-Amz-Credential=");
    if (at == std::string_view::npos) return "";
    query.remove_prefix(at + 17);
    credential = UriDecode(query.substr(0, query.find('&')));
  }
  // AKID/DATE/REGION/SERVICE/aws4_request
  std::vector<std::string_view> parts;
  std::string_view rest = credential;
  for (size_t slash; (slash = rest.find('/')) != std::string_view::npos;) {
    parts.push_back(rest.substr(0, slash));
    rest.remove_prefix(slash + 1);
  }
  parts.push_back(rest);
  return parts.size() == 5 ? std::string(parts[3]) : std::string();
}

}  // namespace spotrun
