// Ec2StateStore: the local cloud's durable state — Ec2State in one SQLite file under the
// server's --state directory, one row per record (its key and its JSON), so a change costs
// the rows it touched. Stop the server, start it again: every instance, request, image,
// volume, snapshot, key pair, group and tag is back as it was. Owns its database; not
// thread-safe (Ec2Model calls it under its mutex).
#ifndef SPOTRUN_LOCALCLOUD_EC2_STATE_STORE_H_
#define SPOTRUN_LOCALCLOUD_EC2_STATE_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "base/result.h"
#include "base/status.h"
#include "localcloud/ec2_state.h"

namespace spotrun {

class Database;

class Ec2StateStore {
 public:
  // Opens (creating, 0600) the database at `path` and migrates it.
  static Result<std::unique_ptr<Ec2StateStore>> Open(const std::string& path);
  ~Ec2StateStore();
  Ec2StateStore(const Ec2StateStore&) = delete;
  Ec2StateStore& operator=(const Ec2StateStore&) = delete;

  // Everything saved; an empty Ec2State (no region) when nothing was ever saved.
  Result<Ec2State> Load();
  // Writes every key in `state.dirty` (a key no longer in the state deletes its row), plus
  // the region and owner, in one transaction, then clears `state.dirty`. On error nothing is
  // written and `dirty` is kept.
  Status Flush(Ec2State& state);

 private:
  explicit Ec2StateStore(std::unique_ptr<Database> db);
  Status WriteRecords(const Ec2State& state);
  std::unique_ptr<Database> db_;
  // The region and owner last saved or loaded, so a flush with nothing dirty writes nothing.
  std::optional<std::pair<std::string, std::string>> saved_meta_;
};

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_STATE_STORE_H_
