#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include <boost/math/distributions/normal.hpp>

#include "analysis/forensic_statistics.hpp"
#include "analysis/simulated_null.hpp"
#include "sim/engine.hpp"
#include "support/worker_threads.hpp"
#include "support/run_command.hpp"
#include "support/toy_scenario.hpp"

using namespace urna;
using namespace urna::analysis;

TEST_CASE("simulated null: its replicates run on a derived seed and never reproduce a tested replicate") {
    Scenario tested = testing::toy_scenario(30, 42);
    tested.irregularities.clear();
    const Scenario honest = honest_null_scenario(tested, 42);
    CHECK(honest.simulation.seed == null_seed(42));
    CHECK(honest.simulation.seed != tested.simulation.seed);
    CHECK(honest.simulation.geography_seed == tested.simulation.geography_seed);  // same stations
    CHECK(null_seed(42) != null_seed(43));
    // Even when the forensic seed equals the scenario's seed, no null replicate equals any tested one.
    const Engine a(tested), b(honest);
    std::vector<StationTable> tables;
    for (std::int64_t r = 0; r < 30; ++r) tables.push_back(a.simulate_stations(r));
    for (std::int64_t r = 0; r < 30; ++r) {
        const StationTable n = b.simulate_stations(r);
        CHECK(n.registered == tables[0].registered);
        for (const auto& t : tables) CHECK(n.votes != t.votes);
    }
}

TEST_CASE("simulated null: the null distribution and p-values do not depend on the thread count") {
    const Scenario s = testing::toy_scenario(200, 42);
    SimulatedNullOptions o;
    o.replicates = 40;
    o.seed = 9;
    NullDistribution one, four;
    // 4 real threads also on a 2-core machine (a global_control alone would cap them at the cores).
    testing::with_worker_threads(1, [&] { one = simulate_null(s, o); });
    testing::with_worker_threads(4, [&] { four = simulate_null(s, o); });
    REQUIRE(one.names == four.names);
    CHECK(one.values == four.values);
    CHECK(one.available == four.available);
    const Engine e(s);
    ForensicStatisticsOptions so;
    so.leader = s.leader;
    const auto observed = forensic_statistics(e.simulate_stations(3), so);
    const auto p1 = simulated_pvalues(observed, one), p4 = simulated_pvalues(observed, four);
    REQUIRE(p1.size() == p4.size());
    for (std::size_t i = 0; i < p1.size(); ++i) CHECK(p1[i].p_value == p4[i].p_value);
}

TEST_CASE("simulated null: p-values are +1 corrected and sided as documented") {
    NullDistribution null;
    null.replicates = 19;
    null.names = {"up", "both", "sparse"};
    null.alternatives = {Alternative::greater, Alternative::two_sided, Alternative::greater};
    std::vector<double> v;
    for (int i = 1; i <= 19; ++i) v.push_back(i);
    null.values = {v, v, v};
    null.available = {std::vector<char>(19, 1), std::vector<char>(19, 1), std::vector<char>(19, 0)};
    null.available[2][0] = 1;
    const std::vector<ForensicStatistic> obs{{"up", Alternative::greater, 19.0, true, {}},
                                             {"both", Alternative::two_sided, 1.0, true, {}},
                                             {"sparse", Alternative::greater, 1.0, true, {}},
                                             {"missing", Alternative::greater, 1.0, true, {}}};
    const auto p = simulated_pvalues(obs, null);
    CHECK(p[0].p_value == Approx(2.0 / 20.0).epsilon(1e-15));  // (1 + #{null >= 19}) / (19 + 1)
    CHECK(p[1].p_value == Approx(2.0 * 2.0 / 20.0).epsilon(1e-15));  // 2 (1 + #{null <= 1}) / 20
    CHECK_FALSE(p[2].available);  // defined on 1 replicate only
    CHECK_FALSE(p[3].available);
    CHECK_THAT(p[3].why_unavailable, Catch::Matchers::Contains("not computed on the null"));
}

TEST_CASE("simulated null: the smallest p-value R replicates allow, and whether a verdict at 0.01 is possible") {
    CHECK(smallest_simulated_p(Alternative::greater, 40) == 1.0 / 41.0);
    CHECK(smallest_simulated_p(Alternative::two_sided, 40) == 2.0 / 41.0);
    CHECK(smallest_simulated_p(Alternative::two_sided, 0) == 1.0);
    CHECK(replicates_for_verdict(Alternative::greater, 0.01) == 100);  // 1/101 < 0.01 = 1/100
    CHECK(replicates_for_verdict(Alternative::two_sided, 0.01) == 200);  // 2/201 < 0.01 = 2/200
    CHECK(replicates_for_verdict(Alternative::greater, 0.05) == 20);
    NullDistribution null;
    null.replicates = 40;
    null.names = {"up", "both"};
    null.alternatives = {Alternative::greater, Alternative::two_sided};
    std::vector<double> v;
    for (int i = 1; i <= 40; ++i) v.push_back(i);
    null.values = {v, v};
    null.available = {std::vector<char>(40, 1), std::vector<char>(40, 1)};
    const auto beyond = simulated_pvalues({{"up", Alternative::greater, 41.0, true, {}}, {"both", Alternative::two_sided, 0.0, true, {}}}, null);
    CHECK(beyond[0].p_value == 1.0 / 41.0);
    CHECK(beyond[1].p_value == 2.0 / 41.0);
    CHECK(beyond_every_replicate(beyond[0]));
    CHECK(beyond_every_replicate(beyond[1]));
    CHECK_FALSE(verdict_possible(beyond[0], 0.01));
    CHECK(verdict_possible(beyond[0], 0.05));
    const auto inside = simulated_pvalues({{"up", Alternative::greater, 40.0, true, {}}}, null);
    CHECK_FALSE(beyond_every_replicate(inside[0]));  // 40 ties the largest replicate: p = 2/41
}

// Clean replicates of the toy scenario tested against one shared null of R replicates. Conditional on
// the null, each tested replicate rejects with probability F(q) (q: the null's critical value), which
// over nulls has mean <= alpha and variance about alpha (1 - alpha) / R; the M tested replicates add
// binomial variance alpha (1 - alpha) / M. So the rejection rate has sd
// sqrt(alpha (1 - alpha) (1 / M + 1 / R)), and the bound is alpha + z sd with z the normal quantile of
// 0.001 / (number of statistics) (Bonferroni): a correct null fails this with probability < 0.001.
TEST_CASE("simulated null: false-positive rate of every simulated p-value within binomial bounds on clean replicates") {
    constexpr std::int64_t M = 100, R = 199;
    constexpr double alpha = 0.05;
    const Scenario s = testing::toy_scenario(M, 42);
    SimulatedNullOptions o;
    o.replicates = R;
    o.seed = 42;
    const NullDistribution null = simulate_null(s, o);
    const Engine e(s);
    ForensicStatisticsOptions so;
    so.leader = s.leader;
    std::vector<std::int64_t> rejections(null.names.size(), 0), tested(null.names.size(), 0);
    for (std::int64_t r = 0; r < M; ++r) {
        const auto p = simulated_pvalues(forensic_statistics(e.simulate_stations(r), so), null);
        REQUIRE(p.size() == null.names.size());
        for (std::size_t i = 0; i < p.size(); ++i) {
            if (!p[i].available) continue;
            ++tested[i];
            rejections[i] += p[i].p_value <= alpha;
        }
    }
    const double z = boost::math::quantile(boost::math::complement(boost::math::normal(), 0.001 / double(null.names.size())));
    const double bound = alpha + z * std::sqrt(alpha * (1 - alpha) * (1.0 / M + 1.0 / R));
    std::size_t checked = 0;
    for (std::size_t i = 0; i < null.names.size(); ++i) {
        if (tested[i] < M / 2) continue;  // e.g. last digits of a small party's counts >= 100
        ++checked;
        INFO(null.names[i] << ": " << rejections[i] << " of " << tested[i] << " rejected; bound " << bound);
        CHECK(double(rejections[i]) / double(tested[i]) <= bound);
    }
    CHECK(checked >= 12);
}

TEST_CASE("simulated null: a rigged replicate is flagged where a clean one is not") {
    // Protocol rewriting on 10 % of stations puts them in the 100 %/100 % corner.
    Scenario s = testing::toy_scenario(10, 42);
    Irregularity m;
    m.type = Irregularity::Type::protocol_rewriting;
    m.label = "rewriting";
    m.beneficiary = 0;
    m.where.incidence = 0.1;
    s.irregularities.push_back(m);
    SimulatedNullOptions o;
    o.replicates = 99;
    const NullDistribution null = simulate_null(s, o);  // its irregularities are switched off
    const Engine e(s);
    ForensicStatisticsOptions so;
    so.leader = s.leader;
    const auto p = simulated_pvalues(forensic_statistics(e.simulate_stations(0), so), null);
    const auto* corner = find_pvalue(p, "fingerprint_corner_mass");
    REQUIRE(corner != nullptr);
    REQUIRE(corner->available);
    CHECK(corner->p_value == Approx(1.0 / 100.0));
}

TEST_CASE("cli: forensics --null prints classical and simulated p-values side by side, JSON carries both") {
    const std::string rewriting = std::string(URNA_SOURCE_DIR) + "/scenarios/mechanisms/protocol_rewriting.toml";
    const auto text = testing::run_urna("forensics --scenario " + rewriting + " --null " + rewriting +
                                        " --null-replicates 199 --resamples 50");
    INFO(text.err);
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Matchers::Contains("vs honest simulation"));
    CHECK_THAT(text.out, Catch::Matchers::Contains("classical"));
    // Rewriting at 5 % of stations fills the 100 %/100 % corner, which honest replicates leave empty:
    // p = 1 / 200, below the verdict level 0.01.
    // A line search, not std::regex: its recursive matcher overflows the stack on a page of text.
    std::string corner_line;
    std::istringstream lines(text.out);
    for (std::string line; std::getline(lines, line);)
        if (line.find("fingerprint_corner_mass") != std::string::npos) corner_line = line;
    CHECK_THAT(corner_line, Catch::Matchers::Contains("<=0.005  <- unusual vs honest simulation"));
    // 199 replicates reach 1/200 one-sided, not below 0.01 two-sided: the header says so.
    CHECK_THAT(text.out, Catch::Matchers::Contains("note: 199 honest replicates cannot give a two-sided p-value below 0.01"));
    // The 2BL chi-square has both p-values: a number in the classical column, not '-'.
    std::string chi2_line;
    std::istringstream again(text.out);
    for (std::string line; std::getline(again, line);)
        if (line.find("second_digit_chi_square.") != std::string::npos && chi2_line.empty()) chi2_line = line;
    INFO(chi2_line);
    REQUIRE_FALSE(chi2_line.empty());
    std::istringstream fields(chi2_line);
    std::string name, observed, low, high, classical;
    fields >> name >> observed >> low >> high >> classical;
    CHECK(classical != "-");
    CHECK(classical != "n/a");
    const auto json = testing::run_urna("forensics --scenario " + rewriting +
                                        " --null data --null-replicates 39 --resamples 50 --json");
    INFO(json.err);
    REQUIRE(json.exit_code == 0);
    CHECK_THAT(json.out, Catch::Matchers::Contains("\"null\": {") || Catch::Matchers::Contains("\"null\":{"));
    CHECK_THAT(json.out, Catch::Matchers::Contains("\"classical_p\""));
    CHECK_THAT(json.out, Catch::Matchers::Contains("\"simulated_p\""));
    CHECK_THAT(json.out, Catch::Matchers::Contains("\"verdict_possible\": false") ||
                             Catch::Matchers::Contains("\"verdict_possible\":false"));  // 39 replicates
    const auto few = testing::run_urna("forensics --scenario " + rewriting + " --null data --null-replicates 39 --resamples 50");
    REQUIRE(few.exit_code == 0);
    CHECK_THAT(few.out, Catch::Matchers::Contains("note: 39 honest replicates cannot give any p-value below 0.01"));
    CHECK_THAT(few.out, Catch::Matchers::Contains("too few for a verdict"));
    CHECK(testing::run_urna("forensics --scenario " + rewriting + " --null-replicates 5 --null data").exit_code == 2);
}
