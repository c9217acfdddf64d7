#include "localcloud/ec2_state_store.h"

#include <fmt/format.h>

#include "localcloud/ec2_state_json.h"
#include "store/database.h"

namespace spotrun {
namespace {

// Schema versions (PRAGMA user_version); append, never edit.
constexpr std::string_view kMigrations[] = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE records (key TEXT PRIMARY KEY, kind TEXT NOT NULL, json TEXT NOT NULL);",
};

}  // namespace

Ec2StateStore::Ec2StateStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
Ec2StateStore::~Ec2StateStore() = default;

Result<std::unique_ptr<Ec2StateStore>> Ec2StateStore::Open(const std::string& path) {
  SPOTRUN_ASSIGN_OR_RETURN(Database db, Database::Open(path));
  SPOTRUN_RETURN_IF_ERROR(db.Migrate({std::begin(kMigrations), std::end(kMigrations)}));
  return std::unique_ptr<Ec2StateStore>(
      new Ec2StateStore(std::make_unique<Database>(std::move(db))));
}

Result<Ec2State> Ec2StateStore::Load() {
  Ec2State state;
  SPOTRUN_ASSIGN_OR_RETURN(Statement meta, db_->Prepare("SELECT key, value FROM meta"));
  for (;;) {
    SPOTRUN_ASSIGN_OR_RETURN(bool row, meta.Step());
    if (!row) break;
    std::string key = meta.ColumnText(0);
    if (key == "region") state.region = meta.ColumnText(1);
    if (key == "owner_id") state.owner_id = meta.ColumnText(1);
  }
  SPOTRUN_ASSIGN_OR_RETURN(Statement records, db_->Prepare("SELECT key, json FROM records"));
  for (;;) {
    SPOTRUN_ASSIGN_OR_RETURN(bool row, records.Step());
    if (!row) break;
    Status s = RestoreRecord(state, records.ColumnText(0), records.ColumnText(1));
    if (!s.ok()) return s.WithContext(db_->path());
  }
  saved_meta_.emplace(state.region, state.owner_id);
  return state;
}

Status Ec2StateStore::Flush(Ec2State& state) {
  std::pair<std::string, std::string> meta{state.region, state.owner_id};
  if (state.dirty.empty() && saved_meta_ == meta) return Status::Ok();
  SPOTRUN_RETURN_IF_ERROR(db_->Transaction([&] { return WriteRecords(state); }));
  saved_meta_ = std::move(meta);
  state.dirty.clear();
  return Status::Ok();
}

Status Ec2StateStore::WriteRecords(const Ec2State& state) {
  SPOTRUN_ASSIGN_OR_RETURN(Statement put_meta,
                           db_->Prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
  SPOTRUN_RETURN_IF_ERROR(put_meta.Bind(1, "region").Bind(2, state.region).Run());
  put_meta.Reset();
  SPOTRUN_RETURN_IF_ERROR(put_meta.Bind(1, "owner_id").Bind(2, state.owner_id).Run());

  SPOTRUN_ASSIGN_OR_RETURN(
      Statement put,
      db_->Prepare("INSERT OR REPLACE INTO records (key, kind, json) VALUES (?, ?, ?)"));
  SPOTRUN_ASSIGN_OR_RETURN(Statement remove, db_->Prepare("DELETE FROM records WHERE key = ?"));
  for (const std::string& key : state.dirty) {
    SPOTRUN_ASSIGN_OR_RETURN(Ec2RecordKind kind, RecordKindOfKey(key));
    SPOTRUN_ASSIGN_OR_RETURN(std::optional<std::string> json, RecordJson(state, key));
    if (json) {
      put.Reset();
      SPOTRUN_RETURN_IF_ERROR(put.Bind(1, key).Bind(2, RecordKindName(kind)).Bind(3, *json).Run());
    } else {
      remove.Reset();
      SPOTRUN_RETURN_IF_ERROR(remove.Bind(1, key).Run());
    }
  }
  return Status::Ok();
}

}  // namespace spotrun
