// Which keys the bundle verifier trusts, and checking a signature with them.
//
// The root of trust is the key the auditor gives (--pubkey); without one it
// is the bundle's own station.pub, with a warning. Other keys in keys/ count
// only when a key already trusted signed their file: the current key's
// keys/<KEYID>.pub.vouch.minisig for an older key, or the vault's rotation
// statement keys/<KEYID>.pub.minisig (a new key signed by the one it
// replaced), which lets an auditor holding an older published key follow the
// rotations up to station.pub.
#include "bundle/verify_internal.h"

namespace custodia::bundle_internal {

namespace {

std::string_view KeyIdOfPath(std::string_view path) { return path.substr(bundle_file::kKeysDir.size() + 1, 16); }

void LoadKeys(Verification& v) {
  const std::string station(bundle_file::kStationPub);
  if (const std::string* t = v.Text(station)) {
    auto pk = PublicKey::Parse(*t, station);
    if (pk.ok()) {
      v.ring.station = *pk;
    } else {
      v.Problem(station, pk.status().message());
    }
  }
  for (const auto& [path, node] : v.files) {
    if (Classify(path) != FileKind::kKey) continue;
    const std::string* t = v.Text(path);
    if (!t) continue;
    auto pk = PublicKey::Parse(*t, path);
    if (!pk.ok()) {
      v.Problem(path, pk.status().message());
      continue;
    }
    if (pk->IdString() != KeyIdOfPath(path)) {
      v.Problem(path, "holds key " + pk->IdString() + ", not the key its name says");
      continue;
    }
    v.ring.keys[pk->key_id] = *pk;
  }
}

// A key in keys/ with the id of a trusted key must be that key.
void CheckSameKey(Verification& v, const PublicKey& trusted) {
  auto it = v.ring.keys.find(trusted.key_id);
  if (it != v.ring.keys.end() && !(it->second == trusted)) {
    v.Problem(BundleKeyPath(trusted.IdString()), "has the id of a trusted key but holds different key bytes (forged)");
    v.ring.keys.erase(it);
  }
}

void FollowVouchers(Verification& v) {
  std::set<std::string> pending;
  for (const auto& [path, node] : v.files) {
    if (Classify(path) == FileKind::kKeySig) pending.insert(path);
  }
  bool changed = true;
  while (changed) {
    changed = false;
    for (auto it = pending.begin(); it != pending.end();) {
      std::string key_path = BundleKeyOfSignature(*it);
      const std::string* sig_text = v.Text(*it);
      const std::string* key_text = v.Text(key_path);
      if (!sig_text || !key_text) {
        ++it;
        continue;
      }
      auto sig = Signature::Parse(*sig_text, *it);
      auto signer = sig.ok() ? v.trusted.find(sig->key_id) : v.trusted.end();
      auto key = v.ring.keys.end();
      for (auto k = v.ring.keys.begin(); k != v.ring.keys.end(); ++k) {
        if (k->second.IdString() == KeyIdOfPath(key_path)) key = k;
      }
      if (signer == v.trusted.end() || key == v.ring.keys.end() ||
          !VerifyData(signer->second, *sig, *key_text, *it).ok()) {
        ++it;
        continue;
      }
      v.trusted.emplace(key->first, key->second);
      it = pending.erase(it);
      changed = true;
    }
  }
  // What is left vouches for nothing: say why.
  for (const auto& path : pending) {
    std::string key_path = BundleKeyOfSignature(path);
    if (!v.Has(key_path)) {
      v.Problem(path, "signs " + key_path + ", which is not in the bundle");
      continue;
    }
    const std::string* sig_text = v.Text(path);
    const std::string* key_text = v.Text(key_path);
    if (!sig_text || !key_text) continue;
    auto sig = Signature::Parse(*sig_text, path);
    if (!sig.ok()) {
      v.Problem(path, sig.status().message());
      continue;
    }
    auto signer = v.trusted.find(sig->key_id);
    if (signer == v.trusted.end()) {
      v.Problem(path, "made by key " + KeyIdString(sig->key_id) + ", which is not trusted: " + key_path +
                          " is not vouched for");
      continue;
    }
    Status s = VerifyData(signer->second, *sig, *key_text, path);
    if (!s.ok()) v.Problem(path, s.message());
  }
}

}  // namespace

void CheckKeys(Verification& v) {
  LoadKeys(v);
  BundleReport& r = v.report;
  if (v.opts.pubkey) {
    const PublicKey& root = *v.opts.pubkey;
    v.trusted.emplace(root.key_id, root);
    r.trust = "the key given with --pubkey (" + v.opts.pubkey_source + ", key " + root.IdString() + ")";
  } else if (v.ring.station) {
    v.trusted.emplace(v.ring.station->key_id, *v.ring.station);
    r.trust = "the bundle's own station.pub (key " + v.ring.station->IdString() + ")";
    r.warnings.push_back(
        "no --pubkey given: trusting station.pub (key " + v.ring.station->IdString() +
        ") from the bundle itself. Whoever built the bundle chose that key. Compare its id with the station key id "
        "the municipality publishes, or run again with --pubkey FILE holding the station key obtained out of band.");
  } else {
    r.trust = "no key (station.pub is missing or unreadable and no --pubkey was given)";
  }
  for (const auto& [id, k] : std::map<KeyId, PublicKey>(v.trusted)) CheckSameKey(v, k);
  FollowVouchers(v);
  if (v.ring.station && !v.trusted.count(v.ring.station->key_id)) {
    v.Problem(std::string(bundle_file::kStationPub),
              "holds key " + v.ring.station->IdString() + ", which is not the key given with --pubkey (" +
                  (v.opts.pubkey ? v.opts.pubkey->IdString() : std::string("-")) +
                  ") and is not vouched for by it: this bundle was not signed by the station you trust");
  } else if (v.ring.station && !(v.trusted.at(v.ring.station->key_id) == *v.ring.station)) {
    v.Problem(std::string(bundle_file::kStationPub), "has the id of the trusted key but different key bytes (forged)");
  }
  for (const auto& [id, k] : v.trusted) r.trusted_keys.push_back(k.IdString());
}

bool Verification::CheckSignature(const std::string& sig_path, const std::string& signed_path, std::string_view data,
                                  const Blake2bDigest* prehash, Signature* out) {
  if (!Has(sig_path)) {
    Problem(signed_path, "its signature " + sig_path + " is missing");
    return false;
  }
  const std::string* text = Text(sig_path);
  if (!text) return false;  // unreadable: reported
  auto sig = Signature::Parse(*text, sig_path);
  if (!sig.ok()) {
    Problem(sig_path, sig.status().message());
    return false;
  }
  const std::string key_id = KeyIdString(sig->key_id);
  if (!ring.keys.count(sig->key_id)) {
    Problem(sig_path, "made by key " + key_id + ", but " + BundleKeyPath(key_id) +
                          " is not in the bundle (keys/ holds every key that signed something)");
  }
  auto signer = trusted.find(sig->key_id);
  if (signer == trusted.end()) {
    Problem(sig_path, "made by key " + key_id + ", which is not trusted (it is not " +
                          (opts.pubkey ? "the key given with --pubkey" : std::string("station.pub")) +
                          " and no trusted key vouches for it)");
    return false;
  }
  Status s = prehash ? VerifyPrehashed(signer->second, *sig, *prehash, signed_path)
                     : VerifyData(signer->second, *sig, data, signed_path);
  if (!s.ok()) {
    Problem(signed_path, "signature " + sig_path + " does not verify: " + s.message());
    return false;
  }
  if (out) *out = std::move(sig).value();
  return true;
}

}  // namespace custodia::bundle_internal
