// libcurl, loaded when the first HTTP request needs it rather than when spotrun starts.
//
// libcurl drags in some 30 shared libraries (krb5, ldap, gnutls, rtmp, ssh2 …) whose loading
// alone cost ~15 ms on every start — more than `spotrun --help` may take in all. So spotrun
// does not link libcurl: this file defines the libcurl functions CurlHttpClient calls, and
// each forwards to the real one, looked up with dlopen("libcurl.so.4") on first use
// (thread-safe, once). When libcurl is missing every call fails the way libcurl reports
// failure (CURLE_FAILED_INIT, a null handle), and curl_easy_strerror says what to install.
#include <curl/curl.h>
#include <dlfcn.h>

#include <cstdarg>
#include <mutex>

// curl.h turns these two into macros (type checks); the definitions below are the functions.
#undef curl_easy_setopt
#undef curl_easy_getinfo

namespace {

struct CurlLibrary {
  void* handle = nullptr;
  CURLcode (*global_init)(long) = nullptr;
  CURL* (*easy_init)() = nullptr;
  void (*easy_cleanup)(CURL*) = nullptr;
  void (*easy_reset)(CURL*) = nullptr;
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...) = nullptr;
  CURLcode (*easy_perform)(CURL*) = nullptr;
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...) = nullptr;
  const char* (*easy_strerror)(CURLcode) = nullptr;
  curl_slist* (*slist_append)(curl_slist*, const char*) = nullptr;
  void (*slist_free_all)(curl_slist*) = nullptr;
  CURLU* (*url)() = nullptr;
  void (*url_cleanup)(CURLU*) = nullptr;
  CURLUcode (*url_set)(CURLU*, CURLUPart, const char*, unsigned int) = nullptr;
  CURLUcode (*url_get)(CURLU*, CURLUPart, char**, unsigned int) = nullptr;
  const char* (*url_strerror)(CURLUcode) = nullptr;
  void (*free)(void*) = nullptr;
  bool ok = false;
};

template <typename F>
bool Bind(void* handle, const char* name, F& f) {
  f = reinterpret_cast<F>(dlsym(handle, name));
  return f != nullptr;
}

const CurlLibrary& Curl() {
  static const CurlLibrary* library = [] {
    auto* c = new CurlLibrary();
    c->handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (c->handle == nullptr) return c;
    c->ok = Bind(c->handle, "curl_global_init", c->global_init) &&
            Bind(c->handle, "curl_easy_init", c->easy_init) &&
            Bind(c->handle, "curl_easy_cleanup", c->easy_cleanup) &&
            Bind(c->handle, "curl_easy_reset", c->easy_reset) &&
            Bind(c->handle, "curl_easy_setopt", c->easy_setopt) &&
            Bind(c->handle, "curl_easy_perform", c->easy_perform) &&
            Bind(c->handle, "curl_easy_getinfo", c->easy_getinfo) &&
            Bind(c->handle, "curl_easy_strerror", c->easy_strerror) &&
            Bind(c->handle, "curl_slist_append", c->slist_append) &&
            Bind(c->handle, "curl_slist_free_all", c->slist_free_all) &&
            Bind(c->handle, "curl_url", c->url) &&
            Bind(c->handle, "curl_url_cleanup", c->url_cleanup) &&
            Bind(c->handle, "curl_url_set", c->url_set) &&
            Bind(c->handle, "curl_url_get", c->url_get) &&
            Bind(c->handle, "curl_url_strerror", c->url_strerror) &&
            Bind(c->handle, "curl_free", c->free);
    return c;
  }();
  return *library;
}

constexpr const char* kMissing =
    "libcurl.so.4 could not be loaded (install Debian's libcurl4: apt-get install libcurl4)";

}  // namespace

extern "C" {

CURLcode curl_global_init(long flags) {
  return Curl().ok ? Curl().global_init(flags) : CURLE_FAILED_INIT;
}

CURL* curl_easy_init() { return Curl().ok ? Curl().easy_init() : nullptr; }

void curl_easy_cleanup(CURL* curl) {
  if (Curl().ok && curl != nullptr) Curl().easy_cleanup(curl);
}

void curl_easy_reset(CURL* curl) {
  if (Curl().ok && curl != nullptr) Curl().easy_reset(curl);
}

// Every option takes one argument whose type its number's range gives (curl.h's
// CURLOPTTYPE_*): a long, a pointer (object, string, list, callback, blob) or a curl_off_t.
CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...) {
  if (!Curl().ok || curl == nullptr) return CURLE_FAILED_INIT;
  va_list args;
  va_start(args, option);
  CURLcode code;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    long value = va_arg(args, long);
    code = Curl().easy_setopt(curl, option, value);
  } else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB) {
    curl_off_t value = va_arg(args, curl_off_t);
    code = Curl().easy_setopt(curl, option, value);
  } else {
    void* value = va_arg(args, void*);
    code = Curl().easy_setopt(curl, option, value);
  }
  va_end(args);
  return code;
}

CURLcode curl_easy_perform(CURL* curl) {
  return Curl().ok && curl != nullptr ? Curl().easy_perform(curl) : CURLE_FAILED_INIT;
}

// Every CURLINFO takes one pointer to where the answer goes.
CURLcode curl_easy_getinfo(CURL* curl, CURLINFO info, ...) {
  if (!Curl().ok || curl == nullptr) return CURLE_FAILED_INIT;
  va_list args;
  va_start(args, info);
  void* out = va_arg(args, void*);
  va_end(args);
  return Curl().easy_getinfo(curl, info, out);
}

const char* curl_easy_strerror(CURLcode code) {
  return Curl().ok ? Curl().easy_strerror(code) : kMissing;
}

curl_slist* curl_slist_append(curl_slist* list, const char* line) {
  return Curl().ok ? Curl().slist_append(list, line) : nullptr;
}

void curl_slist_free_all(curl_slist* list) {
  if (Curl().ok) Curl().slist_free_all(list);
}

CURLU* curl_url() { return Curl().ok ? Curl().url() : nullptr; }

void curl_url_cleanup(CURLU* url) {
  if (Curl().ok) Curl().url_cleanup(url);
}

CURLUcode curl_url_set(CURLU* url, CURLUPart part, const char* content, unsigned int flags) {
  return Curl().ok && url != nullptr ? Curl().url_set(url, part, content, flags)
                                     : CURLUE_OUT_OF_MEMORY;
}

CURLUcode curl_url_get(CURLU* url, CURLUPart part, char** content, unsigned int flags) {
  return Curl().ok && url != nullptr ? Curl().url_get(url, part, content, flags)
                                     : CURLUE_OUT_OF_MEMORY;
}

const char* curl_url_strerror(CURLUcode code) {
  return Curl().ok ? Curl().url_strerror(code) : kMissing;
}

void curl_free(void* p) {
  if (Curl().ok) Curl().free(p);
}

}  // extern "C"
