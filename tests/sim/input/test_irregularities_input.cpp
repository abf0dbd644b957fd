// [observers] and [[irregularities]] in scenario files: defaults, every error kind with its exact
// file:line:col, --set on an irregularity key, and the round trip through scenario_to_toml with all
// eight mechanism types.
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/input/error_of.hpp"

#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"
#include "support/same_run.hpp"

namespace {

using Type = urna::Irregularity::Type;

// Two parties (b leads), two regions; line numbers in the tests count from here (16 is the first added line).
const std::string base =
    "[[parties]]\n"                       // 1
    "id = \"a\"\n"                        // 2
    "[[parties]]\n"                       // 3
    "id = \"b\"\n"                        // 4
    "[national]\n"                        // 5
    "turnout = 0.7\n"                     // 6
    "shares = { a = 0.4, b = 0.6 }\n"     // 7
    "[[regions]]\n"                       // 8
    "name = \"R1\"\n"                     // 9
    "registered = 1000\n"                 // 10
    "stations = 2\n"                      // 11
    "[[regions]]\n"                       // 12
    "name = \"R2\"\n"                     // 13
    "registered = 3000\n"                 // 14
    "stations = 3\n";                     // 15

// A valid ballot_stuffing block at lines 16-18; tests append the key under test at line 19.
const std::string stuffing = base +
                             "[[irregularities]]\n"                                          // 16
                             "type = \"ballot_stuffing\"\n"                                  // 17
                             "intensity = { distribution = \"fixed\", value = 0.1 }\n";      // 18

using urna::test::error_of;

// One irregularity of `type` with `extra` lines after the type (starting at line 18).
std::string one(const std::string& type, const std::string& extra) {
    return base + "[[irregularities]]\ntype = \"" + type + "\"\n" + extra;
}

}  // namespace

TEST_CASE("input: irregularities and observers default to none and no observers") {
    const auto s = urna::parse_scenario(base, "t.toml");
    CHECK(s.irregularities.empty());
    CHECK(s.observers.coverage == 0.0);
    CHECK(s.observers.deterrence == 1.0);
}

TEST_CASE("input: irregularity defaults") {
    const auto s = urna::parse_scenario(stuffing, "t.toml");
    REQUIRE(s.irregularities.size() == 1);
    const auto& m = s.irregularities[0];
    CHECK(m.type == Type::ballot_stuffing);
    CHECK(m.label == "ballot_stuffing");  // the type name
    CHECK(m.beneficiary == 1);            // the leader (b)
    CHECK(m.where.regions.empty());       // all regions
    CHECK(m.where.incidence == 1.0);
    CHECK(m.where.min_registered == 0);
    CHECK(m.where.max_registered == std::numeric_limits<std::int64_t>::max());
    CHECK(m.intensity.kind == urna::Intensity::Kind::fixed);
    CHECK(m.intensity.a == 0.1);

    const auto buying = urna::parse_scenario(one("vote_buying", "budget = 1e6\n"), "t.toml");
    const auto& v = buying.irregularities.at(0);
    CHECK(v.budget == 1e6);
    CHECK(v.price == 2000.0);
    CHECK(v.compliance == 0.8);
    CHECK(v.buy_from_abstainers);

    const auto buses = urna::parse_scenario(one("bussed_voters", ""), "t.toml");
    const auto& b = buses.irregularities.at(0);
    CHECK(b.bus_size == 40);
    CHECK(b.buses_per_region == 5.0);
    CHECK(b.stations_per_bus == 5);

    const auto family = urna::parse_scenario(one("family_voting", "intensity = { distribution = \"uniform\", "
                                                                  "low = 0.1, high = 0.3 }\n"),
                                             "t.toml");
    const auto& f = family.irregularities.at(0);
    CHECK(f.household_extra == 2);
    CHECK(f.loyalty == 0.9);
    CHECK(f.intensity.kind == urna::Intensity::Kind::uniform);
    CHECK(f.intensity.a == 0.1);
    CHECK(f.intensity.b == 0.3);

    const auto rounding = urna::parse_scenario(one("protocol_rounding", "round_share = false\n"), "t.toml");
    CHECK(rounding.irregularities.at(0).round_turnout);
    CHECK_FALSE(rounding.irregularities.at(0).round_share);
    CHECK(urna::parse_scenario(one("protocol_rewriting", ""), "t.toml").irregularities.at(0).rewrite_sd == 0.02);
    const auto stealing = urna::parse_scenario(
        one("vote_stealing", "intensity = { distribution = \"half_normal\", sd = 0.2 }\n"), "t.toml");
    CHECK(stealing.irregularities.at(0).alpha == 1.0);
    CHECK(stealing.irregularities.at(0).intensity.kind == urna::Intensity::Kind::half_normal);
}

TEST_CASE("input: irregularity targeting maps names to indices") {
    const auto s = urna::parse_scenario(stuffing + "beneficiary = \"a\"\nregions = [\"R2\"]\nincidence = 0.25\n"
                                                   "min_registered = 10\nmax_registered = 900\nlabel = \"south\"\n"
                                                   "[observers]\ncoverage = 0.3\ndeterrence = 0.5\n",
                                        "t.toml");
    const auto& m = s.irregularities.at(0);
    CHECK(m.beneficiary == 0);
    CHECK(m.where.regions == std::vector<int>{1});
    CHECK(m.where.incidence == 0.25);
    CHECK(m.where.min_registered == 10);
    CHECK(m.where.max_registered == 900);
    CHECK(m.label == "south");
    CHECK(s.observers.coverage == 0.3);
    CHECK(s.observers.deterrence == 0.5);
}

TEST_CASE("input: irregularity type errors") {
    CHECK(error_of(base + "[[irregularities]]\nlabel = \"x\"\n") ==
          "t.toml:16:1: irregularities.0.type: missing required key 'type' (one of \"intimidation\", "
          "\"vote_buying\", \"bussed_voters\", \"family_voting\", \"ballot_stuffing\", \"vote_stealing\", "
          "\"protocol_rewriting\", \"protocol_rounding\")");
    CHECK(error_of(one("stuffing", "")) ==
          "t.toml:17:8: irregularities.0.type: unknown type 'stuffing' (allowed: \"intimidation\", \"vote_buying\", "
          "\"bussed_voters\", \"family_voting\", \"ballot_stuffing\", \"vote_stealing\", \"protocol_rewriting\", "
          "\"protocol_rounding\")");
    CHECK(error_of(stuffing + "incidnce = 0.2\n") ==
          "t.toml:19:1: irregularities.0.incidnce: unknown key 'incidnce' (allowed here: type, label, beneficiary, "
          "regions, incidence, min_registered, max_registered, intensity, budget, price, compliance, pool, "
          "bus_size, buses_per_region, stations_per_bus, household_extra, loyalty, alpha, rewrite_sd, "
          "round_turnout, round_share); did you mean 'incidence'?");
}

TEST_CASE("input: a key of another irregularity type is an error naming the type that takes it") {
    CHECK(error_of(stuffing + "alpha = 2.0\n") ==
          "t.toml:19:9: irregularities.0.alpha: only used by type = \"vote_stealing\", not by type = "
          "\"ballot_stuffing\" (remove it)");
    CHECK(error_of(stuffing + "price = 2000\n") ==
          "t.toml:19:9: irregularities.0.price: only used by type = \"vote_buying\", not by type = "
          "\"ballot_stuffing\" (remove it)");
    CHECK(error_of(one("protocol_rewriting", "round_share = true\n")) ==
          "t.toml:18:15: irregularities.0.round_share: only used by type = \"protocol_rounding\", not by type = "
          "\"protocol_rewriting\" (remove it)");
    CHECK(error_of(one("intimidation", "intensity = { distribution = \"fixed\", value = 0.1 }\nbus_size = 40\n")) ==
          "t.toml:19:12: irregularities.0.bus_size: only used by type = \"bussed_voters\", not by type = "
          "\"intimidation\" (remove it)");
}

TEST_CASE("input: intensity is required by four types and forbidden for the other four") {
    CHECK(error_of(one("ballot_stuffing", "")) ==
          "t.toml:16:1: irregularities.0.intensity: missing required key 'intensity' (type = \"ballot_stuffing\" "
          "needs the distribution of its intensity, e.g. { distribution = \"beta\", alpha = 2.0, beta = 8.0 })");
    CHECK(error_of(one("vote_buying", "budget = 100.0\nintensity = { distribution = \"fixed\", value = 0.1 }\n")) ==
          "t.toml:19:13: irregularities.0.intensity: not used by type = \"vote_buying\" (only intimidation, "
          "family_voting, ballot_stuffing and vote_stealing take an intensity; remove it)");
    CHECK(error_of(one("protocol_rounding", "intensity = { distribution = \"fixed\", value = 0.1 }\n")) ==
          "t.toml:18:13: irregularities.0.intensity: not used by type = \"protocol_rounding\" (only intimidation, "
          "family_voting, ballot_stuffing and vote_stealing take an intensity; remove it)");
}

TEST_CASE("input: intensity distributions") {
    const auto with = [](const std::string& table) { return one("ballot_stuffing", "intensity = " + table + "\n"); };
    // "intensity = " is 12 characters, so the table's '{' is at column 13.
    CHECK(error_of(with("{ value = 0.1 }")) ==
          "t.toml:18:13: irregularities.0.intensity.distribution: missing required key 'distribution' (one of "
          "\"fixed\", \"uniform\", \"beta\", \"half_normal\")");
    CHECK(error_of(with("{ distribution = \"normal\", sd = 0.1 }")) ==
          "t.toml:18:30: irregularities.0.intensity.distribution: unknown distribution 'normal' (allowed: "
          "\"fixed\", \"uniform\", \"beta\", \"half_normal\")");
    CHECK(error_of(with("{ distribution = \"fixed\", value = 1.5 }")) ==
          "t.toml:18:47: irregularities.0.intensity.value: must be a fraction in [0, 1], got 1.5 (percents are "
          "written as fractions: 75% is 0.75)");
    CHECK(error_of(with("{ distribution = \"fixed\", sd = 0.1 }")) ==
          "t.toml:18:44: irregularities.0.intensity.sd: not used by distribution = \"fixed\" (it takes: value)");
    CHECK(error_of(with("{ distribution = \"beta\", alpha = 2.0 }")) ==
          "t.toml:18:13: irregularities.0.intensity.beta: missing required key 'beta' (distribution = \"beta\" "
          "takes alpha, beta)");
    CHECK(error_of(with("{ distribution = \"beta\", alpha = 0, beta = 8 }")) ==
          "t.toml:18:46: irregularities.0.intensity.alpha: must be > 0, got 0.0");
    // Smaller shapes make the beta's redraws (both gammas 0) all but endless (docs/samplers.md).
    for (const std::string type : {"ballot_stuffing", "intimidation", "vote_stealing", "family_voting"}) {
        INFO(type);
        const auto beta = [&](const std::string& shapes) {
            return one(type, "intensity = { distribution = \"beta\", " + shapes + " }\n");
        };
        CHECK(error_of(beta("alpha = 1e-300, beta = 1e-300")) ==
              "t.toml:18:46: irregularities.0.intensity.alpha: must be >= 0.001 (got 1e-300): below that the beta "
              "draw repeats while both of its gammas underflow to 0, without end at tiny shapes; the beta there is "
              "already all but a coin between 0 and 1");
        CHECK(error_of(beta("alpha = 1, beta = 0.000999")) ==
              "t.toml:18:56: irregularities.0.intensity.beta: must be >= 0.001 (got 0.000999): below that the beta "
              "draw repeats while both of its gammas underflow to 0, without end at tiny shapes; the beta there is "
              "already all but a coin between 0 and 1");
        CHECK(error_of(beta("alpha = 0.001, beta = 0.001")) == "(no error)");
        CHECK(error_of(beta("alpha = 1e300, beta = 1e300")) == "(no error)");
    }
    CHECK(error_of(with("{ distribution = \"uniform\", low = 0.5, high = 0.2 }")) ==
          "t.toml:18:59: irregularities.0.intensity.high: must be >= low = 0.5, got 0.2");
    CHECK(error_of(with("{ distribution = \"half_normal\", sd = -0.1 }")) ==
          "t.toml:18:50: irregularities.0.intensity.sd: must be > 0, got -0.1");
    // An unbounded sd would make the rejection sampler loop for ever (acceptance ~0.8 / sd).
    CHECK(error_of(with("{ distribution = \"half_normal\", sd = 1e300 }")) ==
          "t.toml:18:50: irregularities.0.intensity.sd: must be at most 10 (got 1e+300): beyond that the truncated "
          "half-normal is uniform on [0, 1] within 0.5 %; use distribution = \"uniform\"");
    CHECK(error_of(with("{ distribution = \"fixed\", value = 0.1, mean = 0.2 }")) ==
          "t.toml:18:52: irregularities.0.intensity.mean: unknown key 'mean' (allowed here: distribution, value, "
          "low, high, alpha, beta, sd)");
}

TEST_CASE("input: irregularity targeting errors") {
    CHECK(error_of(stuffing + "beneficiary = \"z\"\n") ==
          "t.toml:19:15: irregularities.0.beneficiary: unknown party 'z' (party ids: a, b)");
    CHECK(error_of(stuffing + "regions = [\"R1\", \"North\"]\n") ==
          "t.toml:19:18: irregularities.0.regions.1: unknown region 'North' (region names must match a [[regions]] "
          "name exactly; omit regions to target all regions)");
    CHECK(error_of(stuffing + "regions = [\"R1\", \"R1\"]\n") ==
          "t.toml:19:18: irregularities.0.regions.1: region 'R1' is listed twice");
    CHECK(error_of(stuffing + "regions = []\n") ==
          "t.toml:19:11: irregularities.0.regions: an empty list targets no station (omit regions to target all "
          "regions)");
    CHECK(error_of(stuffing + "incidence = 1.2\n") ==
          "t.toml:19:13: irregularities.0.incidence: must be a fraction in [0, 1], got 1.2 (percents are written "
          "as fractions: 75% is 0.75)");
    CHECK(error_of(one("bussed_voters", "incidence = 0.5\n")) ==
          "t.toml:18:13: irregularities.0.incidence: not used by type = \"bussed_voters\" (buses_per_region and "
          "stations_per_bus decide which stations are hit; remove it)");
    CHECK(error_of(stuffing + "min_registered = 600\nmax_registered = 500\n") ==
          "t.toml:20:18: irregularities.0.max_registered: must be >= min_registered = 600, got 500 (no station "
          "would qualify)");
    CHECK(error_of(stuffing + "min_registered = -1\n") ==
          "t.toml:19:18: irregularities.0.min_registered: must not be negative, got -1");
    CHECK(error_of(stuffing + "max_registered = 5e3\n") ==
          "t.toml:19:18: irregularities.0.max_registered: expected an integer, got a floating-point number 5000.0 "
          "(counts are whole numbers; write it without a decimal point)");
}

TEST_CASE("input: labels are unique, defaulting to the type name") {
    CHECK(error_of(stuffing + stuffing.substr(base.size())) ==
          "t.toml:19:1: irregularities.1.label: duplicate label 'ballot_stuffing' (also irregularities.0); labels "
          "must be unique (the label defaults to the type name, so give repeated types a label)");
    CHECK(error_of(stuffing + "label = \"x\"\n" + stuffing.substr(base.size()) + "label = \"x\"\n") ==
          "t.toml:23:9: irregularities.1.label: duplicate label 'x' (also irregularities.0); labels must be unique "
          "(the label defaults to the type name, so give repeated types a label)");
    const auto s = urna::parse_scenario(stuffing + stuffing.substr(base.size()) + "label = \"second\"\n", "t.toml");
    CHECK(s.irregularities.size() == 2);
}

TEST_CASE("input: type-specific parameter errors") {
    CHECK(error_of(one("vote_buying", "price = 100.0\n")) ==
          "t.toml:16:1: irregularities.0.budget: missing required key 'budget' (vote_buying needs the money spent "
          "per replicate (local currency); votes bought = budget / price)");
    CHECK(error_of(one("vote_buying", "budget = 0\n")) ==
          "t.toml:18:10: irregularities.0.budget: must be > 0 for vote_buying (a zero budget buys nothing; remove "
          "the irregularity instead)");
    CHECK(error_of(one("vote_buying", "budget = -5.0\n")) ==
          "t.toml:18:10: irregularities.0.budget: must be >= 0, got -5.0");
    CHECK(error_of(one("vote_buying", "budget = 1.0\nprice = 0\n")) ==
          "t.toml:19:9: irregularities.0.price: must be > 0, got 0.0");
    CHECK(error_of(one("vote_buying", "budget = 1.0\npool = \"everyone\"\n")) ==
          "t.toml:19:8: irregularities.0.pool: unknown pool 'everyone' (allowed: \"abstainers\", \"opponents\")");
    CHECK(error_of(one("vote_buying", "budget = 1.0\ncompliance = 2\n")) ==
          "t.toml:19:14: irregularities.0.compliance: must be a fraction in [0, 1], got 2.0 (percents are written "
          "as fractions: 75% is 0.75)");
    CHECK(error_of(one("protocol_rounding", "round_turnout = false\nround_share = false\n")) ==
          "t.toml:19:15: irregularities.0.round_share: round_turnout and round_share are both false, so "
          "protocol_rounding would change nothing (set at least one to true)");
    CHECK(error_of(one("protocol_rounding", "round_turnout = 1\n")) ==
          "t.toml:18:17: irregularities.0.round_turnout: expected a boolean (true or false), got an integer");
    CHECK(error_of(one("bussed_voters", "bus_size = 0\n")) ==
          "t.toml:18:12: irregularities.0.bus_size: must be >= 1, got 0");
    CHECK(error_of(one("bussed_voters", "buses_per_region = 501\n")) ==
          "t.toml:18:20: irregularities.0.buses_per_region: must be in [0, 500], got 501.0 (the expected number of "
          "buses per targeted region)");
    CHECK(error_of(one("bussed_voters", "stations_per_bus = 0\n")) ==
          "t.toml:18:20: irregularities.0.stations_per_bus: must be >= 1, got 0");
    CHECK(error_of(one("protocol_rewriting", "rewrite_sd = 1.5\n")) ==
          "t.toml:18:14: irregularities.0.rewrite_sd: must be a fraction in [0, 1], got 1.5 (percents are written "
          "as fractions: 75% is 0.75)");
    const std::string family = "intensity = { distribution = \"fixed\", value = 0.1 }\n";  // line 18
    CHECK(error_of(one("family_voting", family + "household_extra = 0\n")) ==
          "t.toml:19:19: irregularities.0.household_extra: must be >= 1, got 0");
    CHECK(error_of(one("family_voting", family + "loyalty = 1.1\n")) ==
          "t.toml:19:11: irregularities.0.loyalty: must be a fraction in [0, 1], got 1.1 (percents are written as "
          "fractions: 75% is 0.75)");
    CHECK(error_of(one("vote_stealing", family + "alpha = 0\n")) ==
          "t.toml:19:9: irregularities.0.alpha: must be > 0, got 0.0");
}

TEST_CASE("input: observers errors") {
    CHECK(error_of(base + "[observers]\ncoverage = 1.5\n") ==
          "t.toml:17:12: observers.coverage: must be a fraction in [0, 1], got 1.5 (percents are written as "
          "fractions: 75% is 0.75)");
    CHECK(error_of(base + "[observers]\ndeterence = 0.5\n") ==
          "t.toml:17:1: observers.deterence: unknown key 'deterence' (allowed here: coverage, deterrence); did you "
          "mean 'deterrence'?");
}

TEST_CASE("input: --set on irregularity and observer keys") {
    const std::string labelled = stuffing + "label = \"south\"\nincidence = 0.5\n";
    auto s = urna::parse_scenario(labelled, "t.toml", {"irregularities.0.incidence=0.2"});
    CHECK(s.irregularities.at(0).where.incidence == 0.2);
    s = urna::parse_scenario(labelled, "t.toml", {"irregularities.south.intensity.value=0.3", "observers.coverage=0.4"});
    CHECK(s.irregularities.at(0).intensity.a == 0.3);
    CHECK(s.observers.coverage == 0.4);
    s = urna::parse_scenario(labelled, "t.toml",
                             {"irregularities.0.intensity={distribution = \"beta\", alpha = 2, beta = 8}"});
    CHECK(s.irregularities.at(0).intensity.kind == urna::Intensity::Kind::beta);
    CHECK(s.irregularities.at(0).intensity.b == 8.0);
    CHECK(error_of(labelled, {"irregularities.0.incidence=2"}) ==
          "--set:1:28: irregularities.0.incidence: must be a fraction in [0, 1], got 2.0 (percents are written as "
          "fractions: 75% is 0.75)");
    CHECK(error_of(labelled, {"irregularities.0.alpha=2"}) ==
          "--set:1:24: irregularities.0.alpha: only used by type = \"vote_stealing\", not by type = "
          "\"ballot_stuffing\" (remove it)");
    CHECK(error_of(labelled, {"irregularities.north.incidence=0.1"}) ==
          "--set:1:16: irregularities.north: no element 'north' (address elements by 0-based index or by label)");
    CHECK(error_of(base, {"irregularities.0.incidence=0.1"}) ==
          "--set:1:1: irregularities: irregularities has no elements to address");
}

TEST_CASE("input: irregularities round-trip through scenario_to_toml, all eight types") {
    const std::string text =
        base +
        "[observers]\ncoverage = 0.15\ndeterrence = 0.9\n"
        "[[irregularities]]\ntype = \"intimidation\"\nbeneficiary = \"a\"\nregions = [\"R2\"]\nincidence = 0.3\n"
        "intensity = { distribution = \"beta\", alpha = 2.5, beta = 7.25 }\n"
        "[[irregularities]]\ntype = \"vote_buying\"\nbudget = 123456.5\nprice = 1999.99\ncompliance = 0.7\n"
        "pool = \"opponents\"\nmin_registered = 100\n"
        "[[irregularities]]\ntype = \"bussed_voters\"\nregions = [\"R2\", \"R1\"]\nbus_size = 35\n"
        "buses_per_region = 2.5\nstations_per_bus = 4\nmax_registered = 2500\n"
        "[[irregularities]]\ntype = \"family_voting\"\nlabel = \"proxy \\\"family\\\" voting\"\n"
        "intensity = { distribution = \"uniform\", low = 0.05, high = 0.15 }\nhousehold_extra = 3\nloyalty = 0.85\n"
        "[[irregularities]]\ntype = \"ballot_stuffing\"\nincidence = 0.1\n"
        "intensity = { distribution = \"half_normal\", sd = 0.123456789 }\n"
        "[[irregularities]]\ntype = \"vote_stealing\"\nintensity = { distribution = \"fixed\", value = 0.2 }\n"
        "alpha = 1.5\n"
        "[[irregularities]]\ntype = \"protocol_rewriting\"\nincidence = 0.01\nrewrite_sd = 0.03\n"
        "[[irregularities]]\ntype = \"protocol_rounding\"\nincidence = 0.02\nround_turnout = false\n"
        "[[irregularities]]\ntype = \"ballot_stuffing\"\nlabel = \"second stuffing\"\n"
        "intensity = { distribution = \"fixed\", value = 0.1 }\n";
    const auto first = urna::parse_scenario(text, "t.toml");
    REQUIRE(first.irregularities.size() == 9);
    CHECK(first.irregularities[2].where.regions == std::vector<int>{1, 0});
    CHECK_FALSE(first.irregularities[1].buy_from_abstainers);
    CHECK(first.irregularities[3].label == "proxy \"family\" voting");
    const std::string written = urna::scenario_to_toml(first);
    INFO(written);
    const auto second = urna::parse_scenario(written, "t.toml");
    urna::testing::check_same_scenario(first, second);
    CHECK(urna::scenario_to_toml(second) == written);
    // Each type's own keys are explicit and no other type's key appears.
    CHECK(written.find("pool = \"opponents\"") != std::string::npos);
    CHECK(written.find("round_turnout = false\nround_share = true") != std::string::npos);
    CHECK(written.find("rewrite_sd = 0.03") != std::string::npos);
}

TEST_CASE("input: the Kazakhstan allegations scenario") {
    const auto s =
        urna::load_scenario(std::string(URNA_SOURCE_DIR) + "/scenarios/kazakhstan_2012_allegations.toml");
    const auto honest = urna::load_scenario(std::string(URNA_SOURCE_DIR) + "/scenarios/kazakhstan_2012.toml");
    CHECK(s.total_registered() == honest.total_registered());
    CHECK(s.total_stations() == honest.total_stations());
    CHECK(s.reported.size() == honest.reported.size());
    CHECK(s.simulation.replicates == 2000);
    CHECK(s.output.path == "output/kazakhstan_2012_allegations.h5");
    CHECK(s.observers.coverage > 0.0);
    std::vector<int> seen(urna::Irregularity::type_count, 0);
    for (const auto& m : s.irregularities) {
        ++seen[static_cast<int>(m.type)];
        CHECK(m.beneficiary == 0);  // nur_otan
    }
    CHECK(seen[static_cast<int>(Type::ballot_stuffing)] >= 1);
    CHECK(seen[static_cast<int>(Type::bussed_voters)] >= 1);
    CHECK(seen[static_cast<int>(Type::vote_buying)] >= 1);
    CHECK(seen[static_cast<int>(Type::family_voting)] >= 1);
    CHECK(seen[static_cast<int>(Type::protocol_rewriting)] >= 1);
    CHECK(seen[static_cast<int>(Type::protocol_rounding)] >= 1);
}

TEST_CASE("input: every mechanism teaching scenario isolates its mechanism") {
    const std::string dir = std::string(URNA_SOURCE_DIR) + "/scenarios/mechanisms/";
    for (const Type type : {Type::intimidation, Type::vote_buying, Type::bussed_voters, Type::family_voting,
                            Type::ballot_stuffing, Type::vote_stealing, Type::protocol_rewriting,
                            Type::protocol_rounding}) {
        const std::string name = urna::irregularity_type_name(type);
        INFO(name);
        const auto s = urna::load_scenario(dir + name + ".toml");
        REQUIRE(s.irregularities.size() == 1);
        CHECK(s.irregularities[0].type == type);
        CHECK(s.observers.coverage == 0.0);
        CHECK(s.total_stations() == 2000);
        CHECK(s.output.path == "output/mechanisms/" + name + ".h5");
    }
    const auto watched = urna::load_scenario(dir + "observers.toml");
    CHECK(watched.observers.coverage > 0.0);
    CHECK(watched.output.path == "output/mechanisms/observers.h5");
    const auto unwatched = urna::load_scenario(dir + "observers.toml", {"observers.coverage=0"});
    CHECK(unwatched.observers.coverage == 0.0);
}
