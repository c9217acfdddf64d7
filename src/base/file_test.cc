#include "base/file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base/temp_dir.h"

namespace spotrun {
namespace {

TEST(FileTest, AtomicWriteCreatesParentsAndSetsMode) {
  auto dir = ScopedTempDir::Create();
  ASSERT_TRUE(dir.ok());
  std::string path = (dir->path() / "a" / "b" / "secret").string();
  ASSERT_TRUE(WriteFileAtomic(path, "key", 0600).ok());
  EXPECT_EQ(*ReadFile(path), "key");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_TRUE(WriteFileAtomic(path, "new", 0600).ok());
  EXPECT_EQ(*ReadFile(path), "new");
}

TEST(FileTest, ReadMissingIsNotFound) {
  auto r = ReadFile("/nonexistent/file");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kNotFound);
}

TEST(FileTest, TempDirIsRemoved) {
  std::filesystem::path p;
  {
    auto dir = ScopedTempDir::Create("spotrun-test");
    ASSERT_TRUE(dir.ok());
    p = dir->path();
    ASSERT_TRUE(WriteFileAtomic((p / "x").string(), "1").ok());
    EXPECT_TRUE(std::filesystem::exists(p / "x"));
  }
  EXPECT_FALSE(std::filesystem::exists(p));
}

TEST(FileTest, ExpandHome) {
  EXPECT_EQ(ExpandHome("~/x"), HomeDir() + "/x");
  EXPECT_EQ(ExpandHome("/abs"), "/abs");
}

}  // namespace
}  // namespace spotrun
