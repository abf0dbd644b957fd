// The resolved scenario: plain structs that the simulation core reads.
//
// Nothing here knows about TOML. The parser (sim/input/) fills these structs, fills in every default
// and validates them, so the core can trust what it gets. Units: every probability, rate, share and
// turnout is a fraction in [0, 1]; counts are voters, ballots or stations; spreads (`*_sd`) are
// standard deviations on the logit / log-ratio scale (see docs/model.md for the symbols).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/irregularity.hpp"

namespace urna {

/// Who ran the election and where the numbers come from (free text, kept in the output).
struct ElectionInfo {
    std::string name;     ///< e.g. "Kazakhstan Majilis election"
    std::string country;  ///< e.g. "Kazakhstan"
    std::string date;     ///< ISO date, e.g. "2012-01-15"
    std::vector<std::string> sources;  ///< citations for the figures used
};

struct Party {
    std::string id;    ///< short identifier used in keys and output, e.g. "nur_otan"
    std::string name;  ///< full name for human-facing text
};

/// One region (oblast, city, district). After resolution every field is set.
struct Region {
    std::string name;
    std::int64_t registered = 0;  ///< registered voters in the region
    std::int64_t stations = 0;    ///< number of polling stations in the region
    double turnout = 0.0;         ///< expected honest turnout (fraction of registered)
    std::vector<double> shares;   ///< expected honest vote shares per party (fractions of valid votes, sum 1)
};

/// How many registered voters each polling station has. Station sizes are fixed for a scenario:
/// either read from a CSV of real stations, or drawn once with the geography seed.
struct StationSizeModel {
    enum class Kind { lognormal, csv };
    Kind kind = Kind::lognormal;
    /// lognormal: coefficient of variation of station size within a region (sd / mean, > 0)
    double cv = 0.5;
    /// lognormal: smallest allowed station (voters)
    std::int64_t min_size = 10;
    /// csv: file with one row per station; path as resolved (absolute, or relative to the cwd)
    std::string csv_path;
    std::string csv_region_column = "region";
    std::string csv_registered_column = "registered";
    /// csv: SHA-256 of the file's bytes (64 lowercase hex digits), as read; given in a scenario (a run's
    /// stored scenario always gives it), the file must still have it
    std::string csv_sha256;
    /// csv: the station sizes read by the input layer, per region (same order as Scenario::regions)
    std::vector<std::vector<std::int64_t>> listed_sizes;
};

/// Station-level spread of honest behaviour (logit scale for turnout, log-ratio scale for preferences).
struct HonestSpread {
    double turnout_station_sd = 0.3;  ///< sd of a station's turnout logit around its region's centre
    double shares_station_sd = 0.15;  ///< sd of each party's station log-ratio around its region's centre
    double invalid_rate = 0.01;       ///< probability that a cast ballot is invalid
    /// honest.baseline = "reported": the expected turnouts or shares were set from the reported
    /// figures themselves, so comparing the run with those figures uses the data twice.
    bool baseline_from_reported = false;

    /// Largest shares_station_sd accepted: the normal sampler's variates are below 12.3 in
    /// magnitude (its tail's largest is r + sqrt(2 * 54 ln 2), for uniforms down to 2^-54), so a station's exponents stay
    /// within 123 of its region's largest centre, far inside exp's range, and the honest model
    /// needs no per-station shift (docs/model.md, section 3).
    static constexpr double max_shares_station_sd = 10.0;
};

/// Uncertainty shared by all stations of a replicate (national) or of a region (regional).
struct Uncertainty {
    double national_turnout_sd = 0.1;   ///< sd of the per-replicate national turnout logit shock
    double national_shares_sd = 0.05;   ///< sd of each party's per-replicate national log-ratio shock
    double regional_turnout_sd = 0.1;   ///< sd of the per-replicate, per-region turnout logit shock
    double regional_shares_sd = 0.05;   ///< sd of the per-replicate, per-region log-ratio shocks
};

/// A reported (official or published) figure the simulations are compared with.
struct ReportedFigure {
    enum class Kind { turnout, share, seats, votes };
    Kind kind = Kind::turnout;
    std::string party;   ///< party id (share, seats, votes); empty for turnout
    std::string region;  ///< region name; empty for national
    double value = 0.0;  ///< fraction for turnout/share, count for seats/votes
    std::string label;   ///< e.g. "preliminary", "final"
    std::string source;  ///< citation
    /// A preliminary count (e.g. turnout at 20:00): not the final quantity urna simulates, so it is
    /// shown for context but kept out of p-value verdicts and acceptance rates.
    bool preliminary = false;
};

struct SeatRules {
    enum class Method { hare, dhondt, sainte_lague };
    Method method = Method::hare;
    int total = 0;             ///< seats to allocate (0: no seat allocation)
    double threshold = 0.0;    ///< minimum share of valid votes to qualify (fraction)
    /// If fewer parties than this clear the threshold, the next-largest parties are admitted until
    /// this many take part (Kazakhstan: 2, the runner-up guarantee). 0 or 1 disables the rule.
    int min_parties = 0;
};

struct SimulationSettings {
    std::int64_t replicates = 1000;
    std::uint64_t seed = 1;
    std::uint64_t geography_seed = 1;  ///< seeds the fixed station layout, independent of `seed`
    int threads = 0;                   ///< 0: from the environment (see docs/cli.md)
};

struct OutputSettings {
    std::string path = "output/run.h5";
    int histogram_bins = 200;    ///< bins over [0, 1] for national turnout and party shares
    int fingerprint_bins = 100;  ///< bins per axis of the station turnout x leader-share histogram
};

struct Scenario {
    ElectionInfo election;
    std::vector<Party> parties;
    std::vector<Region> regions;
    StationSizeModel station_sizes;
    HonestSpread honest;
    Uncertainty uncertainty;
    std::vector<ReportedFigure> reported;
    SeatRules seats;
    SimulationSettings simulation;
    OutputSettings output;
    std::vector<Irregularity> irregularities;  ///< applied after the honest draw (sim/irregularities.hpp)
    Observers observers;
    int leader = 0;  ///< index into `parties` of the party whose share the fingerprint uses

    std::int64_t total_registered() const {
        std::int64_t sum = 0;
        for (const auto& r : regions) sum += r.registered;
        return sum;
    }
    std::int64_t total_stations() const {
        std::int64_t sum = 0;
        for (const auto& r : regions) sum += r.stations;
        return sum;
    }
};

}  // namespace urna
