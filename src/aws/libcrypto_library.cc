// OpenSSL's libcrypto, loaded when spotrun first hashes or signs rather than when it starts.
//
// Loading libcrypto costs ~3.5 ms at every start — a third of what `spotrun --help` may take
// in all — and most commands that never call AWS (help, version, region, completion) have no
// use for it. So spotrun does not link it: this file defines the few libcrypto functions
// aws/crypto.cc and aws/client_token.cc call, each forwarding to the real one, looked up with
// dlopen("libcrypto.so.3") on first use (thread-safe, once). libcrypto is part of every
// Debian system (libssl3, which ssh and apt need); without it spotrun says so and exits.
// Programs that also link libcrypto themselves (spotrun-cloud, the tests) get the same
// library: dlopen finds the copy already loaded.
#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

namespace {

struct LibCrypto {
  EVP_MD* (*md_fetch)(OSSL_LIB_CTX*, const char*, const char*) = nullptr;
  const EVP_MD* (*sha256)() = nullptr;
  EVP_MD_CTX* (*md_ctx_new)() = nullptr;
  void (*md_ctx_free)(EVP_MD_CTX*) = nullptr;
  int (*digest_init_ex)(EVP_MD_CTX*, const EVP_MD*, ENGINE*) = nullptr;
  int (*digest_update)(EVP_MD_CTX*, const void*, size_t) = nullptr;
  int (*digest_final_ex)(EVP_MD_CTX*, unsigned char*, unsigned int*) = nullptr;
  int (*digest)(const void*, size_t, unsigned char*, unsigned int*, const EVP_MD*,
                ENGINE*) = nullptr;
  int (*rand_bytes)(unsigned char*, int) = nullptr;
};

template <typename F>
void Bind(void* handle, const char* name, F& f) {
  f = reinterpret_cast<F>(dlsym(handle, name));
  if (f == nullptr) {
    std::fprintf(stderr, "error: libcrypto.so.3 has no %s\n  reinstall Debian's libssl3\n", name);
    std::exit(1);
  }
}

const LibCrypto& Crypto() {
  static const LibCrypto* library = [] {
    void* handle = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      std::fprintf(stderr,
                   "error: libcrypto.so.3 could not be loaded: %s\n"
                   "  install Debian's libssl3 (apt-get install libssl3)\n",
                   dlerror());
      std::exit(1);
    }
    auto* c = new LibCrypto();
    Bind(handle, "EVP_MD_fetch", c->md_fetch);
    Bind(handle, "EVP_sha256", c->sha256);
    Bind(handle, "EVP_MD_CTX_new", c->md_ctx_new);
    Bind(handle, "EVP_MD_CTX_free", c->md_ctx_free);
    Bind(handle, "EVP_DigestInit_ex", c->digest_init_ex);
    Bind(handle, "EVP_DigestUpdate", c->digest_update);
    Bind(handle, "EVP_DigestFinal_ex", c->digest_final_ex);
    Bind(handle, "EVP_Digest", c->digest);
    Bind(handle, "RAND_bytes", c->rand_bytes);
    return c;
  }();
  return *library;
}

}  // namespace

extern "C" {

EVP_MD* EVP_MD_fetch(OSSL_LIB_CTX* ctx, const char* algorithm, const char* properties) {
  return Crypto().md_fetch(ctx, algorithm, properties);
}

const EVP_MD* EVP_sha256() { return Crypto().sha256(); }

EVP_MD_CTX* EVP_MD_CTX_new() { return Crypto().md_ctx_new(); }

void EVP_MD_CTX_free(EVP_MD_CTX* ctx) { Crypto().md_ctx_free(ctx); }

int EVP_DigestInit_ex(EVP_MD_CTX* ctx, const EVP_MD* type, ENGINE* engine) {
  return Crypto().digest_init_ex(ctx, type, engine);
}

int EVP_DigestUpdate(EVP_MD_CTX* ctx, const void* data, size_t size) {
  return Crypto().digest_update(ctx, data, size);
}

int EVP_DigestFinal_ex(EVP_MD_CTX* ctx, unsigned char* md, unsigned int* size) {
  return Crypto().digest_final_ex(ctx, md, size);
}

int EVP_Digest(const void* data, size_t count, unsigned char* md, unsigned int* size,
               const EVP_MD* type, ENGINE* engine) {
  return Crypto().digest(data, count, md, size, type, engine);
}

int RAND_bytes(unsigned char* buf, int num) { return Crypto().rand_bytes(buf, num); }

}  // extern "C"
