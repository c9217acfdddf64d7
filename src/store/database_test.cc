#include "store/database.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base/temp_dir.h"

namespace spotrun {
namespace {

TEST(DatabaseTest, MigrateInsertQuery) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  std::vector<std::string_view> migrations = {
      "CREATE TABLE jobs (id TEXT PRIMARY KEY, state TEXT NOT NULL, cost REAL)",
      "ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0"};
  ASSERT_TRUE(db->Migrate(migrations).ok());
  EXPECT_EQ(*db->SchemaVersion(), 2);
  ASSERT_TRUE(db->Migrate(migrations).ok());  // idempotent

  auto insert = db->Prepare("INSERT INTO jobs (id, state, cost, attempts) VALUES (?, ?, ?, ?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(
      insert->Bind(1, "job-1").Bind(2, "running").Bind(3, 0.25).Bind(4, int64_t{2}).Run().ok());
  auto q = db->Prepare("SELECT id, state, cost, attempts FROM jobs");
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE(*q->Step());
  EXPECT_EQ(q->ColumnText(0), "job-1");
  EXPECT_EQ(q->ColumnText(1), "running");
  EXPECT_DOUBLE_EQ(q->ColumnDouble(2), 0.25);
  EXPECT_EQ(q->ColumnInt(3), 2);
  EXPECT_FALSE(*q->Step());
}

TEST(DatabaseTest, TransactionRollsBackOnError) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Execute("CREATE TABLE t (x INTEGER)").ok());
  Status s = db->Transaction([&]() -> Status {
    SPOTRUN_RETURN_IF_ERROR(db->Execute("INSERT INTO t VALUES (1)"));
    return Status::Internal("boom");
  });
  EXPECT_EQ(s.message(), "boom");
  auto q = db->Prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(*q->Step());
  EXPECT_EQ(q->ColumnInt(0), 0);
}

TEST(DatabaseTest, FileIsPrivateAndNewerSchemaIsRefused) {
  auto dir = ScopedTempDir::Create();
  ASSERT_TRUE(dir.ok());
  std::string path = (dir->path() / "state.db").string();
  {
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Migrate({"CREATE TABLE a (x)", "CREATE TABLE b (x)"}).ok());
  }
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  Status s = db->Migrate({"CREATE TABLE a (x)"});
  EXPECT_EQ(s.kind(), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(s.hint(), "upgrade spotrun");
}

TEST(DatabaseTest, BadSqlIsAnError) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE(db->Execute("NOT SQL").ok());
  EXPECT_FALSE(db->Prepare("SELECT * FROM missing").ok());
}

}  // namespace
}  // namespace spotrun
