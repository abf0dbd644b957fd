#include "sim/output/output_target.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>

#include <sys/statvfs.h>
#include <unistd.h>

#include "sim/errors.hpp"

namespace urna {
namespace fs = std::filesystem;

namespace {

// The live temporary files, in fixed storage a signal handler may read: a slot is claimed by setting
// `used` after its name is written, and released by clearing it before the name is reused.
constexpr int slots = 32;
constexpr std::size_t max_name = 4096;
struct Slot {
    std::atomic<bool> used{false};
    char name[max_name] = {};
};
std::array<Slot, slots> live;

int claim_slot(const std::string& name) {
    if (name.size() >= max_name) return -1;
    for (int i = 0; i < slots; ++i) {
        bool expected = false;
        // The name is written after the slot is taken: a handler that fires in between sees an empty
        // name and skips the slot (the file does not exist yet then).
        if (live[i].used.compare_exchange_strong(expected, true)) {
            live[i].name[0] = '\0';
            std::memcpy(live[i].name, name.c_str(), name.size() + 1);
            return i;
        }
    }
    return -1;  // more than `slots` files at once: still removed by the destructor, not on a signal
}

void release_slot(int i) {
    if (i < 0) return;
    live[i].name[0] = '\0';
    live[i].used.store(false);
}

extern "C" void remove_temporaries_and_die(int sig) {
    for (auto& s : live)
        if (s.used.load() && s.name[0] != '\0') ::unlink(s.name);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

// The longest name urna derives from a target's: a shard's or sweep point's checkpoint's temporary
// file, "<stem>.shard_999_of_1000.checkpoint.h5.tmp-4194304", is 46 bytes longer than "<stem>.h5".
constexpr std::size_t bytes_urna_adds_to_names = 48;

std::string fmt_output(const std::string& option, const std::string& target, const std::string& problem) {
    return option + " " + target + ": " + problem;
}

}  // namespace

void check_output_name(const std::string& target, const std::string& option) {
    if (target.empty()) throw InputError(option + ": the output path is empty");
    if (target == "-") throw InputError(option + " -: urna writes files, not standard output; give a file name");
    const fs::path name = fs::path(target).filename();
    if (name.empty() || name == "." || name == "..") {
        throw InputError(fmt_output(option, target, "names a directory, not a file; give a file name inside it"));
    }
    // Checked before any work: past the limit the temporary file could not even be created.
    if (name.string().size() + bytes_urna_adds_to_names > NAME_MAX) {
        throw InputError(fmt_output(option, target, "its file name is " + std::to_string(name.string().size()) +
                                                        " bytes long, and urna adds up to " + std::to_string(bytes_urna_adds_to_names) +
                                                        " to it (temporary, checkpoint and report names); file names may "
                                                        "hold " + std::to_string(NAME_MAX) + " bytes"));
    }
}

std::string checked_output_target(const std::string& target, const std::vector<NamedInput>& inputs, const std::string& option) {
    check_output_name(target, option);
    std::error_code ec;
    fs::path path = target;
    const auto link = fs::symlink_status(path, ec);
    if (fs::is_symlink(link)) {
        const auto pointed = fs::status(path, ec);
        if (!fs::exists(pointed))
            throw InputError(fmt_output(option, target, "is a symbolic link to a missing file; give the file's own path"));
        path = fs::canonical(path, ec);
        if (ec) throw InputError(fmt_output(option, target, "is a symbolic link that cannot be resolved (" + ec.message() + ")"));
    }
    const auto st = fs::status(path, ec);
    if (fs::exists(st)) {
        if (fs::is_directory(st)) throw InputError(fmt_output(option, target, "is a directory; give a file name inside it"));
        if (!fs::is_regular_file(st))
            throw InputError(fmt_output(option, target, "is not a regular file (a device, pipe or socket); urna writes only regular files"));
        for (const auto& in : inputs) {
            std::error_code e2;
            if (!in.path.empty() && fs::equivalent(path, in.path, e2))
                throw InputError(fmt_output(option, target, "is the " + in.role + " file '" + in.path + "'; refusing to overwrite an input"));
        }
    }
    const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::exists(parent, ec)) {
        fs::create_directories(parent, ec);
        if (ec) throw InputError(fmt_output(option, target, "cannot create its directory '" + parent.string() + "' (" + ec.message() + ")"));
    } else if (!fs::is_directory(parent, ec)) {
        throw InputError(fmt_output(option, target, "'" + parent.string() + "' is not a directory"));
    }
    check_writable_directory(parent, option, target);
    return path.string();
}

void check_writable_directory(const fs::path& dir, const std::string& option, const std::string& target) {
    // The temporary file is created in the target's directory: a read-only directory or file system
    // is the user's to fix, named before any work rather than as a failed HDF5 create after it.
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        throw InputError(fmt_output(option, target, "cannot write in its directory '" + dir.string() + "' (" +
                                                        std::strerror(errno) + ")"));
    }
}

namespace {
constexpr std::string_view temporary_marker = ".tmp-";

/// Whether `name` from `at` on is one or more decimal digits (a writer's pid).
bool pid_from(const std::string& name, std::size_t at) {
    return at < name.size() && name.find_first_not_of("0123456789", at) == std::string::npos;
}
}  // namespace

bool is_temporary_file_name(const std::string& name) {
    const std::size_t at = name.rfind(temporary_marker);
    return at != std::string::npos && at > 0 && pid_from(name, at + temporary_marker.size());
}

std::vector<std::string> other_temporary_files(const std::string& target) {
    const fs::path path(target);
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    const std::string prefix = path.filename().string() + std::string(temporary_marker);
    const std::string mine = prefix + std::to_string(::getpid());
    std::vector<std::string> found;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0 || name == mine || !pid_from(name, prefix.size())) continue;
        found.push_back((path.has_parent_path() ? dir / name : fs::path(name)).string());
    }
    std::sort(found.begin(), found.end());
    return found;
}

TemporaryFile::TemporaryFile(std::string target)
    : target_(std::move(target)), temporary_(target_ + std::string(temporary_marker) + std::to_string(::getpid())) {
    slot_ = claim_slot(temporary_);
}

TemporaryFile::~TemporaryFile() { discard(); }

void TemporaryFile::discard() noexcept {
    if (done_) return;
    done_ = true;
    std::error_code ec;
    fs::remove(temporary_, ec);
    release_slot(slot_);
}

void TemporaryFile::commit() {
    if (done_) throw RuntimeFailure(target_ + ": the temporary file was already committed or discarded");
    std::error_code ec;
    fs::rename(temporary_, target_, ec);
    if (ec) {
        const std::string why = ec.message();
        discard();
        throw RuntimeFailure(target_ + ": cannot rename the finished file from '" + temporary_ + "' (" + why + ")");
    }
    done_ = true;
    release_slot(slot_);
}

void TemporaryFile::write(std::string_view bytes) const { write_whole_file(temporary_, bytes, target_); }

void TemporaryFile::copy_from(const std::string& source) const {
    std::error_code ec;
    fs::copy_file(source, temporary_, fs::copy_options::overwrite_existing, ec);
    if (!ec) return;
    // A full disk may show only as "Input/output error"; any other cause (a read-only file system,
    // permissions) is named as it is.
    const bool may_be_full = ec == std::errc::io_error || ec == std::errc::no_space_on_device;
    const std::string note = may_be_full ? full_disk_note(temporary_) : std::string();
    throw RuntimeFailure(target_ + ": cannot copy '" + source + "' to '" + temporary_ + "'" +
                         (note.empty() ? " (" + ec.message() + ")" : note));
}

std::string full_disk_note(const std::string& path) {
    const fs::path file(path);
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    struct statvfs stats {};
    if (::statvfs(dir.c_str(), &stats) != 0) return {};
    const auto free_bytes = static_cast<unsigned long long>(stats.f_bavail) * stats.f_frsize;
    if (free_bytes < (1ull << 20))
        return " (No space left on device: " + std::to_string(free_bytes) + " bytes free in " + dir.string() + ")";
    return {};
}

void write_whole_file(const std::string& path, std::string_view bytes, const std::string& named_as) {
    const auto failed = [&](const char* doing) {
        return RuntimeFailure(named_as + ": cannot " + doing + " '" + path + "' (" + std::strerror(errno) + ")");
    };
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw failed("create");
    // A full disk may show only when the buffer is flushed, at fclose: both are checked.
    if (std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
        const RuntimeFailure error = failed("write");
        std::fclose(f);
        throw error;
    }
    if (std::fclose(f) != 0) throw failed("write");
}

void write_file_atomically(const std::string& target, const std::string& bytes) {
    TemporaryFile tmp(target);
    tmp.write(bytes);
    tmp.commit();
}

void install_interrupt_cleanup() {
    static const bool installed = [] {
        struct sigaction sa {};
        sa.sa_handler = remove_temporaries_and_die;
        sigemptyset(&sa.sa_mask);
        // SIGXCPU: a CPU-time limit (ulimit -t, a batch system's) reached; SIGKILL follows at the hard limit.
        for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGXCPU}) sigaction(sig, &sa, nullptr);
        // A closed pipe on stdout or stderr (`urna run ... | head`, a log reader that died) ends the
        // process as an interrupt does. A SIGPIPE the caller ignores stays ignored: writes then fail
        // with EPIPE and the work goes on.
        struct sigaction pipe {};
        if (sigaction(SIGPIPE, nullptr, &pipe) == 0 && pipe.sa_handler != SIG_IGN) sigaction(SIGPIPE, &sa, nullptr);
        // Past a file-size limit (ulimit -f) the default SIGXFSZ kills the process and leaves its
        // temporary file; ignored, the write fails with EFBIG and is reported like a full disk.
        std::signal(SIGXFSZ, SIG_IGN);
        return true;
    }();
    (void)installed;
}

}  // namespace urna
