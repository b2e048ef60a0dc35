// The two structural walks behind CheckStructure (SPEC §3: truncated means
// an element runs past the end of the file, or an MP4/MOV mdat has no moov).
// Each reads only element headers and is bounded in depth and element count.
#ifndef CUSTODIA_PROBE_STRUCTURE_WALK_H_
#define CUSTODIA_PROBE_STRUCTURE_WALK_H_

#include <cstdint>

#include "custodia/probe.h"
#include "probe/byte_source.h"

namespace custodia::probe_internal {

// At most this many element headers are read per file; past it the walk
// stops with a note and no verdict. A 2-hour fragmented MP4 with 1-second
// fragments has ~30,000 top-level boxes.
inline constexpr uint64_t kMaxElements = uint64_t{1} << 20;

// ISO BMFF (MP4, MOV, M4V, 3GP): the first box is one a file can start with.
bool LooksLikeBmff(ByteSource& src);
void WalkBmff(ByteSource& src, StructureCheck& out);

// Matroska / WebM: the file starts with an EBML header element.
bool LooksLikeEbml(ByteSource& src);
void WalkEbml(ByteSource& src, StructureCheck& out);

}  // namespace custodia::probe_internal

#endif  // CUSTODIA_PROBE_STRUCTURE_WALK_H_
