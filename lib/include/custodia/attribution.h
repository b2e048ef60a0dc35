// What a person changes about a clip's attribution, each with a reason and a
// custody entry (SPEC §5, §6): manual links and unlinks between clips and
// attentions, re-running auto-link, and amendments of a clip's officer or
// device (the signed manifest stays as it is; the index follows the log).
#ifndef CUSTODIA_ATTRIBUTION_H_
#define CUSTODIA_ATTRIBUTION_H_

#include <optional>
#include <string>
#include <vector>

#include "custodia/link.h"
#include "custodia/station.h"

namespace custodia {

struct LinkChange {
  // linked | already_linked | unlinked | already_unlinked
  std::string outcome;
  std::optional<LinkRecord> before;  // the link (or the unlink block) found
  std::optional<uint64_t> seq;       // the entry logged, if any
};

// Links a clip (full id) to an attention. Unknown clip or attention: kNotFound
// (exit 2). An existing link, automatic or manual, is left as it is
// (already_linked, nothing logged). A manual unlink of the pair is lifted.
Result<LinkChange> LinkManually(Station& st, const std::string& clip, const std::string& attention,
                                const std::string& reason);

// Removes a link and blocks auto-link from re-adding it. A pair already
// unlinked by a person: already_unlinked, nothing logged. A pair that was
// never linked: kInvalid (exit 2) naming the clip's links.
Result<LinkChange> UnlinkManually(Station& st, const std::string& clip, const std::string& attention,
                                  const std::string& reason);

struct AutoLinkRun {
  std::vector<LinkRecord> added;    // links made now
  std::vector<LinkRecord> removed;  // automatic links whose rule no longer holds
  AutoLinkStats stats;
};

// `link auto`: every clip against every attention, plus the removal of
// automatic links that no longer match (after amendments or revisions).
Result<AutoLinkRun> RunAutoLink(Station& st, int64_t margin_ms);

enum class AmendField { kOfficer, kDevice };

struct Amendment {
  std::string field;  // officer | device
  std::string old_value, new_value;
  std::optional<uint64_t> seq;  // absent: the value was already that (nothing logged)
  uint64_t links_added = 0, links_removed = 0;
};

// Corrects a clip's officer or device. The officer must be a valid id and,
// once a roster is imported, one of its officers (kInvalid otherwise); the
// device a valid serial. The clip's automatic links follow the new officer.
Result<Amendment> AmendClip(Station& st, const std::string& clip, AmendField field, const std::string& value,
                            const std::string& reason, int64_t margin_ms = kDefaultLinkMarginMs);

}  // namespace custodia

#endif  // CUSTODIA_ATTRIBUTION_H_
