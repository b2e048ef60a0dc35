// Proof JSON (SPEC §5): hashes in standard padded base64. Parsing is strict
// and bounded: proofs arrive in export bundles, which are hostile input.
#include <cstring>
#include <initializer_list>

#include "custodia/custody.h"
#include "custodia/encoding.h"

namespace custodia {

namespace {

// A tree of at most 2^64 leaves: an inclusion proof has at most 64 hashes, a
// consistency proof at most 2·64.
constexpr size_t kMaxInclusionHashes = 64;
constexpr size_t kMaxConsistencyHashes = 128;
constexpr size_t kMaxCheckpointText = 1 << 20;

Status Bad(std::string_view where, const std::string& why) { return Status::Invalid(std::string(where) + ": " + why); }

Status ExactFields(const Json& j, std::initializer_list<std::string_view> fields, std::string_view where) {
  if (!j.is_object()) return Bad(where, "a proof must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (auto f : fields) known = known || key == f;
    if (!known) return Bad(where, "unknown field \"" + key.substr(0, 80) + "\"");
  }
  for (auto f : fields) {
    if (!j.contains(f)) return Bad(where, "missing field \"" + std::string(f) + "\"");
  }
  return Status::Ok();
}

Result<uint64_t> Unsigned(const Json& j, std::string_view key, std::string_view where) {
  const Json& v = j.at(std::string(key));
  if (!v.is_number_unsigned()) return Bad(where, "field \"" + std::string(key) + "\" must be a non-negative integer");
  return v.get<uint64_t>();
}

Result<Sha256Digest> Hash(const Json& v, const std::string& what, std::string_view where) {
  if (!v.is_string()) return Bad(where, what + " must be a base64 string");
  auto raw = Base64Decode(v.get_ref<const std::string&>(), what);
  if (!raw.ok()) return raw.status().Prefixed(where);
  if (raw->size() != 32) return Bad(where, what + " is " + std::to_string(raw->size()) + " bytes, not 32");
  Sha256Digest d;
  std::memcpy(d.data(), raw->data(), 32);
  return d;
}

Json HashList(const std::vector<Sha256Digest>& hashes) {
  Json a = Json::array();
  for (const auto& h : hashes) a.push_back(Base64Encode(h));
  return a;
}

Result<std::vector<Sha256Digest>> ParseHashList(const Json& j, size_t max, std::string_view where) {
  const Json& a = j.at("hashes");
  if (!a.is_array()) return Bad(where, "field \"hashes\" must be an array");
  if (a.size() > max) {
    return Bad(where, "field \"hashes\" has " + std::to_string(a.size()) + " entries, more than any proof needs (" +
                          std::to_string(max) + ")");
  }
  std::vector<Sha256Digest> out;
  for (size_t i = 0; i < a.size(); ++i) {
    ASSIGN_OR_RETURN(Sha256Digest h, Hash(a[i], "hashes[" + std::to_string(i) + "]", where));
    out.push_back(h);
  }
  return out;
}

}  // namespace

Json InclusionProof::ToJson() const {
  Json j = Json::object();
  j["checkpoint"] = checkpoint;
  j["hashes"] = HashList(hashes);
  j["leaf_hash"] = Base64Encode(leaf_hash);
  j["leaf_index"] = leaf_index;
  j["tree_size"] = tree_size;
  return j;
}

Result<InclusionProof> InclusionProof::FromJson(const Json& j, std::string_view where) {
  RETURN_IF_ERROR(ExactFields(j, {"checkpoint", "hashes", "leaf_hash", "leaf_index", "tree_size"}, where));
  InclusionProof p;
  ASSIGN_OR_RETURN(p.leaf_index, Unsigned(j, "leaf_index", where));
  ASSIGN_OR_RETURN(p.tree_size, Unsigned(j, "tree_size", where));
  ASSIGN_OR_RETURN(p.leaf_hash, Hash(j.at("leaf_hash"), "leaf_hash", where));
  ASSIGN_OR_RETURN(p.hashes, ParseHashList(j, kMaxInclusionHashes, where));
  const Json& cp = j.at("checkpoint");
  if (!cp.is_string()) return Bad(where, "field \"checkpoint\" must be a string");
  if (cp.get_ref<const std::string&>().size() > kMaxCheckpointText) {
    return Bad(where, "field \"checkpoint\" is too long");
  }
  p.checkpoint = cp.get<std::string>();
  return p;
}

Json ConsistencyProof::ToJson() const {
  Json j = Json::object();
  j["hashes"] = HashList(hashes);
  j["new_size"] = new_size;
  j["old_size"] = old_size;
  return j;
}

Result<ConsistencyProof> ConsistencyProof::FromJson(const Json& j, std::string_view where) {
  RETURN_IF_ERROR(ExactFields(j, {"hashes", "new_size", "old_size"}, where));
  ConsistencyProof p;
  ASSIGN_OR_RETURN(p.old_size, Unsigned(j, "old_size", where));
  ASSIGN_OR_RETURN(p.new_size, Unsigned(j, "new_size", where));
  ASSIGN_OR_RETURN(p.hashes, ParseHashList(j, kMaxConsistencyHashes, where));
  return p;
}

}  // namespace custodia
