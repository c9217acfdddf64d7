// Database: a thin, exception-free wrapper over one SQLite connection — open (creating the
// file 0600 with WAL and a busy timeout), execute, prepared statements with typed binds and
// columns, transactions, and schema migrations by `PRAGMA user_version`. One Database per
// thread; SQLite serialises writers across processes (the controller and the CLI).
#ifndef SPOTRUN_STORE_DATABASE_H_
#define SPOTRUN_STORE_DATABASE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace spotrun {

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds by 1-based index; return *this so binds chain.
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& BindNull(int index);

  // Advances to the next row: true with a row, false when done, an error otherwise.
  Result<bool> Step();
  // Runs to completion (for statements that return no rows).
  Status Run();
  void Reset();

  std::string ColumnText(int index) const;
  int64_t ColumnInt(int index) const;
  double ColumnDouble(int index) const;
  bool ColumnIsNull(int index) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Status bind_error_;
};

class Database {
 public:
  // Opens (or creates) the database at `path`; ":memory:" for an in-memory one.
  static Result<Database> Open(const std::string& path);
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  Status Execute(std::string_view sql);  // one or more statements, no results
  Result<Statement> Prepare(std::string_view sql);
  int64_t LastInsertRowId() const;
  int Changes() const;

  // Applies migrations[i] for every i >= the stored user_version, each in a transaction,
  // so a database is always at a known schema version.
  Status Migrate(const std::vector<std::string_view>& migrations);
  Result<int> SchemaVersion();

  // Runs `body` inside BEGIN IMMEDIATE … COMMIT; rolls back when it returns an error.
  template <typename F>
  Status Transaction(F&& body) {
    SPOTRUN_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
    Status s = body();
    if (!s.ok()) {
      (void)Execute("ROLLBACK");
      return s;
    }
    return Execute("COMMIT");
  }

  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace spotrun

#endif  // SPOTRUN_STORE_DATABASE_H_
