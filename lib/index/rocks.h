// RocksDB handles shared by index.cc and batch.cc.
#ifndef CUSTODIA_INDEX_ROCKS_H_
#define CUSTODIA_INDEX_ROCKS_H_

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "custodia/index.h"

namespace custodia {

enum Cf : size_t {
  kDefault = 0,
  kClips,
  kClipTime,
  kClipOfficer,
  kClipDevice,
  kClipStatus,
  kSightings,
  kAttentions,
  kAttVersions,
  kAttTime,
  kAttDim,
  kCounts,
  kLinks,
  kAttLinks,
  kLinkBlocks,
  kSubjectSeqs,
  kCfCount
};

const std::vector<std::string>& CfNames();

struct Index::Impl {
  std::string dir;
  bool read_only = false;
  // Writes made without the WAL (Write with sync=false) since the last flush.
  bool unlogged_writes = false;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;  // indexed by Cf
  // A read-only index never changes while open: its meta is read once.
  std::optional<IndexMeta> cached_meta;
  ~Impl();

  rocksdb::ColumnFamilyHandle* cf(Cf c) const { return cfs[c]; }
  // Get from the DB: nullopt when absent.
  Result<std::optional<std::string>> Get(Cf c, const std::string& key) const;
  // Many keys at once (batched, sorted MultiGet): values in the order of
  // `keys`, nullopt where absent.
  Result<std::vector<std::optional<std::string>>> MultiGet(Cf c, const std::vector<std::string>& keys) const;
};

Status FromRocks(const rocksdb::Status& s, const std::string& what);

}  // namespace custodia

#endif  // CUSTODIA_INDEX_ROCKS_H_
