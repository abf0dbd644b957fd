// `urna fit SCENARIO [--data DATA --map MAPPING [--digit-targets]] [--prior key.path=DIST]... [-o fit.h5]
// [--json]`: which parameter values (mechanism incidences, intensities, honest turnout and shares) reproduce
// the scenario's reported figures, by ABC-SMC (analysis/fit/). Method, syntax and outputs: docs/fit.md.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "analysis/comparison.hpp"
#include "analysis/fit/election_fit.hpp"
#include "analysis/fit/fit_file.hpp"
#include "analysis/fit/fit_report.hpp"
#include "cli/analysis_options.hpp"
#include "cli/command.hpp"
#include "cli/validators.hpp"
#include "cli/exit_codes.hpp"
#include "cli/log_line.hpp"
#include "cli/override_check.hpp"
#include "cli/rank_agreement.hpp"
#include "cli/rank_context.hpp"
#include "cli/rank_guard.hpp"
#include "sim/errors.hpp"
#include "sim/thread_count.hpp"

namespace urna::cli {
namespace {

struct FitCliOptions : AnalysisOptions {
    std::string scenario;
    std::vector<std::string> priors;
    bool quiet = false, digit_targets = false;
    int particles = 1000, threads = 0, max_generations = 20;
    double quantile = 0.5, final_tolerance = 0.0, min_acceptance = 0.02;
    std::int64_t max_simulations = 200000;
};

/// What a rank read and was asked, for require_same_inputs: the fitted scenario resolved (which holds
/// its station file's SHA-256), the priors, the targets' observed values (from the reported figures or
/// the station data) and the fit's settings.
std::string inputs_read(const FitCliOptions& o, const analysis::fit::ElectionFit& model) {
    std::string text = analysis::comparable_scenario(model.base());
    for (const auto& p : model.parameters())
        text += fmt::format("\nprior {} {} {:a} {:a} {:a} {:a}", p.key, int(p.prior.kind), p.prior.a, p.prior.b,
                            p.prior.low, p.prior.high);
    const std::vector<double> observed = model.observed();
    for (std::size_t i = 0; i < observed.size(); ++i)
        text += fmt::format("\ntarget {} {:a}", model.targets()[i].name, observed[i]);
    text += fmt::format("\nparticles {} seed {} quantile {:a} tolerance {:a} acceptance {:a} simulations {} "
                        "generations {} digits {}", o.particles, o.seed, o.quantile, o.final_tolerance,
                        o.min_acceptance, o.max_simulations, o.max_generations, o.digit_targets);
    return text;
}

/// A prior on a key that another key overrides (national.turnout where every region sets its own) is
/// fitted to no effect: its posterior is its prior. Judged as a --set is (override_check.hpp), at the
/// prior's quartiles, so a file value equal to one of them cannot hide an effect.
void warn_ineffective_priors(const std::string& scenario_path, const analysis::fit::ElectionFit& model) {
    for (const auto& parameter : model.parameters()) {
        bool nothing = true;
        for (const double q : {0.25, 0.75})
            nothing = nothing && overrides_change_nothing(
                                     scenario_path, analysis::fit::parameter_overrides(parameter, parameter.prior.quantile(q)));
        if (!nothing) continue;
        log_line(fmt::format("urna fit: warning: the prior of {} ({}) changes nothing in the resolved scenario (another "
                             "key sets what it would, as each region's own turnout does for national.turnout), so its "
                             "posterior is its prior; urna check --set {}=VALUE shows the resolved scenario",
                             parameter.key, parameter.origin, parameter.key));
    }
}

int run_fit_command(const FitCliOptions& o) {
    // Under MPI every rank reads the inputs and runs the same fit on its share of the particles
    // (analysis/fit/process_split.hpp); rank 0 alone prints and writes.
    const RankContext& ranks = RankContext::get();
    set_log_origin(ranks.rank(), ranks.size(), "");
    const bool quiet = o.quiet || !ranks.root();
    std::string output;
    std::unique_ptr<analysis::StationData> data;
    std::unique_ptr<analysis::fit::ElectionFit> model;
    const ThreadCount threads = resolve_thread_count(o.threads);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads.threads));
    tbb::task_arena arena(threads.threads);
    int code = on_every_rank(ranks, [&] {
        if (o.data.empty() != o.map.empty()) throw InputError("urna fit: --data and --map go together");
        if (o.digit_targets && o.data.empty())
            throw InputError("urna fit: --digit-targets needs station data (--data and --map)");
        output = checked_analysis_output(o, {{"scenario", o.scenario}});
        if (!o.data.empty()) data = std::make_unique<analysis::StationData>(read_station_data(o));
        analysis::fit::StationTargetOptions station_options;
        station_options.digits = o.digit_targets;
        model = std::make_unique<analysis::fit::ElectionFit>(o.scenario, o.priors, data ? &data->table : nullptr,
                                                             data ? data->leader : -1, station_options);
    });
    if (code == 0) code = on_every_rank(ranks, [&] { require_same_inputs(ranks, "urna fit", inputs_read(o, *model)); });
    if (code == 0)
        code = on_every_rank(ranks, [&] {
            if (ranks.root()) warn_ineffective_priors(o.scenario, *model);
        });
    if (code != 0) return code;
    analysis::fit::AbcSettings settings;
    settings.split.rank = ranks.rank();
    settings.split.size = ranks.size();
    settings.split.all_gather = [&ranks](const std::vector<std::int64_t>& mine) { return ranks.all_gather(mine); };
    settings.particles = o.particles;
    settings.seed = o.seed;
    settings.quantile = o.quantile;
    settings.final_tolerance = o.final_tolerance;
    settings.min_acceptance = o.min_acceptance;
    settings.max_simulations = o.max_simulations;
    settings.max_generations = o.max_generations;
    if (!quiet)
        std::fprintf(stderr, "urna fit: %zu parameters, %zu targets, %d particles, %d threads (%s)%s\n",
                     model->parameters().size(), model->targets().size(), o.particles, threads.threads,
                     threads.source.c_str(),
                     ranks.distributed() ? fmt::format(" on each of {} MPI ranks", ranks.size()).c_str() : "");
    // The simulations' exchanges are collectives: a failure inside the fit ends that rank's process
    // (urna's usual exit codes), and mpirun then stops the job.
    auto report = arena.execute([&] { return analysis::fit::fit_election(*model, settings, quiet ? nullptr : stderr); });
    if (!ranks.root()) return exit_ok;
    if (data) report.data = analysis::station_data_identity(*data, o.data, o.map);
    if (!output.empty()) analysis::fit::write_fit_file(output, report);
    if (o.json) {
        std::printf("%s\n", analysis::fit::fit_report_json(report, output).c_str());
    } else {
        std::fputs(analysis::fit::fit_report_text(report).c_str(), stdout);
        if (!output.empty()) std::printf("\nwrote %s\n", output.c_str());
    }
    return exit_ok;
}

}  // namespace

void add_fit_command(CLI::App& root, Action& action) {
    auto o = std::make_shared<FitCliOptions>();
    auto* cmd = root.add_subcommand(
        "fit", "Fit mechanism and honest parameters to the reported figures by ABC-SMC (docs/fit.md)");
    cmd->add_option("scenario", o->scenario, "Scenario file (TOML) with [[reported]] figures and [fit.priors]")
        ->required();
    cmd->add_option("--prior", o->priors,
                    "A prior: key.path=DIST with DIST uniform(a,b), log_uniform(a,b), beta(a,b), normal(m,sd) or "
                    "truncated_normal(m,sd,lo,hi); replaces the file's prior of that key (repeatable)");
    add_data_options(*cmd, *o, "--data",
                     "Station-level data (CSV or .csv.gz): fit its station summaries instead of the reported figures; "
                     "the scenario must simulate the same stations (e.g. from urna null-scenario)",
                     "Column mapping of --data (TOML)");
    cmd->add_flag("--digit-targets", o->digit_targets,
                  "With --data: also fit each party's last-digit chi-square and mean second digit (docs/fit.md)");
    add_output_option(*cmd, *o, "Fit file to write (HDF5, docs/output-format.md)");
    cmd->add_option("--particles", o->particles, "Particles per generation")
        ->capture_default_str()
        ->check(CLI::Range(2, 1000000));
    add_seed_option(*cmd, *o, "Seed of the fit's random streams");
    cmd->add_option("--threads", o->threads, "Worker threads (0: from the environment; results do not depend on it)")
        ->capture_default_str()
        ->check(CLI::Range(0, 4096));
    cmd->add_option("--quantile", o->quantile, "Next tolerance = this quantile of the distances")
        ->capture_default_str()
        ->check(number_from(0.05, 0.95));
    cmd->add_option("--final-tolerance", o->final_tolerance, "Stop once the tolerance is at or below this")
        ->capture_default_str()
        ->check(number_from(0.0, 1e300));
    cmd->add_option("--min-acceptance", o->min_acceptance, "Stop once a generation accepts fewer than this fraction")
        ->capture_default_str()
        ->check(number_from(0.0, 1.0));
    cmd->add_option("--max-simulations", o->max_simulations, "Budget of simulations for the SMC")
        ->capture_default_str()
        ->check(CLI::Range(std::int64_t{2}, std::int64_t{1000000000000}));
    cmd->add_option("--max-generations", o->max_generations, "Most generations after the prior's")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    add_json_flag(*cmd, *o);
    cmd->add_flag("-q,--quiet", o->quiet, "No progress on stderr");
    cmd->callback([o, &action] { action = [o] { return run_fit_command(*o); }; });
}

}  // namespace urna::cli
