// verify-proofs.py, the script every bundle carries (doc/formats/bundle.md):
// Python 3 standard library only, it checks each inclusion proof against the
// checkpoint's root. Kept here as the one copy; bundle tests run it.
#include "export/export_internal.h"

namespace custodia::export_internal {

std::string_view VerifyProofsScript() {
  static constexpr std::string_view kScript = R"PY(#!/usr/bin/env python3
# verify-proofs.py: checks the custody proofs of a custodia export bundle.
# Python 3 standard library only. Run it in the bundle directory:
#
#     python3 verify-proofs.py
#
# For every custody/proofs/<seq>.json it
#   1. takes the line of custody/entries.jsonl whose "seq" is <seq> (the file
#      holds a selection of the log, so line numbers are not seqs) and computes
#      its leaf hash: SHA-256 of the byte 0x00 followed by the line (without its
#      newline), as RFC 6962 / RFC 9162 define it;
#   2. checks that the proof is about that leaf, in the tree of the size that
#      custody/checkpoint states, and against that very checkpoint;
#   3. walks the inclusion proof up to a root (RFC 9162, section 2.1.3.2) and
#      compares it with the root hash written in custody/checkpoint.
# It prints one line per proof and exits with status 1 if anything fails.
#
# What it does NOT check: signatures. Python's standard library has no
# Ed25519, so the checkpoint's signature is checked with minisign:
#
#     minisign -Vm custody/checkpoint -p station.pub
#
# Without that step, these proofs only show that the entries are consistent
# with SOME root hash; the signature shows that the station signed that root.
import base64
import binascii
import hashlib
import json
import os
import re
import stat
import sys

MAX_TEXT = 64 * 1024 * 1024
MAX_HASHES = 64


class Bad(Exception):
    pass


def no_link_on_the_way(path):
    # Every directory between the bundle and the file, as well as the file
    # (below), must be real: a bundle contains no symbolic links.
    parts = path.split("/")[:-1]
    for i in range(len(parts)):
        prefix = "/".join(parts[: i + 1])
        if os.path.islink(prefix):
            raise Bad(path + ": " + prefix + " is a symbolic link (a bundle contains none)")


def read_bytes(path):
    no_link_on_the_way(path)
    try:
        info = os.lstat(path)
    except OSError as e:
        raise Bad(path + ": " + e.strerror)
    if stat.S_ISLNK(info.st_mode):
        raise Bad(path + ": is a symbolic link (a bundle contains none)")
    if not stat.S_ISREG(info.st_mode):
        raise Bad(path + ": not a regular file")
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_TEXT + 1)
    except OSError as e:
        raise Bad(path + ": cannot be read: " + e.strerror)
    if len(data) > MAX_TEXT:
        raise Bad(path + ": too large")
    return data


def no_duplicate_keys(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise Bad("duplicate key " + repr(key))
        obj[key] = value
    return obj


def parse_json(data, where):
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=no_duplicate_keys)
    except Bad as e:
        raise Bad(where + ": " + str(e))
    except (UnicodeDecodeError, ValueError) as e:
        raise Bad(where + ": not valid JSON: " + str(e))
    except RecursionError:
        raise Bad(where + ": JSON nested too deeply (no custodia file is)")


def hash32(value, what):
    if not isinstance(value, str):
        raise Bad(what + " is not a base64 string")
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise Bad(what + " is not valid base64")
    if len(raw) != 32:
        raise Bad(what + " is %d bytes, not 32" % len(raw))
    return raw


def integer(obj, key, where):
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Bad(where + ": " + repr(key) + " is not a non-negative integer")
    return value


def leaf_hash(line):
    return hashlib.sha256(b"\x00" + line).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion_proof(index, size, leaf, hashes):
    # RFC 9162, section 2.1.3.2.
    if index >= size:
        raise Bad("leaf index %d is not below the tree size %d" % (index, size))
    fn, sn, r = index, size - 1, leaf
    for p in hashes:
        if sn == 0:
            raise Bad("the proof has more hashes than the tree needs")
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            while fn % 2 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Bad("the proof has fewer hashes than the tree needs")
    return r


def read_checkpoint(path):
    data = read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Bad(path + ": not valid UTF-8")
    body, blank, signatures = text.partition("\n\n")
    if not blank:
        raise Bad(path + ": no blank line between the checkpoint and its signatures")
    lines = body.split("\n")
    if len(lines) != 3:
        raise Bad(path + ": expected 3 lines (origin, tree size, root hash), found %d" % len(lines))
    origin, size, root = lines
    if not re.fullmatch(r"0|[1-9][0-9]{0,19}", size):
        raise Bad(path + ": the tree size " + repr(size[:40]) + " is not a decimal number")
    return origin, int(size), hash32(root, path + ": the root hash"), text


def read_entries(path):
    data = read_bytes(path)
    if data and not data.endswith(b"\n"):
        raise Bad(path + ": the last line has no newline (truncated)")
    entries = {}
    for number, line in enumerate(data.split(b"\n")[:-1], start=1):
        where = "%s line %d" % (path, number)
        entry = parse_json(line, where)
        if not isinstance(entry, dict):
            raise Bad(where + ": not a JSON object")
        seq = integer(entry, "seq", where)
        if seq in entries:
            raise Bad(where + ": seq %d appears twice" % seq)
        entries[seq] = (line, entry)
    return entries


def check_proof(path, seq, entries, size, root, checkpoint_text):
    proof = parse_json(read_bytes(path), path)
    if not isinstance(proof, dict):
        raise Bad("not a JSON object")
    expected = {"checkpoint", "hashes", "leaf_hash", "leaf_index", "tree_size"}
    if set(proof) != expected:
        raise Bad("fields must be exactly " + ", ".join(sorted(expected)))
    index = integer(proof, "leaf_index", path)
    tree_size = integer(proof, "tree_size", path)
    if index != seq:
        raise Bad("proves entry %d, not the entry its file name says" % index)
    if tree_size != size:
        raise Bad("is against a tree of %d entries, not the checkpoint's %d" % (tree_size, size))
    if proof["checkpoint"] != checkpoint_text:
        raise Bad("was made against another checkpoint than custody/checkpoint")
    if seq not in entries:
        raise Bad("entry %d is not in custody/entries.jsonl" % seq)
    line, entry = entries[seq]
    leaf = leaf_hash(line)
    if hash32(proof["leaf_hash"], "leaf_hash") != leaf:
        raise Bad("its leaf hash is not SHA-256(0x00 + line) of entry %d: the entry or the proof was changed" % seq)
    hashes = proof["hashes"]
    if not isinstance(hashes, list) or len(hashes) > MAX_HASHES:
        raise Bad("'hashes' is not a list of at most %d hashes" % MAX_HASHES)
    path_hashes = [hash32(h, "hashes[%d]" % i) for i, h in enumerate(hashes)]
    if root_from_inclusion_proof(index, tree_size, leaf, path_hashes) != root:
        raise Bad("the proof does not lead to the checkpoint's root hash: the entry is not in that log")
    return entry


PROOF_NAME = re.compile(r"(0|[1-9][0-9]{0,19})\.json")


def proof_order(name):
    # Numerically by seq (2.json before 10.json); other names last.
    match = PROOF_NAME.fullmatch(name)
    return (0, int(match.group(1)), "") if match else (1, 0, name)


def main():
    if len(sys.argv) > 1:
        os.chdir(sys.argv[1])
    failures = 0
    try:
        origin, size, root, checkpoint_text = read_checkpoint("custody/checkpoint")
        entries = read_entries("custody/entries.jsonl")
    except Bad as e:
        print("FAIL  " + str(e))
        return 1
    print("checkpoint: log %s, %d entries, root %s" % (origin, size, base64.b64encode(root).decode()))
    proofs_dir = "custody/proofs"
    proved = set()
    try:
        no_link_on_the_way(proofs_dir + "/")
        names = sorted(os.listdir(proofs_dir), key=proof_order)
    except Bad as e:
        print("FAIL  " + str(e))
        return 1
    except OSError as e:
        print("FAIL  %s: cannot be listed: %s" % (proofs_dir, e.strerror))
        return 1
    for name in names:
        path = proofs_dir + "/" + name
        match = PROOF_NAME.fullmatch(name)
        if not match:
            print("FAIL  %s: not a proof file name (<seq>.json)" % path)
            failures += 1
            continue
        seq = int(match.group(1))
        try:
            entry = check_proof(path, seq, entries, size, root, checkpoint_text)
        except Bad as e:
            print("FAIL  %s: %s" % (path, e))
            failures += 1
            continue
        proved.add(seq)
        print("OK    %s: entry %d (%s, %s) is in the log" % (path, seq, entry.get("action"), entry.get("time")))
    for seq in sorted(set(entries) - proved):
        print("FAIL  custody/entries.jsonl: entry %d has no valid proof" % seq)
        failures += 1
    if not entries:
        print("FAIL  custody/entries.jsonl: no entries")
        failures += 1
    print()
    if failures:
        print("%d problem(s): these entries are NOT proven to be in the custody log." % failures)
    else:
        print("All %d entries are in the custody log whose root custody/checkpoint states." % len(entries))
    print("Signatures are not checked here: run  minisign -Vm custody/checkpoint -p station.pub")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        status = main()
    except (MemoryError, RecursionError, OSError) as e:
        # Hostile input must end in a verdict, not a traceback.
        print("FAIL  %s: %s" % (type(e).__name__, e))
        status = 1
    sys.exit(status)
)PY";
  return kScript;
}

}  // namespace custodia::export_internal
