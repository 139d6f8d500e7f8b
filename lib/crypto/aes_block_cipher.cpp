// AES-128 single-block encryption (FIPS 197) for Milenage, on one OpenSSL
// ECB context per thread that each cipher object re-keys when it needs it.
//
// Why per thread: Milenage keys a new cipher for every authentication (K is
// per subscriber). A context per object cost two heap allocations for the
// context and its provider state, plus the object's own; re-keying a kept
// context (EVP_EncryptInit_ex with a null cipher) reuses the provider state
// and only expands the key. A context is never shared between threads, so
// no locking is needed, and a forked child keeps the forking thread's.

#include <openssl/evp.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "meridian/crypto/aes.hpp"

namespace meridian::crypto {
namespace {

// OpenSSL fails here only when it cannot allocate or the default provider is
// missing; no input reaches it. Returning anything would hand Milenage a
// predictable block (and so predictable RES, CK, IK, AK), which is worse than
// stopping: this is a broken internal invariant, as in sha256.cpp.
[[noreturn]] void backend_broken() noexcept { std::abort(); }

constexpr std::uint8_t zero_key[16] = {};

// This thread's ECB context and which cipher object's key it holds. Trivially
// destructible on purpose: it stays readable during thread exit after the
// reaper below has freed the context, so a cipher destroyed then (a static
// one, say) finds no context rather than a destroyed object.
struct thread_context {
  EVP_CIPHER_CTX* ctx = nullptr;
  std::uint64_t keyed_for = 0;  // a key_id_, or 0: no object's key (a zero key)
};
thread_local thread_context this_thread;

struct thread_context_reaper {
  ~thread_context_reaper() {
    EVP_CIPHER_CTX_free(this_thread.ctx);  // cleanses the key schedule
    this_thread = thread_context{};
  }
};

// This thread's context, made on first use; null if OpenSSL cannot make one.
EVP_CIPHER_CTX* context() noexcept {
  if (this_thread.ctx != nullptr) return this_thread.ctx;
  // Fetched once per process: an implicit fetch by name costs more than the
  // blocks Milenage encrypts.
  static EVP_CIPHER* const ecb = EVP_CIPHER_fetch(nullptr, "AES-128-ECB", nullptr);
  if (ecb == nullptr) return nullptr;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (ctx == nullptr) return nullptr;
  if (EVP_EncryptInit_ex(ctx, ecb, nullptr, zero_key, nullptr) != 1 || EVP_CIPHER_CTX_set_padding(ctx, 0) != 1) {
    EVP_CIPHER_CTX_free(ctx);
    return nullptr;
  }
  thread_local thread_context_reaper reaper;  // frees the context at thread exit
  this_thread = thread_context{ctx, 0};
  return ctx;
}

void rekey(const std::uint8_t* key, std::uint64_t id) noexcept {
  // A null cipher keeps the provider's context and only sets the key.
  if (EVP_EncryptInit_ex(this_thread.ctx, nullptr, nullptr, key, nullptr) != 1) backend_broken();
  this_thread.keyed_for = id;
}

// Identifies keys, not addresses: a new cipher at a dead one's address must
// not inherit its schedule. 64 bits never wrap in practice.
std::uint64_t new_key_id() noexcept {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

aes128_block_cipher::aes128_block_cipher(const key128& key) : key_(key), key_id_(new_key_id()) {
  // Only allocation can fail in making this thread's context; report it here
  // rather than abort in encrypt().
  if (context() == nullptr) throw std::bad_alloc();
}

aes128_block_cipher::~aes128_block_cipher() { forget_key(); }

aes128_block_cipher::aes128_block_cipher(aes128_block_cipher&& o) noexcept : key_(o.key_), key_id_(o.key_id_) {
  o.key_id_ = 0;
  secure_wipe(o.key_.mutable_bytes());
}

aes128_block_cipher& aes128_block_cipher::operator=(aes128_block_cipher&& o) noexcept {
  if (this != &o) {
    forget_key();
    key_ = o.key_;
    key_id_ = o.key_id_;
    o.key_id_ = 0;
    secure_wipe(o.key_.mutable_bytes());
  }
  return *this;
}

// The key schedule of K must not outlive the object in this thread's context:
// overwrite it with a zero key's (one key expansion). Another thread's context
// that ran this cipher keeps its schedule until that thread's next re-key.
void aes128_block_cipher::forget_key() noexcept {
  if (key_id_ != 0 && this_thread.ctx != nullptr && this_thread.keyed_for == key_id_) rekey(zero_key, 0);
  key_id_ = 0;
}

// FIPS 197: one block. ECB carries no state between blocks, so the context
// needs keying only when another cipher (or none) used it last.
// A moved-from cipher (key id 0) is a caller bug, also stopped here.
block128 aes128_block_cipher::encrypt(const block128& in) const noexcept {
  EVP_CIPHER_CTX* ctx = context();
  if (key_id_ == 0 || ctx == nullptr) backend_broken();
  if (this_thread.keyed_for != key_id_) rekey(key_.data(), key_id_);
  block128 out{};
  int n = 0;
  if (EVP_EncryptUpdate(ctx, out.data(), &n, in.data(), 16) != 1 || n != 16) backend_broken();
  return out;
}

}  // namespace meridian::crypto
