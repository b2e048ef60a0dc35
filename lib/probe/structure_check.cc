// CheckStructure: picks the walk by the file's first bytes. Files of other
// kinds (MPEG-TS, AVI, random bytes) are not recognised and are left to
// libavformat.
#include "custodia/env.h"
#include "custodia/probe.h"
#include "probe/byte_source.h"
#include "probe/problems.h"
#include "probe/structure_walk.h"

namespace custodia {

namespace {
StructureCheck CheckSource(probe_internal::ByteSource& src) {
  using namespace probe_internal;
  StructureCheck out;
  if (src.size() == 0) {
    AddProblem(out.problems, "the file is empty (0 bytes)");
  } else if (LooksLikeEbml(src)) {
    out.recognized = true;
    WalkEbml(src, out);
  } else if (LooksLikeBmff(src)) {
    out.recognized = true;
    WalkBmff(src, out);
  }
  return out;
}
}  // namespace

StructureCheck CheckStructure(const std::string& path) {
  auto src = probe_internal::FileSource::Open(Env::Default(), path);
  if (!src.ok()) {
    StructureCheck out;
    probe_internal::AddProblem(out.problems, src.status().message());
    return out;
  }
  return CheckSource(**src);
}

StructureCheck CheckStructureInMemory(std::string_view bytes) {
  probe_internal::MemorySource src(bytes);
  return CheckSource(src);
}

}  // namespace custodia
