#include "sim/output/run_reader.hpp"

#include "sim/histogram.hpp"

#include <algorithm>
#include <filesystem>

#include "sim/errors.hpp"
#include "sim/output/file_identity.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/run_writer.hpp"

namespace urna {
namespace {

// Reads a dataset and checks its shape, so a damaged or foreign file fails with a clear message
// instead of an out-of-range index later.
template <class T>
std::vector<T> read_shaped(const h5::Group& group, const std::string& name, const h5::Dims& expected) {
    const auto ds = group.open_dataset(name);
    const h5::Dims dims = ds.dims();
    if (dims != expected) {
        auto text = [](const h5::Dims& d) {
            std::string s = "[";
            for (std::size_t i = 0; i < d.size(); ++i) s += (i ? ", " : "") + std::to_string(d[i]);
            return s + "]";
        };
        throw InputError(ds.where() + ": shape " + text(dims) + " does not match the expected " + text(expected));
    }
    return ds.read<T>();
}

}  // namespace

RunData read_run(const std::string& path) {
    const auto file = h5::open_input_file(path);
    try {
        return read_run(file, path);
    } catch (const RuntimeFailure& e) {
        // A file that opens but whose datasets do not read is damaged input, not a failure of this run.
        throw InputError(path + ": damaged urna run file (" + h5::short_reason(e) + ")");
    }
}

RunData read_run(const h5::File& file, const std::string& path) {
    RunData run;
    run.path = path;
    const FileIdentity identity = read_file_identity(file, path, "run", {"urna"}, run_format_major);
    run.format = identity.format;
    run.format_version = identity.version;

    run.urna_version = file.read_string_attribute("urna_version");
    run.draws_version = file.has_attribute("draws_version") ? file.read_attribute<std::int32_t>("draws_version") : 0;
    run.git_commit = file.read_string_attribute("git_commit");
    run.created = file.read_string_attribute("created");
    run.seed = file.read_attribute<std::uint64_t>("seed");
    run.geography_seed = file.read_attribute<std::uint64_t>("geography_seed");
    run.replicates = file.read_attribute<std::int64_t>("replicates");
    // Shard attributes came in 1.2; older files hold whole runs.
    run.first_replicate = file.has_attribute("first_replicate") ? file.read_attribute<std::int64_t>("first_replicate") : 0;
    run.replicates_total =
        file.has_attribute("replicates_total") ? file.read_attribute<std::int64_t>("replicates_total") : run.replicates;
    run.scenario = file.read_string_attribute("scenario");
    run.election_name = file.read_string_attribute("election_name");

    const auto parties = file.open_group("parties");
    run.party_ids = parties.read_strings("id");
    run.party_names = parties.read_strings("name");
    run.leader = static_cast<int>(parties.read_attribute<std::int64_t>("leader"));
    const auto regions = file.open_group("regions");
    run.region_names = regions.read_strings("name");

    const auto r = static_cast<hsize_t>(std::max<std::int64_t>(run.replicates, 0));
    const auto k = static_cast<hsize_t>(run.party_ids.size());
    const auto g = static_cast<hsize_t>(run.region_names.size());
    if (run.party_names.size() != k) throw InputError(path + ": /parties/id and /parties/name differ in length");
    run.region_stations = read_shaped<std::int64_t>(regions, "stations", {g});
    run.region_registered = read_shaped<std::int64_t>(regions, "registered", {g});

    const auto rep = file.open_group("replicates");
    run.rep.registered = read_shaped<std::int64_t>(rep, "registered", {r});
    run.rep.ballots = read_shaped<std::int64_t>(rep, "ballots", {r});
    run.rep.invalid = read_shaped<std::int64_t>(rep, "invalid", {r});
    run.rep.turnout = read_shaped<double>(rep, "turnout", {r});
    run.rep.votes = read_shaped<std::int64_t>(rep, "votes", {r, k});
    run.rep.shares = read_shaped<double>(rep, "shares", {r, k});
    run.rep.seats = read_shaped<std::int32_t>(rep, "seats", {r, k});
    run.rep.region_registered = read_shaped<std::int64_t>(rep, "region_registered", {r, g});
    run.rep.region_ballots = read_shaped<std::int64_t>(rep, "region_ballots", {r, g});
    run.rep.region_invalid = read_shaped<std::int64_t>(rep, "region_invalid", {r, g});
    run.rep.region_turnout = read_shaped<double>(rep, "region_turnout", {r, g});
    run.rep.region_votes = read_shaped<std::int64_t>(rep, "region_votes", {r, g, k});

    if (file.exists("irregularities")) {
        const auto irr = file.open_group("irregularities");
        auto& out = run.irregular;
        out.label = irr.read_strings("label");
        out.type = irr.read_strings("type");
        out.beneficiary = irr.read_strings("beneficiary");
        out.observer_coverage = irr.read_attribute<double>("observer_coverage");
        out.observer_deterrence = irr.read_attribute<double>("observer_deterrence");
        const auto m = static_cast<hsize_t>(out.label.size());
        out.stations = read_shaped<std::int64_t>(irr, "stations", {r, m});
        out.ballots_added = read_shaped<std::int64_t>(irr, "ballots_added", {r, m});
        out.registered_added = read_shaped<std::int64_t>(irr, "registered_added", {r, m});
        out.votes_moved = read_shaped<std::int64_t>(irr, "votes_moved", {r, m});
    }

    const auto turnout = file.open_group("histograms/national_turnout");
    run.turnout_counts = turnout.read_dataset<std::uint64_t>("counts");
    const hsize_t b = run.turnout_counts.size();
    run.turnout_edges = read_shaped<double>(turnout, "edges", {b + 1});
    const auto share = file.open_group("histograms/party_share");
    run.party_share_counts = read_shaped<std::uint64_t>(share, "counts", {k, b});
    run.party_share_edges = read_shaped<double>(share, "edges", {b + 1});
    const auto print = file.open_group("histograms/fingerprint");
    const auto print_dims = print.open_dataset("counts").dims();
    if (print_dims.size() != 2 || print_dims[0] != print_dims[1]) {
        throw InputError(path + ":/histograms/fingerprint/counts: expected a square [T, S] array");
    }
    const hsize_t t = print_dims[0];
    if (t < 1 || t > 10'000) {
        throw InputError(path + ":/histograms/fingerprint/counts: " + std::to_string(t) +
                         " bins per axis (urna writes 1 to 10,000)");
    }
    run.fingerprint = Fingerprint(static_cast<int>(t));
    run.fingerprint.counts = read_shaped<std::uint64_t>(print, "counts", {t, t});
    const std::vector<double> unit_edges = Histogram<std::uint64_t>(run.fingerprint.bins, 0.0, 1.0).edges();
    for (const char* axis : {"turnout_edges", "share_edges"}) {
        if (read_shaped<double>(print, axis, {t + 1}) != unit_edges) {
            throw InputError(path + ":/histograms/fingerprint/" + axis +
                             ": not equal bins over [0, 1], the only fingerprint urna writes");
        }
    }

    if (file.exists("timing")) {
        const auto timing = file.open_group("timing");
        for (const auto& name : timing.attribute_names()) {
            run.timing.emplace_back(name, timing.read_attribute<double>(name));
        }
    }
    return run;
}

}  // namespace urna
