// What the receipt says about where the files came from: the mount of the
// source (device, filesystem type, options, UUID when known).
#ifndef CUSTODIA_OFFLOAD_MOUNTS_H_
#define CUSTODIA_OFFLOAD_MOUNTS_H_

#include <string>

#include "custodia/json.h"

namespace custodia {

struct MountInfo {
  std::string mount_point, device, fs_type, options, uuid;
  Json ToJson() const;
};

// The mount containing `path` (from /proc/self/mountinfo); empty fields if unknown.
MountInfo MountOf(const std::string& path);

}  // namespace custodia

#endif  // CUSTODIA_OFFLOAD_MOUNTS_H_
