// Storing an imported file in the vault: imports/ab/<sha256>, write-once and
// read-only, with a minisign signature whose trusted comment names the file.
#ifndef CUSTODIA_RECORDS_STORED_IMPORT_H_
#define CUSTODIA_RECORDS_STORED_IMPORT_H_

#include <string>
#include <string_view>

#include "custodia/station.h"

namespace custodia::records_internal {

struct ImportFacts {
  std::string kind;       // attentions | roster
  std::string sha256;     // hex of data
  std::string file_name;  // as the clerk named it
  uint64_t rows = 0;      // data rows in the file
};

// "custodia import kind=<k> sha256=<hex> size=<n> file=<name> rows=<n> station=<id>"
std::string ImportTrustedComment(const ImportFacts& facts, uint64_t size, const std::string& station);

// Writes the file (unless the same bytes are already stored: then checks
// them) and its signature (unless a valid one exists), durably. Verifies the
// signature before returning.
Status StoreImportFile(Station& station, std::string_view data, const ImportFacts& facts);

// Reads an input file named on the command line. A missing file is bad input
// (exit 2), other failures are I/O (exit 4).
Result<std::string> ReadInputFile(Env* env, const std::string& path);

}  // namespace custodia::records_internal

#endif  // CUSTODIA_RECORDS_STORED_IMPORT_H_
