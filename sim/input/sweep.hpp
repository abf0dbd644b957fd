// Parameter sweeps (`urna run --sweep key.path=v1,v2,...` or `key.path=range(a,b,step)`, repeatable):
// the grid of points, each one a set of --set-style overrides, and the manifest that lists the points
// and their run files (docs/hpc.md). Every point keeps the scenario's seed, so the honest draws are
// common random numbers: differences between points are the parameter's effect, not noise.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace urna::input {

/// One --sweep: a key path and the TOML value texts it takes, in the order given.
struct SweepAxis {
    std::string text;                 ///< the --sweep argument as given
    std::string key;                  ///< e.g. "honest.invalid_rate" or "regions.\"North\".turnout"
    std::vector<std::string> values;  ///< TOML value texts, e.g. "0.01", "\"lognormal\"", "[1, 2]"
};

/// Parses one --sweep argument. `key.path=v1,v2,...` splits the values at commas outside brackets,
/// braces and quotes; `key.path=range(a,b,step)` gives a, a+step, a+2 step, ... up to and including b
/// (b is included when it is reached exactly, never passed), computed in exact decimal arithmetic
/// (range(0.1,0.3,0.1) is 0.1, 0.2, 0.3, never 0.30000000000000004). Integers in, integers out;
/// a decimal point or exponent anywhere gives floats. Throws InputError naming --sweep for a missing
/// '=', an empty key or value, a zero step, a step that points away from b, or more than max_points.
SweepAxis parse_sweep(std::string_view text);

/// The most points one sweep may have (one axis or the whole grid): a typo such as range(0,1,1e-9)
/// should fail at once, not fill a disk.
inline constexpr std::size_t max_sweep_points = 100000;

/// The Cartesian product of the axes. Point k's position on axis j is (k / stride_j) % n_j, with the
/// first --sweep varying slowest (nested loops in the order the options were given).
class SweepGrid {
  public:
    /// Throws InputError for a key swept twice, the key output.path (point files are named from the
    /// output name), or a grid of more than max_sweep_points. Keys are compared as canonical_key_path
    /// writes them in `scenario` (the tree the points' overrides apply to), so `regions.0.turnout` and
    /// `regions.North.turnout` are one key where North is the first region: as two axes, the later
    /// would silently replace the earlier at every point.
    explicit SweepGrid(std::vector<SweepAxis> axes, const toml::table& scenario = {});

    std::size_t size() const { return size_; }
    const std::vector<SweepAxis>& axes() const { return axes_; }
    /// The value texts of point k, one per axis.
    std::vector<std::string> values(std::size_t k) const;
    /// The overrides of point k: "key=value", one per axis, applied after --set.
    std::vector<std::string> overrides(std::size_t k) const;
    /// "key=value, key=value" for messages and tables.
    std::string describe(std::size_t k) const;

  private:
    std::vector<SweepAxis> axes_;
    std::size_t size_ = 1;
};

/// The run file of point k of n beside `output` (a run's output path): "<dir>/<stem>.sweep_K_of_N.h5".
std::string sweep_point_path(const std::string& output, std::size_t k, std::size_t n);
/// The manifest beside `output`: "<dir>/<stem>.sweep.toml".
std::string sweep_manifest_path(const std::string& output);
/// The output a manifest was written for, the inverse of sweep_manifest_path: "<dir>/<stem>.h5"
/// (a path not ending in ".sweep.toml" comes back as it is).
std::string sweep_output_path(const std::string& manifest_path);

/// A sweep manifest: what was swept and where each point's run file is.
struct SweepManifest {
    struct Point {
        std::size_t index = 0;
        std::string file;                    ///< as stored: a name relative to the manifest's folder
        std::vector<std::string> overrides;  ///< "key=value", one per key
    };
    std::string scenario;            ///< the scenario file the sweep ran
    std::vector<std::string> sweeps; ///< the --sweep arguments, in order
    std::vector<std::string> keys;   ///< one per axis
    std::vector<Point> points;
};

/// The manifest of `grid` for `scenario_path`, with run files named by sweep_point_path(output, ...).
SweepManifest make_sweep_manifest(const SweepGrid& grid, const std::string& scenario_path, const std::string& output);
/// The manifest as TOML (format "urna-sweep", documented in docs/hpc.md).
std::string sweep_manifest_toml(const SweepManifest& manifest);
/// Reads a manifest. Throws InputError "file:line:col: key: problem" for a file that is not valid TOML,
/// not of format "urna-sweep" 1.x, or incomplete (fewer [[points]] than points_total, a point without
/// its index, file or one value per key).
SweepManifest read_sweep_manifest(const std::string& path);
/// read_sweep_manifest of text already read; `path` names it in messages.
SweepManifest parse_sweep_manifest(std::string_view text, const std::string& path);
/// Whether an argument naming run files is to be read as a sweep manifest: a .toml file (run files are
/// HDF5), so a damaged manifest is reported by read_sweep_manifest rather than as "not an HDF5 file".
bool is_sweep_manifest(const std::string& path);

}  // namespace urna::input
