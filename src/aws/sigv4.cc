#include "aws/sigv4.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "aws/crypto.h"
#include "aws/uri_encode.h"

namespace spotrun {
namespace {

constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kScopeTerminator = "aws4_request";
constexpr long long kMaxExpiresSeconds = 7LL * 24 * 3600;  // AWS's limit for pre-signed URLs

// Never signed: Authorization itself, and the hop-by-hop headers and those that proxies and
// HTTP clients rewrite — botocore's SIGNED_HEADERS_BLACKLIST, so both sign the same set.
constexpr std::array<std::string_view, 12> kUnsignedHeaders = {"authorization",
                                                               "connection",
                                                               "expect",
                                                               "keep-alive",
                                                               "proxy-authenticate",
                                                               "proxy-authorization",
                                                               "te",
                                                               "trailer",
                                                               "transfer-encoding",
                                                               "upgrade",
                                                               "user-agent",
                                                               "x-amzn-trace-id"};

char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

bool LessIgnoreCase(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    auto x = static_cast<unsigned char>(ToLower(a[i]));
    auto y = static_cast<unsigned char>(ToLower(b[i]));
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

// What Python's str.split() splits on, as botocore trims header values with it.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// The parts of an absolute URL that signing reads, as views into it.
struct UrlParts {
  std::string_view host;   // authority without userinfo and without the scheme's default port
  std::string_view path;   // "" or "/…", as on the wire
  std::string_view query;  // after '?', as on the wire
  bool has_query = false;  // a '?' is present (perhaps with nothing after it)
};

UrlParts SplitUrl(std::string_view url) {
  UrlParts parts;
  std::string_view scheme;
  size_t authority_start = 0;
  if (size_t end = url.find("://"); end != std::string_view::npos) {
    scheme = url.substr(0, end);
    authority_start = end + 3;
  }
  size_t path_start = std::min(url.find_first_of("/?", authority_start), url.size());
  std::string_view host = url.substr(authority_start, path_start - authority_start);
  if (size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos) {
    std::string_view port = host.substr(colon + 1);
    if (port.empty() || (port == "80" && EqualsIgnoreCase(scheme, "http")) ||
        (port == "443" && EqualsIgnoreCase(scheme, "https"))) {
      host = host.substr(0, colon);  // clients leave the default port out of Host
    }
  }
  parts.host = host;
  std::string_view rest = url.substr(path_start);
  size_t question = rest.find('?');
  parts.path = rest.substr(0, question);
  if (question != std::string_view::npos) {
    parts.query = rest.substr(question + 1);
    parts.has_query = true;
  }
  return parts;
}

// "20150830T123600Z", with the day as its first eight characters; no allocation.
struct AmzDate {
  std::array<char, 16> text;
  std::string_view stamp() const { return {text.data(), text.size()}; }
  std::string_view day() const { return {text.data(), 8}; }
};

void PutDigits(char* at, int width, long long value) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

AmzDate MakeAmzDate(TimePoint time) {
  using std::chrono::days;
  using std::chrono::seconds;
  auto secs = std::chrono::floor<seconds>(time);
  auto day = std::chrono::floor<days>(secs);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss<seconds> hms{secs - day};
  AmzDate date;
  char* p = date.text.data();
  PutDigits(p, 4, static_cast<int>(ymd.year()));
  PutDigits(p + 4, 2, static_cast<unsigned>(ymd.month()));
  PutDigits(p + 6, 2, static_cast<unsigned>(ymd.day()));
  p[8] = 'T';
  PutDigits(p + 9, 2, hms.hours().count());
  PutDigits(p + 11, 2, hms.minutes().count());
  PutDigits(p + 13, 2, hms.seconds().count());
  p[15] = 'Z';
  return date;
}

// One header taking part in the signature; `index` keeps repeated names in request order.
struct HeaderRef {
  std::string_view name;
  std::string_view value;
  size_t index;
};

bool ListContains(std::string_view list, std::string_view name) {
  while (!list.empty()) {
    size_t semi = list.find(';');
    if (EqualsIgnoreCase(list.substr(0, semi), name)) return true;
    if (semi == std::string_view::npos) break;
    list.remove_prefix(semi + 1);
  }
  return false;
}

// Which request headers are signed.
struct HeaderSelection {
  std::string_view listed;  // "host;x-amz-date": exactly these, when not empty
  bool sign_token = true;

  bool Selects(std::string_view name) const {
    if (!listed.empty()) return ListContains(listed, name);
    for (std::string_view never : kUnsignedHeaders) {
      if (EqualsIgnoreCase(name, never)) return false;
    }
    return sign_token || !EqualsIgnoreCase(name, "x-amz-security-token");
  }
};

// The selected headers sorted by lower-case name, plus Host from the URL when the request
// has none. The views point into `headers` and `url_host`: keep both unchanged meanwhile.
std::vector<HeaderRef> SelectHeaders(const HttpHeaders& headers, const HeaderSelection& selection,
                                     std::string_view url_host) {
  std::vector<HeaderRef> refs;
  refs.reserve(headers.size() + 1);
  bool has_host = false;
  for (size_t i = 0; i < headers.size(); ++i) {
    const auto& [name, value] = headers[i];
    has_host = has_host || EqualsIgnoreCase(name, "host");
    if (selection.Selects(name)) refs.push_back({name, value, i});
  }
  if (!has_host && selection.Selects("host")) refs.push_back({"host", url_host, headers.size()});
  std::sort(refs.begin(), refs.end(), [](const HeaderRef& a, const HeaderRef& b) {
    if (LessIgnoreCase(a.name, b.name)) return true;
    if (LessIgnoreCase(b.name, a.name)) return false;
    return a.index < b.index;
  });
  return refs;
}

void AppendLower(std::string& out, std::string_view text) {
  size_t at = out.size();
  out.append(text);
  for (char* p = out.data() + at; p != out.data() + out.size(); ++p) *p = ToLower(*p);
}

// "content-type;host;x-amz-date": each name once.
void AppendSignedHeaders(std::string& out, const std::vector<HeaderRef>& refs) {
  for (size_t i = 0; i < refs.size(); ++i) {
    if (i > 0 && EqualsIgnoreCase(refs[i].name, refs[i - 1].name)) continue;
    if (i > 0) out.push_back(';');
    AppendLower(out, refs[i].name);
  }
}

// The value trimmed, with each run of white space inside it made one space.
void AppendTrimmedValue(std::string& out, std::string_view value) {
  while (!value.empty() && IsSpace(value.front())) value.remove_prefix(1);
  while (!value.empty() && IsSpace(value.back())) value.remove_suffix(1);
  bool plain = true;  // the usual case: nothing to collapse, so one append
  for (size_t i = 0; i < value.size() && plain; ++i) {
    plain = value[i] == ' ' ? !IsSpace(value[i + 1]) : !IsSpace(value[i]);
  }
  if (plain) {
    out.append(value);
    return;
  }
  bool pending_space = false;
  bool started = false;
  for (char c : value) {
    if (IsSpace(c)) {
      pending_space = started;
      continue;
    }
    if (pending_space) out.push_back(' ');
    out.push_back(c);
    pending_space = false;
    started = true;
  }
}

// "name:value\n" per name; repeated names joined as "name:v1,v2" in request order.
void AppendCanonicalHeaders(std::string& out, const std::vector<HeaderRef>& refs) {
  for (size_t i = 0; i < refs.size(); ++i) {
    bool same_as_previous = i > 0 && EqualsIgnoreCase(refs[i].name, refs[i - 1].name);
    if (same_as_previous) {
      out.push_back(',');
    } else {
      if (i > 0) out.push_back('\n');
      AppendLower(out, refs[i].name);
      out.push_back(':');
    }
    AppendTrimmedValue(out, refs[i].value);
  }
  if (!refs.empty()) out.push_back('\n');
}

// botocore's remove_dot_segments: drops empty and "." segments, lets ".." remove the one
// before it, keeps a trailing slash. Always starts with '/'.
void AppendNormalizedPath(std::string& out, std::string_view path) {
  const size_t base = out.size();
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t end = std::min(path.find('/', begin), path.size());
    std::string_view segment = path.substr(begin, end - begin);
    if (segment == "..") {
      if (out.size() > base) out.resize(out.rfind('/'));
    } else if (!segment.empty() && segment != ".") {
      out.push_back('/');
      out.append(segment);
    }
    begin = end + 1;
  }
  if (out.size() == base || path.back() == '/') out.push_back('/');
}

void AppendCanonicalUri(std::string& out, std::string_view path, const SigV4Options& options) {
  if (path.empty() || path == "/") {
    out.push_back('/');
  } else if (!options.EncodesPath()) {  // S3: the path as sent
    if (options.NormalizesPath()) {
      AppendNormalizedPath(out, path);
    } else {
      out.append(path);
    }
  } else if (!options.NormalizesPath()) {
    AppendUriEncode(out, path, /*keep_slash=*/true);
  } else {
    std::string normalized;
    normalized.reserve(path.size());
    AppendNormalizedPath(normalized, path);
    AppendUriEncode(out, normalized, /*keep_slash=*/true);
  }
}

// Query parameters decoded and encoded again the one AWS way, sorted by key, then value;
// "key" alone becomes "key=". X-Amz-Signature is never signed; nor is X-Amz-Security-Token
// when the token stays outside the signature.
void AppendCanonicalQuery(std::string& out, std::string_view query, bool drop_token) {
  struct Param {
    uint32_t key_begin, key_end, value_end;  // key and value, back to back in `arena`
  };
  std::vector<Param> params;
  std::string arena;
  std::string decoded;
  arena.reserve(query.size() + query.size() / 2);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    decoded.clear();
    AppendUriDecode(decoded, pair.substr(0, eq));
    if (decoded == "X-Amz-Signature" || (drop_token && decoded == "X-Amz-Security-Token")) {
      continue;
    }
    Param p;
    p.key_begin = static_cast<uint32_t>(arena.size());
    AppendUriEncode(arena, decoded);
    p.key_end = static_cast<uint32_t>(arena.size());
    decoded.clear();
    AppendUriDecode(decoded, value);
    AppendUriEncode(arena, decoded);
    p.value_end = static_cast<uint32_t>(arena.size());
    params.push_back(p);
  }
  std::string_view all = arena;
  auto key = [&](const Param& p) { return all.substr(p.key_begin, p.key_end - p.key_begin); };
  auto value = [&](const Param& p) { return all.substr(p.key_end, p.value_end - p.key_end); };
  std::sort(params.begin(), params.end(), [&](const Param& a, const Param& b) {
    int c = key(a).compare(key(b));
    return c != 0 ? c < 0 : value(a) < value(b);
  });
  for (size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out.push_back('&');
    out.append(key(params[i]));
    out.push_back('=');
    out.append(value(params[i]));
  }
}

void AppendCanonicalRequest(std::string& out, std::string_view method, std::string_view path,
                            std::string_view query, const std::vector<HeaderRef>& headers,
                            std::string_view signed_headers, std::string_view payload_hash,
                            const SigV4Options& options) {
  for (char c : method) out.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c);
  out.push_back('\n');
  AppendCanonicalUri(out, path, options);
  out.push_back('\n');
  AppendCanonicalQuery(out, query, !options.sign_session_token);
  out.push_back('\n');
  AppendCanonicalHeaders(out, headers);
  out.push_back('\n');
  out.append(signed_headers);
  out.push_back('\n');
  out.append(payload_hash);
}

// "20150830/us-east-1/service/aws4_request"
void AppendCredentialScope(std::string& out, const AmzDate& date, const SigV4Options& options) {
  out.append(date.day());
  out.push_back('/');
  out.append(options.region);
  out.push_back('/');
  out.append(options.service);
  out.push_back('/');
  out.append(kScopeTerminator);
}

void AppendStringToSign(std::string& out, Sha256Hasher& hasher, std::string_view canonical_request,
                        const AmzDate& date, const SigV4Options& options) {
  out.append(kSigV4Algorithm);
  out.push_back('\n');
  out.append(date.stamp());
  out.push_back('\n');
  AppendCredentialScope(out, date, options);
  out.push_back('\n');
  AppendHex(out, hasher.Hash(canonical_request).view());
}

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")
Sha256Digest DeriveSigningKey(Sha256Hasher& hasher, std::string_view secret, const AmzDate& date,
                              const SigV4Options& options) {
  char small_key[132];
  std::string large_key;
  std::string_view key;
  if (secret.size() + 4 <= sizeof(small_key)) {  // always, for real AWS secrets (40 chars)
    std::copy_n("AWS4", 4, small_key);
    std::memcpy(small_key + 4, secret.data(), secret.size());
    key = {small_key, secret.size() + 4};
  } else {
    large_key = "AWS4" + std::string(secret);
    key = large_key;
  }
  Sha256Digest k = HmacSha256(hasher, key, date.day());
  k = HmacSha256(hasher, k.view(), options.region);
  k = HmacSha256(hasher, k.view(), options.service);
  return HmacSha256(hasher, k.view(), kScopeTerminator);
}

void AppendSignature(std::string& out, Sha256Hasher& hasher, std::string_view string_to_sign,
                     std::string_view secret, const AmzDate& date, const SigV4Options& options) {
  Sha256Digest key = DeriveSigningKey(hasher, secret, date, options);
  AppendHex(out, HmacSha256(hasher, key.view(), string_to_sign).view());
}

// The payload hash from the options, else the body's; `storage` holds a computed one.
std::string_view PayloadHash(const HttpRequest& request, const SigV4Options& options,
                             Sha256Hasher& hasher, std::string& storage) {
  if (!options.payload_hash.empty()) return options.payload_hash;
  if (request.body.empty()) return kEmptySha256;
  AppendHex(storage, hasher.Hash(request.body).view());
  return storage;
}

bool IsSigningHeader(std::string_view name, bool content_sha256) {
  return EqualsIgnoreCase(name, "authorization") || EqualsIgnoreCase(name, "x-amz-date") ||
         EqualsIgnoreCase(name, "x-amz-security-token") ||
         (content_sha256 && EqualsIgnoreCase(name, "x-amz-content-sha256"));
}

}  // namespace

std::string FormatAmzDate(TimePoint time) { return std::string(MakeAmzDate(time).stamp()); }

void SignRequest(HttpRequest& request, const Credentials& credentials,
                 const SigV4Options& options) {
  const AmzDate date = MakeAmzDate(options.time);
  const bool content_sha256 = options.AddsContentSha256();
  HttpHeaders& headers = request.headers;
  // A retry signs again: drop what the last signing added.
  std::erase_if(headers, [&](const auto& h) { return IsSigningHeader(h.first, content_sha256); });
  const UrlParts url = SplitUrl(request.url);
  bool has_host = std::any_of(headers.begin(), headers.end(),
                              [](const auto& h) { return EqualsIgnoreCase(h.first, "host"); });
  headers.reserve(headers.size() + 5);
  if (!has_host) headers.emplace_back("Host", url.host);
  if (!credentials.session_token.empty()) {
    headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  headers.emplace_back("X-Amz-Date", date.stamp());

  Sha256Hasher hasher;
  std::string payload_storage;
  std::string_view payload_hash = PayloadHash(request, options, hasher, payload_storage);
  if (content_sha256) headers.emplace_back("x-amz-content-sha256", payload_hash);

  // `refs` views `headers`: nothing may be added to them until Authorization at the end.
  std::vector<HeaderRef> refs =
      SelectHeaders(headers, {.listed = {}, .sign_token = options.sign_session_token}, url.host);
  std::string signed_headers;
  signed_headers.reserve(64);
  AppendSignedHeaders(signed_headers, refs);
  std::string canonical;
  canonical.reserve(256 + request.url.size() + 64 * refs.size());
  AppendCanonicalRequest(canonical, request.method, url.path, url.query, refs, signed_headers,
                         payload_hash, options);
  std::string string_to_sign;
  string_to_sign.reserve(160);
  AppendStringToSign(string_to_sign, hasher, canonical, date, options);

  std::string authorization;
  authorization.reserve(160 + signed_headers.size());
  authorization.append(kSigV4Algorithm);
  authorization.append(" Credential=");
  authorization.append(credentials.access_key_id);
  authorization.push_back('/');
  AppendCredentialScope(authorization, date, options);
  authorization.append(", SignedHeaders=");
  authorization.append(signed_headers);
  authorization.append(", Signature=");
  AppendSignature(authorization, hasher, string_to_sign, credentials.secret_access_key, date,
                  options);
  headers.emplace_back("Authorization", std::move(authorization));
}

Result<std::string> PresignUrl(const HttpRequest& request, const Credentials& credentials,
                               const SigV4Options& options, std::chrono::seconds expires) {
  if (expires.count() < 1 || expires.count() > kMaxExpiresSeconds) {
    return Status::InvalidArgument(
        "a pre-signed URL must expire between 1 second and 7 days from now; asked for " +
            std::to_string(expires.count()) + " s",
        "pass an expiry from 1 to 604800 seconds");
  }
  const AmzDate date = MakeAmzDate(options.time);
  const UrlParts url = SplitUrl(request.url);
  std::vector<HeaderRef> refs =
      SelectHeaders(request.headers, {.listed = {}, .sign_token = true}, url.host);
  std::string signed_headers;
  AppendSignedHeaders(signed_headers, refs);

  std::string presigned;
  presigned.reserve(request.url.size() + 256 + credentials.session_token.size() * 3 / 2);
  presigned.append(request.url);
  if (!url.has_query) {
    presigned.push_back('?');
  } else if (!url.query.empty()) {
    presigned.push_back('&');
  }
  const size_t query_start = presigned.size() - url.query.size() - (url.query.empty() ? 0 : 1);
  presigned.append("X-Amz-Algorithm=");
  presigned.append(kSigV4Algorithm);
  presigned.append("&X-Amz-Credential=");
  std::string credential = credentials.access_key_id + "/";
  AppendCredentialScope(credential, date, options);
  AppendUriEncode(presigned, credential);
  presigned.append("&X-Amz-Date=");
  presigned.append(date.stamp());
  presigned.append("&X-Amz-SignedHeaders=");
  AppendUriEncode(presigned, signed_headers);
  presigned.append("&X-Amz-Expires=");
  presigned.append(std::to_string(expires.count()));
  if (!credentials.session_token.empty()) {
    // Signed unless sign_session_token is off; AppendCanonicalQuery then skips it.
    presigned.append("&X-Amz-Security-Token=");
    AppendUriEncode(presigned, credentials.session_token);
  }

  Sha256Hasher hasher;
  std::string payload_storage;
  std::string_view payload_hash = options.s3 && options.payload_hash.empty()
                                      ? kUnsignedPayload
                                      : PayloadHash(request, options, hasher, payload_storage);
  std::string canonical;
  canonical.reserve(presigned.size() + 256);
  AppendCanonicalRequest(canonical, request.method, url.path,
                         std::string_view(presigned).substr(query_start), refs, signed_headers,
                         payload_hash, options);
  std::string string_to_sign;
  AppendStringToSign(string_to_sign, hasher, canonical, date, options);
  presigned.append("&X-Amz-Signature=");
  AppendSignature(presigned, hasher, string_to_sign, credentials.secret_access_key, date, options);
  return presigned;
}

std::string CanonicalRequest(const HttpRequest& request, const SigV4Options& options,
                             std::string_view signed_headers) {
  const UrlParts url = SplitUrl(request.url);
  std::vector<HeaderRef> refs =
      SelectHeaders(request.headers,
                    {.listed = signed_headers, .sign_token = options.sign_session_token}, url.host);
  std::string signed_list;
  AppendSignedHeaders(signed_list, refs);
  Sha256Hasher hasher;
  std::string payload_storage;
  std::string_view payload_hash;
  std::optional<std::string> content_sha256 = FindHeader(request.headers, "x-amz-content-sha256");
  if (options.payload_hash.empty() && content_sha256) {
    payload_hash = *content_sha256;
  } else {
    payload_hash = PayloadHash(request, options, hasher, payload_storage);
  }
  std::string canonical;
  AppendCanonicalRequest(canonical, request.method, url.path, url.query, refs, signed_list,
                         payload_hash, options);
  return canonical;
}

std::string StringToSign(std::string_view canonical_request, const SigV4Options& options) {
  Sha256Hasher hasher;
  std::string out;
  AppendStringToSign(out, hasher, canonical_request, MakeAmzDate(options.time), options);
  return out;
}

std::string Signature(std::string_view string_to_sign, std::string_view secret_access_key,
                      const SigV4Options& options) {
  Sha256Hasher hasher;
  std::string out;
  AppendSignature(out, hasher, string_to_sign, secret_access_key, MakeAmzDate(options.time),
                  options);
  return out;
}

}  // namespace spotrun
