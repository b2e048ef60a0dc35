// Parsing an attention file on a second thread while the caller indexes the
// records: a million-row import spends about as long in each.
#ifndef CUSTODIA_STATION_IMPORT_STREAM_H_
#define CUSTODIA_STATION_IMPORT_STREAM_H_

#include <functional>
#include <string_view>

#include "custodia/attention.h"

namespace custodia::station_internal {

// ParseAttentionsStreaming(data, name, options), with every good record
// handed to `consume` on the calling thread, in file order. Once `consume`
// fails, no more records are handed over and its status is returned in
// `*consumed` (the parse still runs to its end; its result is returned).
Result<AttentionImport> ParseAttentionsInBackground(std::string_view data, std::string_view name,
                                                    const ImportOptions& options,
                                                    const std::function<Status(Attention&&)>& consume,
                                                    Status* consumed);

}  // namespace custodia::station_internal

#endif  // CUSTODIA_STATION_IMPORT_STREAM_H_
