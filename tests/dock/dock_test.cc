// Acceptance: a docking, driven the way udev drives scripts/dock/custodia-dock
// (ACTION=add, DEVNAME, ID_FS_*), with camera footage in the Axis layout made
// by ffmpeg; then the same on real loop-mounted vfat and ext4 images where
// this machine lets us mount.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "camera_fixture.h"
#include "cli_fixture.h"
#include "event_stream.h"

namespace custodia::testing {
namespace {

namespace fs = std::filesystem;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class DockTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    Init();
    events_ = dir_ / "events";
    mount_base_ = dir_ / "mnt";
  }
  std::string Script() const { return std::string(CUSTODIA_SOURCE_DIR) + "/scripts/dock/custodia-dock"; }

  // dock.conf with the test's vault and binary, plus `extra` settings.
  void WriteConf(const std::map<std::string, std::string>& extra, const std::string& tail = "") {
    std::map<std::string, std::string> s = {{"vault", vault_},
                                            {"profile", "axis"},
                                            {"wipe", "never"},
                                            {"events_dir", events_},
                                            {"mount_base", mount_base_},
                                            {"custodia", CustodiaBin()}};
    for (const auto& [k, v] : extra) s[k] = v;
    std::string text = "# test station\n";
    for (const auto& [k, v] : s) text += k + " = " + v + "\n";
    WriteFile(conf_, text + tail);
    ::chmod(conf_.c_str(), 0644);
  }

  // Runs the script with udev's environment for `device` (a directory stands
  // in for it) and nothing else of ours leaking in.
  RunResult Dock(std::map<std::string, std::string> env, const std::vector<std::string>& args = {}) {
    RunOptions o;
    o.env = {{"ACTION", "add"},         {"DEVNAME", ""},           {"ID_FS_TYPE", ""},
             {"ID_FS_UUID", ""},        {"ID_FS_LABEL", ""},       {"ID_SERIAL_SHORT", ""},
             {"ID_SERIAL", ""},         {"CUSTODIA_DOCK_SOURCE_DIR", ""},
             {"CUSTODIA_DOCK_CONF", conf_}, {"CUSTODIA_DOCK_LOG", "stderr"}, {"CUSTODIA_VAULT", ""}};
    for (const auto& [k, v] : env) o.env[k] = v;
    std::vector<std::string> argv = {Script()};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv, o);
  }
  std::map<std::string, std::string> UdevEnv(const std::string& devname) {
    return {{"DEVNAME", devname},         {"ID_FS_TYPE", "vfat"},          {"ID_FS_UUID", "1234-ABCD"},
            {"ID_FS_LABEL", "CAM07"},     {"ID_SERIAL_SHORT", "ACCC8E012345"}};
  }
  // The NDJSON of every docking so far, in order.
  std::string EventsText() {
    std::vector<std::string> files;
    if (fs::exists(events_)) {
      for (auto& e : fs::directory_iterator(events_)) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::string all;
    for (auto& f : files) all += ReadFile(f);
    return all;
  }
  std::map<std::string, Json> ClipsByName() {
    std::map<std::string, Json> out;
    for (auto& c : Clips()) out[c["original_name"].get<std::string>()] = c;
    return out;
  }
  void ExpectClipsFromFolderNames(const AxisCamera& cam) {
    auto clips = ClipsByName();
    ASSERT_EQ(clips.size(), cam.clips.size());
    for (const auto& e : cam.clips) {
      std::string name = e.rel_path.substr(e.rel_path.rfind('/') + 1);
      ASSERT_TRUE(clips.count(name)) << name;
      const Json& c = clips[name];
      EXPECT_EQ(c["officer"], e.officer) << name;
      EXPECT_EQ(c["device"], e.device) << name;
      EXPECT_EQ(c["start"], e.start) << name;
      EXPECT_EQ(c["recorded_source"], "profile") << name;
      EXPECT_EQ(c["status"], "ok") << name;
    }
  }

  std::string conf_ = dir_ / "dock.conf";
  std::string events_, mount_base_;
};

TEST_F(DockTest, WipeNeverStoresEveryClipWithTheFolderFactsAndLeavesTheCameraAlone) {
  AxisCamera cam = MakeAxisCamera(cam_);
  WriteConf({{"wipe", "never"}});
  auto r = Dock(UdevEnv(cam_));  // DEVNAME names a directory: no mount
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.err.find("success: 3 ingested"), std::string::npos) << r.err;
  ExpectClipsFromFolderNames(cam);
  for (const auto& c : cam.clips) EXPECT_TRUE(fs::exists(cam_ + "/" + c.rel_path)) << c.rel_path;
  EXPECT_TRUE(fs::exists(cam_ + "/" + cam.sidecars[0]));

  auto events = CheckEventStream(EventsText());
  ASSERT_FALSE(events.empty());
  const Json& sum = events.back();
  EXPECT_EQ(sum["exit_code"], 0);
  EXPECT_EQ(sum["ingested"], 3);
  EXPECT_EQ(sum["skipped"], 1);  // the GNSS trail: listed, never wiped
  EXPECT_EQ(sum["wiped"], 0);
  // The custody log says who acted: the dock.
  EXPECT_NE(ReadFile(vault_ + "/log/entries.jsonl").find("\"actor\":\"custodia-dock\""), std::string::npos);

  // Docked again: everything is a duplicate, still a success.
  auto again = Dock(UdevEnv(cam_));
  EXPECT_EQ(again.exit_code, 0) << again.Describe();
  EXPECT_NE(again.err.find("3 duplicates"), std::string::npos) << again.err;
  EXPECT_EQ(Clips().size(), 3u);
}

TEST_F(DockTest, WipeAlwaysDeletesExactlyWhatIsSafelyStored) {
  AxisCamera cam = MakeAxisCamera(cam_);
  WriteFile(cam_ + "/NOTES.DOC", "not a clip\n");
  WriteConf({{"wipe", "always"}, {"device_from", "serial"}});
  auto env = UdevEnv("");
  env["CUSTODIA_DOCK_SOURCE_DIR"] = cam_;  // the documented test/dry-run hook
  auto r = Dock(env, {"sdx1"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.err.find("--wipe"), std::string::npos) << r.err;
  for (const auto& c : cam.clips) EXPECT_FALSE(fs::exists(cam_ + "/" + c.rel_path)) << c.rel_path;
  EXPECT_FALSE(fs::exists(cam_ + "/" + cam.sidecars[0]));
  EXPECT_TRUE(fs::exists(cam_ + "/" + cam.others[0])) << "skipped files are never wiped";
  EXPECT_TRUE(fs::exists(cam_ + "/NOTES.DOC"));
  auto events = CheckEventStream(EventsText());
  EXPECT_EQ(events.back()["wiped"], 4);  // three clips and the key sidecar
  for (auto& c : Clips()) EXPECT_EQ(c["device"], "ACCC8E012345");  // device_from = serial (ID_SERIAL_SHORT)
}

TEST_F(DockTest, WipeCompleteWipesOnlyAfterAFullyCleanOffloadAndPartialIsExit3) {
  AxisCamera cam = MakeAxisCamera(cam_);
  std::string bad = cam_ + "/SZ-1042_ACCC8E012345_20260115_140000/20261315_140005_1003.mp4";
  MakeUniqueClip(bad, "bad time");
  WriteConf({{"wipe", "complete"}});
  auto partial = Dock(UdevEnv(cam_));
  EXPECT_EQ(partial.exit_code, 3) << partial.Describe();
  EXPECT_NE(partial.err.find("partial:"), std::string::npos) << partial.err;
  EXPECT_NE(partial.err.find("20261315_140005"), std::string::npos) << "the failed file is logged\n" << partial.err;
  for (const auto& c : cam.clips) EXPECT_TRUE(fs::exists(cam_ + "/" + c.rel_path)) << "nothing wiped on a partial run";
  auto first = CheckEventStream(EventsText());
  EXPECT_EQ(first.back()["exit_code"], 3);
  EXPECT_EQ(first.back()["failed"], 1);

  fs::remove(bad);
  fs::remove_all(events_);
  auto clean = Dock(UdevEnv(cam_));
  ASSERT_EQ(clean.exit_code, 0) << clean.Describe();
  for (const auto& c : cam.clips) EXPECT_FALSE(fs::exists(cam_ + "/" + c.rel_path)) << c.rel_path;
  auto streams = SplitStreams(EventsText());
  ASSERT_EQ(streams.size(), 2u) << "a read-only pass, then the wiping pass";
  auto check = CheckEventStream(streams[0]);
  EXPECT_EQ(check.back()["wiped"], 0);
  auto wipe = CheckEventStream(streams[1]);
  EXPECT_EQ(wipe.back()["duplicates"], 3);
  EXPECT_EQ(wipe.back()["wiped"], 4);
  ExpectClipsFromFolderNames(cam);
}

TEST_F(DockTest, ExitCodesSayWhatHappened) {
  AxisCamera cam = MakeAxisCamera(cam_);
  // Not an add event: ignored.
  WriteConf({});
  auto env = UdevEnv(cam_);
  env["ACTION"] = "remove";
  auto ignored = Dock(env);
  EXPECT_EQ(ignored.exit_code, 0) << ignored.Describe();
  EXPECT_TRUE(Clips().empty());

  // custodia fails before any unit (no vault there: its exit 10) -> failure, 1.
  WriteConf({{"vault", dir_ / "no-vault"}});
  auto novault = Dock(UdevEnv(cam_));
  EXPECT_EQ(novault.exit_code, 1) << novault.Describe();
  EXPECT_NE(novault.err.find("failure: custodia offload exited with 10"), std::string::npos) << novault.err;

  // An unknown profile: custodia's usage error (2) -> failure, 1.
  WriteConf({{"profile", "axsi"}});
  auto badprofile = Dock(UdevEnv(cam_));
  EXPECT_EQ(badprofile.exit_code, 1) << badprofile.Describe();
  EXPECT_NE(badprofile.err.find("generic, axis"), std::string::npos) << "custodia's message reaches the log\n"
                                                                     << badprofile.err;

  // The station's own configuration errors: 2, with the line.
  WriteConf({}, "wipe_policy = always\n");
  auto unknown = Dock(UdevEnv(cam_));
  EXPECT_EQ(unknown.exit_code, 2) << unknown.Describe();
  EXPECT_NE(unknown.err.find("dock.conf:8: unknown setting 'wipe_policy'"), std::string::npos) << unknown.err;
  WriteConf({{"wipe", "sometimes"}});
  EXPECT_EQ(Dock(UdevEnv(cam_)).exit_code, 2);
  WriteConf({});
  ::chmod(conf_.c_str(), 0666);
  auto writable = Dock(UdevEnv(cam_));
  EXPECT_EQ(writable.exit_code, 2) << writable.Describe();
  EXPECT_NE(writable.err.find("chmod 644"), std::string::npos) << writable.err;
  WriteConf({{"vault", ""}});
  EXPECT_EQ(Dock(UdevEnv(cam_)).exit_code, 2);
  WriteConf({});
  EXPECT_EQ(Dock(UdevEnv(cam_), {"sdb1;reboot"}).exit_code, 2) << "kernel names are checked";
  // A device node that is not there (unplugged before we ran): failure.
  EXPECT_EQ(Dock(UdevEnv(dir_ / "gone")).exit_code, 1);
  EXPECT_TRUE(Clips().empty());
}

TEST_F(DockTest, DeviceStringsAreNeverEvaluatedAndReachCustodiaAsOneSafeArgument) {
  AxisCamera cam = MakeAxisCamera(cam_);
  WriteConf({{"device_from", "label"}});
  auto env = UdevEnv(cam_);
  std::string marker = dir_ / "pwned";
  env["ID_FS_LABEL"] = "--wipe $(touch " + marker + ") `touch " + marker + "`;x";
  auto r = Dock(env);
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_FALSE(fs::exists(marker));
  for (const auto& c : cam.clips) EXPECT_TRUE(fs::exists(cam_ + "/" + c.rel_path)) << "the label is no --wipe";
  for (auto& c : Clips()) {
    std::string d = c["device"];
    EXPECT_EQ(d.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:+-"),
              std::string::npos)
        << d;
    EXPECT_EQ(d.substr(0, 7), "--wipe_");
  }
}

// ---- real block devices: loop-mounted images --------------------------------

// A file system image attached to a loop device; detached on destruction.
class LoopImage {
 public:
  LoopImage(const std::string& image, const std::string& fstype, const std::string& label) {
    if (::geteuid() != 0) {
      why_ = "not root";
      return;
    }
    for (const char* tool : {"losetup", "mount", "umount", "blkid", "findmnt"}) {
      if (!HaveTool(tool)) {
        why_ = std::string(tool) + " missing";
        return;
      }
    }
    std::string mkfs = fstype == "vfat" ? "mkfs.vfat" : "mkfs.ext4";
    if (!HaveTool(mkfs)) {
      why_ = mkfs + " missing (dosfstools / e2fsprogs)";
      return;
    }
    { std::ofstream(image).close(); }
    fs::resize_file(image, 48u << 20);
    RunResult m = fstype == "vfat" ? RunProcess({mkfs, "-n", label, image})
                                   : RunProcess({mkfs, "-q", "-F", "-L", label, image});
    if (m.exit_code != 0) {
      why_ = mkfs + " failed: " + m.err;
      return;
    }
    RunResult l = RunProcess({"losetup", "--find", "--show", image});
    if (l.exit_code != 0) {
      why_ = "losetup not permitted here: " + l.err;
      return;
    }
    dev_ = Trim(l.out);
  }
  ~LoopImage() {
    if (!dev_.empty()) RunProcess({"losetup", "-d", dev_});
  }
  // Mounts read-write at `dir`, runs fn, unmounts. False if mounting is not permitted.
  template <typename Fn>
  bool WithMounted(const std::string& dir, Fn fn) {
    MakeDirs(dir);
    RunResult m = RunProcess({"mount", dev_, dir});
    if (m.exit_code != 0) {
      why_ = "mount not permitted here: " + m.err;
      return false;
    }
    fn();
    RunProcess({"umount", dir});
    return true;
  }
  const std::string& dev() const { return dev_; }
  std::string kernel_name() const { return dev_.substr(dev_.rfind('/') + 1); }
  const std::string& why() const { return why_; }

 private:
  std::string dev_, why_;
};

bool MountedAnywhere(const std::string& dev) {
  return !Trim(RunProcess({"findmnt", "-rn", "-o", "TARGET", "-S", dev}).out).empty();
}

TEST_F(DockTest, RealVfatCameraIsMountedPrivatelyOffloadedWipedAndUnmounted) {
  LoopImage img(dir_ / "cam.vfat", "vfat", "CAM07");
  if (img.dev().empty()) GTEST_SKIP() << img.why();
  AxisCamera cam;
  if (!img.WithMounted(dir_ / "fill", [&] { cam = MakeAxisCamera(dir_ / "fill"); })) GTEST_SKIP() << img.why();

  // A station that does not mount vfat refuses it (2) and leaves it alone.
  WriteConf({{"filesystems", "ext4"}});
  auto refused = Dock({{"DEVNAME", img.dev()}}, {img.kernel_name()});
  EXPECT_EQ(refused.exit_code, 2) << refused.Describe();
  EXPECT_NE(refused.err.find("vfat file system, which this station does not mount"), std::string::npos)
      << refused.err;

  // As systemd runs it: only the kernel name; the rest from blkid/udevadm.
  WriteConf({{"wipe", "always"}, {"device_from", "label"}});
  auto r = Dock({}, {img.kernel_name()});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.err.find("(rw,nosuid,nodev,noexec)"), std::string::npos) << "read-write only to wipe\n" << r.err;
  EXPECT_FALSE(MountedAnywhere(img.dev())) << "unmounted at the end";
  EXPECT_TRUE(fs::is_empty(mount_base_)) << "the private mount point is removed";
  for (auto& c : Clips()) EXPECT_EQ(c["device"], "CAM07");  // the file system label
  EXPECT_EQ(Clips().size(), cam.clips.size());
  img.WithMounted(dir_ / "check", [&] {
    for (const auto& c : cam.clips) EXPECT_FALSE(fs::exists(dir_ / "check/" + c.rel_path)) << c.rel_path;
    EXPECT_TRUE(fs::exists(dir_ / "check/" + cam.others[0]));
  });
  CheckEventStream(EventsText());
}

TEST_F(DockTest, RealExt4CameraIsMountedReadOnlyWhenNotWipingAndABusyDeviceIsRefused) {
  LoopImage img(dir_ / "cam.ext4", "ext4", "CAM08");
  if (img.dev().empty()) GTEST_SKIP() << img.why();
  AxisCamera cam;
  if (!img.WithMounted(dir_ / "fill", [&] { cam = MakeAxisCamera(dir_ / "fill"); })) GTEST_SKIP() << img.why();

  WriteConf({{"wipe", "never"}});
  auto env = std::map<std::string, std::string>{{"DEVNAME", img.dev()}, {"ID_FS_TYPE", "ext4"}};
  auto r = Dock(env, {img.kernel_name()});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.err.find("(ro,nosuid,nodev,noexec)"), std::string::npos) << r.err;
  EXPECT_FALSE(MountedAnywhere(img.dev()));
  ExpectClipsFromFolderNames(cam);
  img.WithMounted(dir_ / "check", [&] {
    for (const auto& c : cam.clips) EXPECT_TRUE(fs::exists(dir_ / "check/" + c.rel_path)) << c.rel_path;
  });

  // Something else has it mounted (a desktop automounter): refused, untouched.
  img.WithMounted(dir_ / "busy", [&] {
    auto busy = Dock(env, {img.kernel_name()});
    EXPECT_EQ(busy.exit_code, 1) << busy.Describe();
    EXPECT_NE(busy.err.find("already mounted"), std::string::npos) << busy.err;
  });
}

}  // namespace
}  // namespace custodia::testing
