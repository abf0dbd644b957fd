#include "sim/output/run_writer.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "sim/draws_version.hpp"
#include "sim/output/checkpoint.hpp"
#include "sim/errors.hpp"
#include "urna/version.hpp"

namespace urna {
namespace {

namespace fs = std::filesystem;

// About 64 Ki elements (512 KiB of int64) per chunk: a chunk fits HDF5's default 1 MiB chunk cache,
// so while the datasets stay open (rows_) the chunk being filled stays there uncompressed, and
// streaming batches of rows never re-reads and re-compresses it.
constexpr hsize_t chunk_elements = 65536;

h5::DataSetOptions row_chunks(const h5::Dims& dims) {
    const hsize_t per_row = std::max<hsize_t>(1, h5::element_count(h5::Dims(dims.begin() + 1, dims.end())));
    h5::Dims chunk = dims;
    chunk[0] = std::max<hsize_t>(1, chunk_elements / per_row);
    return {chunk, 4, true};
}

// Creates the parent directories, then the temporary file (replacing a stale one of this pid).
h5::File create_temporary(const std::string& final_path, const std::string& temporary_path) {
    const fs::path parent = fs::path(final_path).parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec) throw RuntimeFailure(final_path + ": cannot create directory '" + parent.string() + "' (" + ec.message() + ")");
    }
    return h5::File::create(temporary_path, h5::File::Create::truncate);
}

double fraction(std::int64_t part, std::int64_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

void write_units(const h5::DataSet& ds, const char* units) { ds.write_attribute("units", units); }

}  // namespace

std::string utc_timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

RunWriter::RunWriter(std::string final_path, const Scenario& scenario, const std::string& resolved_scenario_toml,
                     ReplicateRange range)
    : final_path_(std::move(final_path)),
      temporary_(final_path_),
      file_(create_temporary(final_path_, temporary_.path())),
      first_replicate_(range.first),
      replicates_(range.count >= 0 ? range.count : scenario.simulation.replicates - range.first),
      replicates_total_(scenario.simulation.replicates),
      parties_(static_cast<int>(scenario.parties.size())),
      regions_(static_cast<int>(scenario.regions.size())),
      mechanisms_(static_cast<int>(scenario.irregularities.size())) {
    // Everything that can fail runs here, so that a failure still removes the temporary file.
    try {
        if (first_replicate_ < 0 || replicates_ < 0 || first_replicate_ + replicates_ > replicates_total_) {
            throw RuntimeFailure(final_path_ + ": replicate range outside the scenario's replicates");
        }
        if (scenario.output.histogram_bins < 1) throw RuntimeFailure(final_path_ + ": histogram_bins must be >= 1");
        written_.assign(static_cast<std::size_t>(replicates_), false);
        turnout_histogram_ = Histogram<std::uint64_t>(scenario.output.histogram_bins, 0.0, 1.0);
        share_histograms_.assign(scenario.parties.size(), turnout_histogram_);
        write_identity(scenario, resolved_scenario_toml);
        write_parties_and_regions(scenario);
        create_replicate_datasets();
        write_irregularities(scenario);
    } catch (...) {
        rows_.clear();
        file_.release();
        temporary_.discard();
        throw;
    }
}

RunWriter::~RunWriter() {
    if (finished_) return;
    // A failed or abandoned run: drop the temporary file; whatever is at final_path stays as it was.
    rows_.clear();
    file_.release();
    temporary_.discard();
}

const h5::DataSet& RunWriter::rows(const std::string& path) const {
    const auto found = rows_.find(path);
    if (found == rows_.end()) throw RuntimeFailure(temporary_.path() + ": no dataset " + path + " to write rows to");
    return found->second;
}

void RunWriter::write_identity(const Scenario& scenario, const std::string& resolved_scenario_toml) {
    file_.write_attribute("format", "urna");
    file_.write_attribute_array<std::int32_t>("format_version", {run_format_major, run_format_minor});
    file_.write_attribute("urna_version", urna::version);
    file_.write_attribute("git_commit", urna::git_commit);
    file_.write_attribute<std::int32_t>("draws_version", draws_version);
    file_.write_attribute("created", utc_timestamp());
    file_.write_attribute<std::uint64_t>("seed", scenario.simulation.seed);
    file_.write_attribute<std::uint64_t>("geography_seed", scenario.simulation.geography_seed);
    file_.write_attribute<std::int64_t>("replicates", replicates_);
    file_.write_attribute<std::int64_t>("first_replicate", first_replicate_);
    file_.write_attribute<std::int64_t>("replicates_total", replicates_total_);
    file_.write_attribute("scenario", resolved_scenario_toml);
    file_.write_attribute("election_name", scenario.election.name);
}

void RunWriter::write_parties_and_regions(const Scenario& scenario) {
    std::vector<std::string> ids, names;
    for (const auto& p : scenario.parties) {
        ids.push_back(p.id);
        names.push_back(p.name);
    }
    const auto parties = file_.create_group("parties");
    parties.write_strings("id", ids);
    parties.write_strings("name", names);
    parties.write_attribute<std::int64_t>("leader", scenario.leader);

    std::vector<std::string> region_names;
    std::vector<std::int64_t> stations, registered;
    for (const auto& r : scenario.regions) {
        region_names.push_back(r.name);
        stations.push_back(r.stations);
        registered.push_back(r.registered);
    }
    const auto regions = file_.create_group("regions");
    regions.write_strings("name", region_names);
    write_units(regions.write_dataset("stations", stations), "stations");
    write_units(regions.write_dataset("registered", registered), "voters");
}

void RunWriter::create_replicate_datasets() {
    const auto group = file_.create_group("replicates");
    const auto r = static_cast<hsize_t>(replicates_);
    const auto k = static_cast<hsize_t>(parties_);
    const auto g = static_cast<hsize_t>(regions_);
    const auto make = [&](const char* name, auto zero, const h5::Dims& dims, const char* units) {
        using T = decltype(zero);
        h5::DataSet set = group.create_dataset<T>(name, dims, row_chunks(dims));
        write_units(set, units);
        rows_.emplace(std::string("replicates/") + name, std::move(set));
    };
    make("registered", std::int64_t{}, {r}, "voters");
    make("ballots", std::int64_t{}, {r}, "ballots");
    make("invalid", std::int64_t{}, {r}, "ballots");
    make("turnout", double{}, {r}, "fraction of registered");
    make("votes", std::int64_t{}, {r, k}, "votes");
    make("shares", double{}, {r, k}, "fraction of valid votes");
    make("seats", std::int32_t{}, {r, k}, "seats");
    make("region_registered", std::int64_t{}, {r, g}, "voters");
    make("region_ballots", std::int64_t{}, {r, g}, "ballots");
    make("region_invalid", std::int64_t{}, {r, g}, "ballots");
    make("region_turnout", double{}, {r, g}, "fraction of registered");
    make("region_votes", std::int64_t{}, {r, g, k}, "votes");
}

void RunWriter::write_irregularities(const Scenario& scenario) {
    if (mechanisms_ == 0) return;
    const auto ordered = application_order(scenario.irregularities);
    std::vector<std::string> types, beneficiaries;
    for (const auto& m : ordered) {
        types.push_back(irregularity_type_name(m.type));
        beneficiaries.push_back(scenario.parties[static_cast<std::size_t>(m.beneficiary)].id);
    }
    const auto group = file_.create_group("irregularities");
    group.write_strings("label", irregularity_labels(ordered));
    group.write_strings("type", types);
    group.write_strings("beneficiary", beneficiaries);
    group.write_attribute<double>("observer_coverage", scenario.observers.coverage);
    group.write_attribute<double>("observer_deterrence", scenario.observers.deterrence);
    const h5::Dims dims{static_cast<hsize_t>(replicates_), static_cast<hsize_t>(mechanisms_)};
    const auto make = [&](const char* name, const char* units) {
        h5::DataSet set = group.create_dataset<std::int64_t>(name, dims, row_chunks(dims));
        write_units(set, units);
        rows_.emplace(std::string("irregularities/") + name, std::move(set));
    };
    make("stations", "stations affected");
    make("ballots_added", "ballots (negative: removed)");
    make("registered_added", "voters added to supplementary lists");
    make("votes_moved", "valid votes moved to the beneficiary");
}

void RunWriter::write_batch(std::int64_t first_replicate, const std::vector<ReplicateSummary>& batch) {
    if (finished_) throw RuntimeFailure(temporary_.path() + ": write_batch after finish");
    const auto n = static_cast<std::int64_t>(batch.size());
    if (first_replicate < first_replicate_ || first_replicate + n > first_replicate_ + replicates_) {
        throw RuntimeFailure(temporary_.path() + ": replicates [" + std::to_string(first_replicate) + ", " +
                             std::to_string(first_replicate + n) + ") are outside [" + std::to_string(first_replicate_) +
                             ", " + std::to_string(first_replicate_ + replicates_) + ")");
    }
    first_replicate -= first_replicate_;  // row in this file
    const auto k = static_cast<std::size_t>(parties_);
    const auto g = static_cast<std::size_t>(regions_);
    std::vector<std::int64_t> registered, ballots, invalid, votes, region_registered, region_ballots, region_invalid,
        region_votes;
    std::vector<double> turnout, shares, region_turnout;
    std::vector<std::int32_t> seats;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto& s = batch[i];
        if (s.votes.size() != k || s.seats.size() != k || s.region_registered.size() != g ||
            s.region_ballots.size() != g || s.region_invalid.size() != g || s.region_votes.size() != g * k) {
            throw RuntimeFailure(temporary_.path() + ": replicate " + std::to_string(first_replicate + std::int64_t(i)) +
                                 " does not have " + std::to_string(k) + " parties and " + std::to_string(g) +
                                 " regions");
        }
        registered.push_back(s.registered);
        ballots.push_back(s.ballots);
        invalid.push_back(s.invalid);
        turnout.push_back(s.turnout());
        turnout_histogram_.add(s.turnout());
        votes.insert(votes.end(), s.votes.begin(), s.votes.end());
        seats.insert(seats.end(), s.seats.begin(), s.seats.end());
        for (std::size_t p = 0; p < k; ++p) {
            const double share = s.share(static_cast<int>(p));
            shares.push_back(share);
            share_histograms_[p].add(share);
        }
        region_registered.insert(region_registered.end(), s.region_registered.begin(), s.region_registered.end());
        region_ballots.insert(region_ballots.end(), s.region_ballots.begin(), s.region_ballots.end());
        region_invalid.insert(region_invalid.end(), s.region_invalid.begin(), s.region_invalid.end());
        for (std::size_t j = 0; j < g; ++j) region_turnout.push_back(fraction(s.region_ballots[j], s.region_registered[j]));
        region_votes.insert(region_votes.end(), s.region_votes.begin(), s.region_votes.end());
    }

    const auto first = static_cast<hsize_t>(first_replicate);
    rows("replicates/registered").write_rows(first, registered);
    rows("replicates/ballots").write_rows(first, ballots);
    rows("replicates/invalid").write_rows(first, invalid);
    rows("replicates/turnout").write_rows(first, turnout);
    rows("replicates/votes").write_rows(first, votes);
    rows("replicates/shares").write_rows(first, shares);
    rows("replicates/seats").write_rows(first, seats);
    rows("replicates/region_registered").write_rows(first, region_registered);
    rows("replicates/region_ballots").write_rows(first, region_ballots);
    rows("replicates/region_invalid").write_rows(first, region_invalid);
    rows("replicates/region_turnout").write_rows(first, region_turnout);
    rows("replicates/region_votes").write_rows(first, region_votes);
    if (mechanisms_ > 0) {
        std::vector<std::int64_t> stations, added, registered_added, moved;
        for (const auto& s : batch) {
            if (s.mechanism_stations.size() != static_cast<std::size_t>(mechanisms_)) {
                throw RuntimeFailure(temporary_.path() + ": replicate summary without " + std::to_string(mechanisms_) +
                                     " irregularity tallies");
            }
            stations.insert(stations.end(), s.mechanism_stations.begin(), s.mechanism_stations.end());
            added.insert(added.end(), s.mechanism_ballots.begin(), s.mechanism_ballots.end());
            registered_added.insert(registered_added.end(), s.mechanism_registered.begin(), s.mechanism_registered.end());
            moved.insert(moved.end(), s.mechanism_moved.begin(), s.mechanism_moved.end());
        }
        rows("irregularities/stations").write_rows(first, stations);
        rows("irregularities/ballots_added").write_rows(first, added);
        rows("irregularities/registered_added").write_rows(first, registered_added);
        rows("irregularities/votes_moved").write_rows(first, moved);
    }
    for (std::int64_t i = 0; i < n; ++i) written_[static_cast<std::size_t>(first_replicate + i)] = true;
}

void RunWriter::finish(const Fingerprint& fingerprint, const std::vector<std::pair<std::string, double>>& timing,
                       const std::function<void(h5::File&)>& before_close) {
    if (finished_) throw RuntimeFailure(final_path_ + ": finish called twice");
    const auto missing = std::count(written_.begin(), written_.end(), false);
    if (missing > 0) {
        throw RuntimeFailure(final_path_ + ": " + std::to_string(missing) + " of " + std::to_string(replicates_) +
                             " replicates were never written; the run file would be incomplete");
    }
    // Closed here, reporting failure: closing writes out the last chunks of each (a full disk shows here).
    for (auto& [path, set] : rows_) set.close();
    rows_.clear();
    const auto fb = static_cast<std::size_t>(std::max(fingerprint.bins, 0));
    if (fingerprint.bins < 1 || fingerprint.counts.size() != fb * fb) {
        throw RuntimeFailure(final_path_ + ": fingerprint counts do not match its " + std::to_string(fingerprint.bins) +
                             " bins per axis");
    }

    const auto turnout = file_.create_group("histograms/national_turnout");
    turnout.write_dataset("counts", turnout_histogram_.counts);
    turnout.write_dataset("edges", turnout_histogram_.edges());
    turnout.write_attribute("weight", "replicates");

    const auto share = file_.create_group("histograms/party_share");
    std::vector<std::uint64_t> share_counts;
    for (const auto& h : share_histograms_) share_counts.insert(share_counts.end(), h.counts.begin(), h.counts.end());
    const auto bins = static_cast<hsize_t>(turnout_histogram_.counts.size());
    share.write_dataset("counts", share_counts, {static_cast<hsize_t>(parties_), bins});
    share.write_dataset("edges", turnout_histogram_.edges());
    share.write_attribute("axes", "party,share");
    share.write_attribute("weight", "replicates");

    const auto print = file_.create_group("histograms/fingerprint");
    print.write_dataset("counts", fingerprint.counts, {fb, fb});
    const Histogram<std::uint64_t> axis(fingerprint.bins, 0.0, 1.0);
    print.write_dataset("turnout_edges", axis.edges());
    print.write_dataset("share_edges", axis.edges());
    print.write_attribute("axes", "turnout,leader_share");
    print.write_attribute("weight", "stations");

    if (!timing.empty()) {
        const auto group = file_.create_group("timing");  // one attribute per phase, seconds
        for (const auto& [name, seconds] : timing) group.write_attribute(name, seconds);
    }

    if (before_close) before_close(file_);
    file_.flush();
    file_.close();
    temporary_.commit();
    finished_ = true;
}

void RunWriter::write_checkpoint(const std::string& checkpoint_path, const Fingerprint& fingerprint, int signal) {
    if (finished_) throw RuntimeFailure(final_path_ + ": checkpoint after finish");
    file_.flush();
    TemporaryFile copy(checkpoint_path);
    copy.copy_from(temporary_.path());
    {
        h5::File file = h5::File::open(copy.path(), h5::File::Access::read_write);
        mark_as_checkpoint(file, intervals_of(written_, first_replicate_), fingerprint, signal);
        file.close();
    }
    copy.commit();
}

}  // namespace urna
