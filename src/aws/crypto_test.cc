#include "aws/crypto.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

namespace spotrun {
namespace {

// FIPS 180-2 appendix B vectors.
TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, RawDigestMatchesHex) {
  Sha256Digest d = Sha256("abc");
  EXPECT_EQ(d.bytes[0], 0xba);
  EXPECT_EQ(d.bytes[31], 0xad);
  EXPECT_EQ(d.view().size(), 32u);
  EXPECT_EQ(d.Hex(), Sha256Hex("abc"));
}

TEST(HexEncodeTest, LowerCaseTwoDigitsPerByte) {
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(HexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  std::string out = "x=";
  AppendHex(out, "\x10\xfe");
  EXPECT_EQ(out, "x=10fe");
}

TEST(Sha256HasherTest, ChunksGiveTheSameDigestAsOneShot) {
  std::string data;
  for (int i = 0; i < 10000; ++i) data.push_back(static_cast<char>(i * 31 + 7));
  for (size_t chunk : {1u, 7u, 63u, 64u, 65u, 4096u}) {
    Sha256Hasher hasher;
    for (size_t at = 0; at < data.size(); at += chunk) {
      hasher.Update(std::string_view(data).substr(at, chunk));
    }
    EXPECT_EQ(hasher.Finish(), Sha256(data)) << "chunk " << chunk;
  }
}

TEST(Sha256HasherTest, MillionAsInPieces) {
  Sha256Hasher hasher;
  std::string thousand(1000, 'a');
  for (int i = 0; i < 1000; ++i) hasher.Update(thousand);
  EXPECT_EQ(hasher.FinishHex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256HasherTest, StartsOverAfterFinishAndReset) {
  Sha256Hasher hasher;
  EXPECT_EQ(hasher.FinishHex(), Sha256Hex(""));
  hasher.Update("ab");
  hasher.Update("c");
  EXPECT_EQ(hasher.FinishHex(), Sha256Hex("abc"));
  hasher.Update("abc");
  EXPECT_EQ(hasher.FinishHex(), Sha256Hex("abc"));
  hasher.Update("garbage");
  hasher.Reset();
  hasher.Update("abc");
  EXPECT_EQ(hasher.FinishHex(), Sha256Hex("abc"));
  hasher.Update("garbage");
  EXPECT_EQ(hasher.Hash("abc"), Sha256("abc"));
}

TEST(Sha256HasherTest, MovesItsState) {
  Sha256Hasher a;
  a.Update("ab");
  Sha256Hasher b = std::move(a);
  b.Update("c");
  EXPECT_EQ(b.FinishHex(), Sha256Hex("abc"));
  Sha256Hasher c;
  c.Update("zzz");
  c = std::move(b);
  c.Update("abc");
  EXPECT_EQ(c.FinishHex(), Sha256Hex("abc"));
}

// RFC 4231 test cases 1, 2, 3, 4, 6 and 7 (5 truncates the output, which we never do).
TEST(HmacSha256Test, Rfc4231Vectors) {
  EXPECT_EQ(HmacSha256(std::string(20, '\x0b'), "Hi There").Hex(),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(HmacSha256("Jefe", "what do ya want for nothing?").Hex(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HmacSha256(std::string(20, '\xaa'), std::string(50, '\xdd')).Hex(),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  std::string key4;
  for (int i = 1; i <= 25; ++i) key4.push_back(static_cast<char>(i));
  EXPECT_EQ(HmacSha256(key4, std::string(50, '\xcd')).Hex(),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
  EXPECT_EQ(
      HmacSha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")
          .Hex(),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(HmacSha256(std::string(131, '\xaa'),
                       "This is a test using a larger than block-size key and a larger than "
                       "block-size data. The key needs to be hashed before being used by the HMAC "
                       "algorithm.")
                .Hex(),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

// Our HMAC is written by hand on the digest; check it against OpenSSL's own at every key
// length around the block size (63, 64, 65 are the edges), reusing one hasher throughout.
TEST(HmacSha256Test, MatchesOpenSslAtEveryKeyLength) {
  Sha256Hasher hasher;
  std::string data = "20150830/us-east-1/service/aws4_request";
  for (size_t length = 0; length <= 200; ++length) {
    std::string key;
    for (size_t i = 0; i < length; ++i) key.push_back(static_cast<char>(i * 7 + length));
    unsigned char expected[EVP_MAX_MD_SIZE];
    unsigned int expected_size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), expected,
         &expected_size);
    std::string_view want(reinterpret_cast<const char*>(expected), expected_size);
    EXPECT_EQ(HmacSha256(hasher, key, data).view(), want) << "key length " << length;
    EXPECT_EQ(HmacSha256(key, data).view(), want) << "key length " << length;
  }
}

}  // namespace
}  // namespace spotrun
