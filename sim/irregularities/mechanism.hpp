// One irregularity type (docs/model.md, section 6) lives in one file of this folder: its keys, how
// they are read from and written back to a scenario, and its effect on a station. The scenario
// reader and writer (sim/input) and the engine (sim/irregularities.cpp) reach a type only through
// its MechanismType, listed once in mechanism_list.inc. A type reads and writes its keys through
// the small interfaces below, so it never sees TOML (the core stays free of the parser).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/honest_model.hpp"
#include "sim/irregularities/block_selection.hpp"
#include "sim/irregularities/station_edits.hpp"
#include "sim/irregularity.hpp"
#include "sim/random_stream.hpp"
#include "sim/scenario.hpp"
#include "sim/station_layout.hpp"

namespace urna {

/// A block's type-specific keys as the scenario gives them. Every getter returns nothing where the
/// key is absent and fails (urna::InputError naming file, line, column and key) where it is out of
/// range; implemented by sim/input over the TOML tree.
class ParameterReader {
  public:
    virtual ~ParameterReader() = default;
    virtual bool has(std::string_view key) const = 0;
    virtual std::optional<double> number(std::string_view key) const = 0;
    virtual std::optional<double> fraction(std::string_view key) const = 0;                ///< in [0, 1]
    virtual std::optional<double> positive(std::string_view key) const = 0;                ///< > 0
    virtual std::optional<double> at_least(std::string_view key, double min) const = 0;    ///< >= min
    /// In [min, max], else "must be in [min, max], got x (what)".
    virtual std::optional<double> in_range(std::string_view key, double min, double max,
                                           std::string_view what) const = 0;
    /// In [min, max]; `why_max` says why larger values are refused.
    virtual std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                                std::string_view why_max) const = 0;
    virtual std::optional<bool> boolean(std::string_view key) const = 0;
    virtual std::optional<std::string> string(std::string_view key) const = 0;
    [[noreturn]] virtual void fail_at(std::string_view key, std::string_view message) const = 0;
    [[noreturn]] virtual void fail_missing(std::string_view key, std::string_view why) const = 0;
};

/// Writes a block's type-specific keys back, one `key = value` line each, in a form the reader takes.
class ParameterWriter {
  public:
    virtual ~ParameterWriter() = default;
    virtual void number(std::string_view key, double value) = 0;
    virtual void integer(std::string_view key, std::int64_t value) = 0;
    virtual void boolean(std::string_view key, bool value) = 0;
    virtual void string(std::string_view key, std::string_view value) = 0;
};

/// What a block may precompute from, once per run.
struct MechanismSetup {
    const Scenario& scenario;
    const StationLayout& layout;
    const ModelTables& model;
    const std::vector<char>& region_targeted;  ///< [region]: the block's regions
    Purpose purpose;                           ///< the block's own stream purpose
};

/// A block's per-replicate plan shared by the stations (bussed_voters' routes): its visits per
/// station, and which stations of each selection block have any, so that the many blocks without
/// one are passed over without looking at their stations.
struct StationPlan {
    std::vector<std::int32_t> visits;    ///< [station]
    std::vector<std::uint64_t> visited;  ///< [selection block]: bit j where station 64 block + j has visits

    /// No visits at any of `stations` stations.
    void clear(std::size_t stations) {
        visits.assign(stations, 0);
        visited.assign((stations + selection_block_stations - 1) / selection_block_stations, 0);
    }
    /// `times` visits at `station` (times > 0).
    void visit(std::size_t station, std::int32_t times) {
        visits[station] += times;
        visited[station / selection_block_stations] |= std::uint64_t{1} << (station % selection_block_stations);
    }
};

/// One station as a block sees it, after its region and size were found eligible.
struct StationView {
    std::uint64_t seed = 0, replicate = 0, station = 0;
    std::uint64_t stream_seed = 0;  ///< the seed of the block's stream at the station (mechanism_station_seed)
    bool watched = false;         ///< observers watch the station
    double deterrence = 0;        ///< observers' deterrence (Observers::deterrence)
    const StationPlan* plan = nullptr;  ///< the block's replicate plan, if it has one
};

/// What a mechanism did at the stations of a block (Irregularities adds it to its tallies).
struct MechanismTally {
    std::int64_t stations = 0;    ///< stations where it changed something
    std::int64_t ballots = 0;     ///< ballots added
    std::int64_t registered = 0;  ///< registered voters added
    std::int64_t moved = 0;       ///< votes moved between parties
};

/// One scenario block, prepared for a run. Const and stateless per station: threads share it.
class Mechanism {
  public:
    Mechanism(const Irregularity& block, Purpose purpose)
        : block_(block), purpose_(purpose), intensity_(block.intensity) {}
    virtual ~Mechanism() = default;
    Mechanism(const Mechanism&) = delete;
    Mechanism& operator=(const Mechanism&) = delete;

    const Irregularity& block() const { return block_; }
    Purpose purpose() const { return purpose_; }
    /// The block's intensity distribution, prepared for its draws.
    const irregularities::IntensitySampler& intensity() const { return intensity_; }

    /// Whether the block draws a per-replicate plan shared by the stations (bussed_voters' routes).
    /// A block with a plan and no coin acts only where its plan's entry is non-zero.
    virtual bool has_plan() const { return false; }
    /// The plan of replicate `replicate`.
    virtual void plan_replicate(std::uint64_t /*replicate*/, StationPlan& /*plan*/) const {}

    /// Whether the station is picked by the block's coin with probability incidence
    /// (times 1 - deterrence where watched) before act() runs (Irregularities checks it, so a
    /// station the block skips costs no call); false where act() decides alone (bussed_voters).
    virtual bool selected_by_coin() const { return true; }

    /// Acts at an eligible (and, if selected_by_coin(), selected) station, editing its counts in
    /// place; returns the votes it moved between parties (ballots and registered voters added are
    /// read off the counts). The default runs effect() on the block's own stream.
    virtual std::int64_t act(const StationView& at, const StationCounts& o) const;

    /// Whether act_on_block() replaces act() at the stations of an engine block: for a mechanism
    /// whose effect is a chain of draws (or acts at most stations), where passes over the block
    /// let the stations' independent chains overlap and its binomials go as one batch.
    virtual bool acts_on_blocks() const { return false; }
    /// Acts at the `count` stations position[i] of `honest` (each eligible and selected, in
    /// increasing position; seed[i] is the seed of the block's stream there,
    /// StationView::stream_seed), with exactly the draws and edits of act() at each, and adds what
    /// it did to `tally`.
    virtual void act_on_block(const int* /*position*/, const std::uint64_t* /*seed*/, int /*count*/,
                              HonestBlock& /*honest*/, MechanismTally& /*tally*/) const {}

  protected:
    /// The start of an act_on_block() whose stations each draw an intensity x_i and then
    /// k[i] ~ Binomial(n[i], x_i), as act() would: stream[i] seeded by seed[i], each step taken
    /// at every station (count <= HonestBlock::capacity) before the next, so the stations' chains
    /// overlap.
    void draw_intensity_binomials(const std::uint64_t* seed, int count, const std::int64_t* n,
                                  MechanismStream* stream, std::int64_t* k) const;

    /// The effect at a selected station, drawing from the block's stream.
    virtual std::int64_t effect(MechanismStream& /*stream*/, const StationCounts& /*o*/) const { return 0; }

  private:
    Irregularity block_;
    Purpose purpose_;
    irregularities::IntensitySampler intensity_;
};

/// An irregularity type: everything the reader, the writer and the engine need to know of it.
struct MechanismType {
    Irregularity::Type type;
    std::string_view name;                ///< the `type` value in a scenario
    std::vector<std::string_view> keys;   ///< its type-specific keys (the common ones are not listed)
    bool takes_intensity;                 ///< reads `intensity` (a distribution of a fraction)
    std::string_view no_incidence;        ///< empty: takes `incidence`; else why it does not (error text)
    /// Reads the type-specific keys into `m` (defaults are the Irregularity's).
    void (*read)(const ParameterReader& in, Irregularity& m);
    /// Writes the type-specific keys of `m` back.
    void (*write)(const Irregularity& m, ParameterWriter& out);
    /// Prepares a block for a run.
    std::unique_ptr<Mechanism> (*prepare)(const Irregularity& m, const MechanismSetup& setup);
};

/// Every type, in the order of Irregularity::Type (mechanism_list.inc).
const std::vector<const MechanismType*>& mechanism_types();
const MechanismType& mechanism_type(Irregularity::Type type);

}  // namespace urna
