// Where urna writes: the checks every output path passes, and the one way a file is written.
//
// A file is written under a temporary name beside its target, "<target>.tmp-<pid>", and renamed onto the
// target only when complete. A failure, or SIGINT, SIGTERM, SIGHUP, SIGXCPU or SIGPIPE, removes the temporary file, so the
// target is either absent, an older complete file left untouched, or the new complete file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace urna {

/// An input the output must not overwrite: its role for messages ("scenario", "data", "shard") and path.
struct NamedInput {
    std::string role;
    std::string path;
};

/// Checks that `target` may be written and returns the path to write. The target must be absent or a
/// regular file; a symbolic link is followed (the file it points to is replaced, the link stays) and must
/// not dangle; a directory, device, pipe or socket is refused, and so is a target that is the same file as
/// any input, and so are "-" (standard output), a path naming a directory ("out/") and a file name too
/// long for the names urna derives from it. Its directory is created when missing and must be writable. Throws urna::InputError naming `option` (e.g. "-o").
std::string checked_output_target(const std::string& target, const std::vector<NamedInput>& inputs,
                                  const std::string& option = "-o");

/// The checks of a target's name alone, for a path other files are named after (a sweep's points):
/// not empty, not "-", not naming a directory, not too long. Throws urna::InputError naming `option`.
void check_output_name(const std::string& target, const std::string& option = "-o");

/// Throws urna::InputError "OPTION TARGET: cannot write in its directory 'DIR' (reason)" unless this
/// process may create files in `dir` (checked_output_target calls it; so does a report's folder).
void check_writable_directory(const std::filesystem::path& dir, const std::string& option, const std::string& target);

/// Whether a file name is a writer's temporary file: "<target>.tmp-<pid>", the pid in decimal digits.
bool is_temporary_file_name(const std::string& name);

/// The temporary files of other processes beside `target` ("<target>.tmp-<pid>", none of this
/// process's), sorted: left by one that was killed (SIGKILL, a lost node, mpirun ending the other ranks
/// of a failed one within a second) or still written by one that runs, here or on another node. urna
/// never removes them, since which is which cannot be told across the nodes of a cluster.
std::vector<std::string> other_temporary_files(const std::string& target);

/// A temporary file beside `target`, removed when destroyed (or on SIGINT, SIGTERM, SIGHUP, SIGXCPU, SIGPIPE once
/// install_interrupt_cleanup has run) unless commit() renamed it onto the target. Writers open path().
class TemporaryFile {
  public:
    explicit TemporaryFile(std::string target);
    ~TemporaryFile();
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;

    const std::string& path() const { return temporary_; }
    const std::string& target() const { return target_; }
    /// Writes `bytes` as the temporary file's whole content, for files written in one piece (text,
    /// CSV); HDF5 writers open path() themselves. Throws urna::RuntimeFailure naming the target and
    /// the cause (e.g. "No space left on device").
    void write(std::string_view bytes) const;
    /// Copies `source` as the temporary file's content (a run file updated in place, a checkpoint of
    /// the run so far). Throws urna::RuntimeFailure naming the target and the cause.
    void copy_from(const std::string& source) const;
    /// Renames the finished temporary file onto the target (throws urna::RuntimeFailure on failure).
    void commit();
    /// Removes the temporary file now (the destructor does the same).
    void discard() noexcept;

  private:
    std::string target_, temporary_;
    int slot_ = -1;
    bool done_ = false;
};

/// " (No space left on device: N bytes free in DIR)" when the file system holding `path` has less
/// than 1 MiB free, else empty: for failures whose own message does not say so (HDF5's error stack;
/// a copy that reports only "Input/output error").
std::string full_disk_note(const std::string& path);

/// Writes `bytes` as the whole content of `path`. TemporaryFile::write uses it, and so do writers of a
/// folder that is itself renamed into place when complete (a report). Throws urna::RuntimeFailure
/// "NAMED_AS: cannot write 'PATH' (cause)", `named_as` being the path the user will know the file by.
void write_whole_file(const std::string& path, std::string_view bytes, const std::string& named_as);

/// Writes `bytes` to `target` through a TemporaryFile (checks of the target are the caller's).
void write_file_atomically(const std::string& target, const std::string& bytes);

/// Installs handlers for SIGINT, SIGTERM, SIGHUP, SIGXCPU and SIGPIPE (unless ignored) that remove every live
/// temporary file and then end the process by the same signal (a shell reports 128 + signal), and ignores SIGXFSZ, so a write past
/// a file-size limit fails ("File too large") instead of killing the process. Idempotent. `urna run` then replaces
/// the SIGTERM and SIGXCPU handlers with one that checkpoints (cli/checkpoint_signals.hpp).
void install_interrupt_cleanup();

}  // namespace urna
