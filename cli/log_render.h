// Custody entries for people: a one-line summary of each action's details
// (the vocabulary is in doc/formats/custody-log.md, "Entry kinds") and the
// rows `log show` prints as a table or CSV.
#ifndef CUSTODIA_CLI_LOG_RENDER_H_
#define CUSTODIA_CLI_LOG_RENDER_H_

#include <string>
#include <vector>

#include "custodia/custody.h"
#include "output.h"

namespace custodia::cli {

// "CLIP_0001.MP4, 1.2 GB, device CAM-0042, officer SZ-1042, ok", "A1B2… → C3D4…", ...
std::string EntrySummary(const CustodyEntry& e);

// One row per entry: seq, time, action, actor, os_user, who ("actor (os: user)"
// when they differ), subjects, outcome, reason, summary. `full` keeps whole
// ids and texts (CSV); otherwise ids are shortened and long texts cut (table).
Json EntryRow(const CustodyEntry& e, bool full);
std::vector<Column> EntryTableColumns();
std::vector<Column> EntryCsvColumns();

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_LOG_RENDER_H_
