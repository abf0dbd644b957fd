// Multinomial sampler: joint goodness of fit against exact SciPy pmfs
// (tests/fixtures/samplers/multinomial_pmf_{6,60,120}_3.txt; regenerate with
// /usr/bin/python3 tests/fixtures/samplers/make_fixtures.py), the sum invariant, marginal means of
// a realistic 7-party case, and zero-probability categories. Fixed seeds throughout.
#include "sim/cpu_features.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/item_counts.hpp"
#include "sim/samplers/multinomial.hpp"
#include "tests/sim/samplers/fixture.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <vector>

namespace {

using urna::Purpose;
using urna::RandomStream;

constexpr std::uint64_t seed = 977;

// Vote shares of a typical station (they sum to 1.0002, as real rounded shares do; the sampler
// normalises by the sum it is given).
constexpr std::array<double, 7> shares{0.81, 0.0747, 0.0719, 0.0168, 0.0119, 0.0083, 0.0066};

}  // namespace

namespace {

struct JointFit {
    double chi2;
    double critical;
    std::int64_t unknown;  // draws that are no outcome of the fixture (e.g. a wrong sum)
};

/// Joint chi-square of sample_multinomial against a 3-category fixture, drawing with the
/// fixture's probabilities permuted by `perm` (category c of the draw is fixture category
/// perm[c]) and scoring each draw back in fixture order. With `shared_lanes`, every draw's
/// per-item finish comes from one set of item lanes that carries on from draw to draw (plan,
/// leading binomial and rest taken apart, as the honest model draws them).
JointFit joint_fit(const char* name, const std::array<int, 3>& perm, std::uint64_t station, bool shared_lanes) {
    const urna::test::SamplerFixture fx(name);
    const std::int64_t n = fx.integer("n");
    std::vector<double> probs;
    for (const auto& s : fx.values("probs")) probs.push_back(urna::test::to_real(s));
    const std::int64_t draws = fx.integer("samples");
    std::vector<double> bin_prob(static_cast<std::size_t>(fx.integer("bins")));
    std::map<std::array<std::int64_t, 3>, std::size_t> bin_of;
    for (const auto& row : fx.rows()) {
        if (row[0] == "bin") bin_prob.at(std::stoul(row[1])) = urna::test::to_real(row[2]);
        if (row[0] == "outcome") {
            const std::array<std::int64_t, 3> x{std::stoll(row[1]), std::stoll(row[2]),
                                                std::stoll(row[3])};
            bin_of[x] = std::stoul(row[4]);
        }
    }
    REQUIRE(probs.size() == 3);
    REQUIRE(bin_of.size() == static_cast<std::size_t>(fx.integer("outcomes")));

    const std::array<double, 3> drawn_probs{probs[perm[0]], probs[perm[1]], probs[perm[2]]};
    RandomStream stream(seed, 0, station, Purpose::calibration);
    urna::detail::XoshiroLanes lanes(RandomStream(seed, 1, station, Purpose::calibration)());
    urna::MultinomialPlan plan;
    urna::make_multinomial_plan(drawn_probs.data(), 3, plan);
    std::vector<std::int64_t> observed(bin_prob.size(), 0);
    JointFit fit{0.0, fx.real("critical"), 0};
    for (std::int64_t i = 0; i < draws; ++i) {
        std::array<std::int64_t, 3> x{};
        if (shared_lanes) {
            const std::int64_t lead = urna::sample_binomial(stream, urna::multinomial_lead_trials(plan, n), plan.big_ratio);
            urna::sample_multinomial_rest_into_zeros(stream, lanes, n, drawn_probs.data(), plan, lead, x.data());
        } else {
            urna::sample_multinomial(stream, n, drawn_probs.data(), 3, x.data());
        }
        std::array<std::int64_t, 3> y{};
        for (std::size_t c = 0; c < 3; ++c) y[static_cast<std::size_t>(perm[c])] = x[c];
        const auto it = bin_of.find(y);
        if (it == bin_of.end())
            ++fit.unknown;
        else
            ++observed[it->second];
    }
    for (std::size_t b = 0; b < bin_prob.size(); ++b) {
        const double e = bin_prob[b] * static_cast<double>(draws);
        const double d = static_cast<double>(observed[b]) - e;
        fit.chi2 += d * d / e;
    }
    return fit;
}

}  // namespace

TEST_CASE("samplers: multinomial joint distribution (chi-square, k=3)") {
    // n = 6 and 60: after the largest category at most 6 and ~30 items are left, so the other
    // two are assigned item by item. n = 120 with shares 0.36, 0.34, 0.30: ~77 are left, above
    // the switch (64 per binomial still to draw) in ~99 % of draws, so the next category is a
    // conditional binomial (BTRD); the rest finish item by item. Each with the
    // largest category first, in the middle and last; each with fresh item lanes per draw (as
    // sample_multinomial seeds them) and with one set of lanes for all draws (as the honest
    // model's blocks use them).
    std::uint64_t station = 0;
    for (const bool shared_lanes : {false, true}) {
    for (const char* name : {"multinomial_pmf_6_3.txt", "multinomial_pmf_60_3.txt", "multinomial_pmf_120_3.txt"}) {
        for (const std::array<int, 3>& perm : {std::array<int, 3>{0, 1, 2},
                                               std::array<int, 3>{1, 0, 2},
                                               std::array<int, 3>{2, 1, 0}}) {
            const JointFit fit = joint_fit(name, perm, station++, shared_lanes);
            INFO(name << " permuted " << perm[0] << perm[1] << perm[2] << (shared_lanes ? ", shared lanes" : "")
                      << ": chi2 = " << fit.chi2 << " (critical " << fit.critical << ")");
            CHECK(fit.unknown == 0);
            CHECK(fit.chi2 < fit.critical);
        }
    }
    }
}

TEST_CASE("samplers: multinomial counts sum to n") {
    RandomStream stream(seed, 0, 1, Purpose::calibration);
    bool ok = true;
    for (int i = 0; i < 20000; ++i) {
        const std::int64_t n = (i * 37) % 2000;
        std::array<std::int64_t, 7> x{};
        urna::sample_multinomial(stream, n, shares.data(), 7, x.data());
        ok = ok && std::accumulate(x.begin(), x.end(), std::int64_t{0}) == n;
        for (const std::int64_t c : x) ok = ok && c >= 0;
    }
    CHECK(ok);

    // Shares that miss 1 by rounding in either direction still give exact totals.
    const std::array<double, 3> under{0.3, 0.3, 0.3999999999999999};
    const std::array<double, 3> over{0.1, 0.2, 0.7000000000000002};
    for (int i = 0; i < 1000; ++i) {
        std::array<std::int64_t, 3> x{};
        urna::sample_multinomial(stream, 1001, under.data(), 3, x.data());
        ok = ok && x[0] + x[1] + x[2] == 1001;
        urna::sample_multinomial(stream, 1001, over.data(), 3, x.data());
        ok = ok && x[0] + x[1] + x[2] == 1001;
    }
    CHECK(ok);
}

TEST_CASE("samplers: multinomial marginal means (7 categories, n=715)") {
    constexpr std::int64_t n = 715;
    constexpr std::int64_t draws = 100000;
    const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
    RandomStream stream(seed, 0, 2, Purpose::calibration);
    std::array<double, 7> sum{};
    for (std::int64_t i = 0; i < draws; ++i) {
        std::array<std::int64_t, 7> x{};
        urna::sample_multinomial(stream, n, shares.data(), 7, x.data());
        for (std::size_t c = 0; c < 7; ++c) sum[c] += static_cast<double>(x[c]);
    }
    for (std::size_t c = 0; c < 7; ++c) {
        const double p = shares[c] / total;
        const double mean = sum[c] / draws;
        const double se = std::sqrt(static_cast<double>(n) * p * (1.0 - p) / draws);
        INFO("category " << c << ": mean " << mean << " vs " << n * p << " (se " << se << ")");
        CHECK(std::fabs(mean - static_cast<double>(n) * p) < 4.0 * se);
    }
}

TEST_CASE("samplers: multinomial marginal means with the largest category anywhere") {
    // The sampler skips the largest category's binomial and gives it the remainder; check the
    // marginals when that category is in the middle and last, and when two categories tie.
    constexpr std::int64_t n = 715;
    constexpr std::int64_t draws = 50000;
    const std::vector<std::array<double, 7>> orders{
        {0.0747, 0.0119, 0.0168, 0.81, 0.0719, 0.0066, 0.0083},
        {0.0066, 0.0083, 0.0119, 0.0168, 0.0719, 0.0747, 0.81},
        {0.3, 0.05, 0.3, 0.1, 0.1, 0.1, 0.05}};
    RandomStream stream(seed, 0, 4, Purpose::calibration);
    for (const auto& probs : orders) {
        const double total = std::accumulate(probs.begin(), probs.end(), 0.0);
        std::array<double, 7> sum{};
        bool sums = true;
        for (std::int64_t i = 0; i < draws; ++i) {
            std::array<std::int64_t, 7> x{};
            urna::sample_multinomial(stream, n, probs.data(), 7, x.data());
            sums = sums && std::accumulate(x.begin(), x.end(), std::int64_t{0}) == n;
            for (std::size_t c = 0; c < 7; ++c) sum[c] += static_cast<double>(x[c]);
        }
        CHECK(sums);
        for (std::size_t c = 0; c < 7; ++c) {
            const double p = probs[c] / total;
            const double se = std::sqrt(static_cast<double>(n) * p * (1.0 - p) / draws);
            INFO("category " << c << " of p = " << p << ": mean " << sum[c] / draws);
            CHECK(std::fabs(sum[c] / draws - static_cast<double>(n) * p) < 4.0 * se);
        }
    }
}

TEST_CASE("samplers: multinomial zero-probability categories get zero") {
    RandomStream stream(seed, 0, 3, Purpose::calibration);
    // Zeros first, in the middle and last (where the remainder must not leak into them).
    const std::array<double, 6> probs{0.0, 0.5, 0.0, 0.3, 0.2, 0.0};
    bool ok = true;
    for (int i = 0; i < 20000; ++i) {
        std::array<std::int64_t, 6> x{};
        urna::sample_multinomial(stream, 500 + i % 300, probs.data(), 6, x.data());
        ok = ok && x[0] == 0 && x[2] == 0 && x[5] == 0;
        ok = ok && x[1] + x[3] + x[4] == 500 + i % 300;
    }
    CHECK(ok);

    // One positive category takes everything and draws nothing.
    const std::uint64_t before = stream.words_drawn();
    const std::array<double, 4> single{0.0, 0.0, 1.0, 0.0};
    std::array<std::int64_t, 4> x{};
    urna::sample_multinomial(stream, 715, single.data(), 4, x.data());
    CHECK(x == std::array<std::int64_t, 4>{0, 0, 715, 0});
    std::array<std::int64_t, 7> none{1, 1, 1, 1, 1, 1, 1};
    urna::sample_multinomial(stream, 0, shares.data(), 7, none.data());  // n = 0: zeros, no draws
    CHECK(none == std::array<std::int64_t, 7>{});
    CHECK(stream.words_drawn() == before);
}

TEST_CASE("samplers: multinomial pins its first draws and words") {
    // Regression guard (produced by this implementation at this seed): a change means the vote
    // draws of every run change. Per draw: one BTRD call, then one word seeds the other ~136 items.
    RandomStream stream(seed, 0, 5, Purpose::calibration);
    std::array<std::int64_t, 7> first{};
    std::array<std::int64_t, 7> second{};
    urna::sample_multinomial(stream, 715, shares.data(), 7, first.data());
    urna::sample_multinomial(stream, 715, shares.data(), 7, second.data());
    CHECK(first == std::array<std::int64_t, 7>{567, 56, 59, 16, 9, 6, 2});
    CHECK(second == std::array<std::int64_t, 7>{587, 44, 51, 11, 12, 5, 5});
    CHECK(stream.words_drawn() == 6u);
}

TEST_CASE("samplers: the per-item finish counts the same on the AVX2 and the SSE2 path") {
    // The chi-square tests above check the counts of whichever path this CPU takes; the two paths
    // must agree bit for bit, counts and the lanes' state after each call, so that every CPU gets
    // the same draws. Each set of lanes serves several calls in a row, as in the honest model;
    // 600,000 items take more than one kernel call (chunks of 16 * 32767).
    if (!urna::cpu_has_avx2()) {
        WARN("this CPU has no AVX2: only the SSE2 path runs here (the chi-square tests cover it)");
        return;
    }
    const std::uint16_t thresholds[8] = {0x1000u, 0x4000u, 0x4100u, 0x8000u, 0xc000u, 0xfff0u, 0xfffeu, 0xffffu};
    std::int16_t t[urna::detail::item_threshold_slots] = {};
    for (int j = 0; j < 8; ++j) t[j] = urna::detail::signed_threshold(thresholds[j]);
    for (int n = 1; n <= 8; ++n) {
        for (std::uint64_t seed = 0; seed < 20; ++seed) {
            urna::detail::XoshiroLanes avx2(seed * 7919 + 1), sse2(seed * 7919 + 1);
            for (std::int64_t items : {0, 1, 15, 16, 17, 31, 32, 33, 136, 1000, 600000}) {
                if (items == 600000 && seed > 1) continue;
                std::int64_t a[8] = {}, b[8] = {};
                urna::detail::count_items_below_on(true, avx2, items, t, n, a);
                urna::detail::count_items_below_on(false, sse2, items, t, n, b);
                INFO("n " << n << ", items " << items << ", seed " << seed);
                for (int j = 0; j < n; ++j) {
                    REQUIRE(a[j] == b[j]);
                    REQUIRE(a[j] <= items);
                    if (j > 0) REQUIRE(a[j] >= a[j - 1]);  // thresholds increase: counts below too
                }
                for (int w = 0; w < 4; ++w) {
                    for (int l = 0; l < 4; ++l) REQUIRE(avx2.s[w][l] == sse2.s[w][l]);
                }
            }
        }
    }
}

TEST_CASE("samplers: the per-item finish counts 16-bit pieces of the lane words below each threshold") {
    // The documented item order (item_counts.hpp): item i of a step is 16-bit piece i % 4 of lane
    // i / 4's word, least significant first, with its top bit flipped; a partial step counts its
    // first items. A scalar count of the same words must agree, on whichever path this CPU takes.
    const std::uint16_t thresholds[8] = {0x0001u, 0x2000u, 0x7fffu, 0x8000u, 0x8001u, 0xa000u, 0xf000u, 0xffffu};
    std::int16_t t[urna::detail::item_threshold_slots] = {};
    for (int j = 0; j < 8; ++j) t[j] = urna::detail::signed_threshold(thresholds[j]);
    for (const std::int64_t items : {1, 5, 16, 23, 48, 200}) {
        urna::detail::XoshiroLanes lanes(4242 + static_cast<std::uint64_t>(items)), copy = lanes;
        std::int64_t counted[8] = {};
        urna::detail::count_items_below(lanes, items, t, 8, counted);
        const int steps = static_cast<int>((items + 15) / 16);
        std::vector<std::uint64_t> words(static_cast<std::size_t>(steps) * 4);
        urna::detail::next_lane_words(copy, steps, reinterpret_cast<std::uint64_t(*)[4]>(words.data()));
        std::int64_t expected[8] = {};
        for (std::int64_t i = 0; i < items; ++i) {
            const std::uint64_t word = words[static_cast<std::size_t>(i / 16 * 4 + i % 16 / 4)];
            const auto item = static_cast<std::uint16_t>(((word >> (16 * (i % 4))) & 0xffffu) ^ 0x8000u);
            for (int j = 0; j < 8; ++j) expected[j] += item < thresholds[j] ? 1 : 0;
        }
        INFO("items " << items);
        for (int j = 0; j < 8; ++j) CHECK(counted[j] == expected[j]);
        for (int w = 0; w < 4; ++w) {
            for (int l = 0; l < 4; ++l) CHECK(lanes.s[w][l] == copy.s[w][l]);
        }
    }
}

TEST_CASE("samplers: item lanes advance one step per sixteen items and seed as SplitMix64") {
    // Seeding: word w of lane l is SplitMix64's output 4w + l + 1 of the seed.
    const std::uint64_t seed = 12345;
    const urna::detail::XoshiroLanes lanes(seed);
    std::uint64_t x = seed;
    for (int i = 0; i < 16; ++i) {
        x += 0x9e3779b97f4a7c15u;
        std::uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        CHECK(lanes.s[i / 4][i % 4] == (z ^ (z >> 31)));
    }
    // 40 items take three steps (the third partial): the same state as 48 items, or 16 then 32.
    std::int16_t t[urna::detail::item_threshold_slots] = {urna::detail::signed_threshold(0x8000u)};
    std::int64_t cum[1];
    urna::detail::XoshiroLanes a(seed), b(seed), c(seed);
    urna::detail::count_items_below(a, 40, t, 1, cum);
    urna::detail::count_items_below(b, 48, t, 1, cum);
    urna::detail::count_items_below(c, 16, t, 1, cum);
    urna::detail::count_items_below(c, 32, t, 1, cum);
    for (int w = 0; w < 4; ++w) {
        for (int l = 0; l < 4; ++l) {
            CHECK(a.s[w][l] == b.s[w][l]);
            CHECK(a.s[w][l] == c.s[w][l]);
            CHECK(a.s[w][l] != lanes.s[w][l]);
        }
    }
}

namespace {

/// The probabilities the per-item finish gives its categories, from the split it makes
/// (multinomial.hpp): a_j 2^-16 for the values below the thresholds, plus the leftover values'
/// share spread over the remainders.
std::vector<double> split_probabilities(const std::vector<double>& masses, double rest) {
    const int n = static_cast<int>(masses.size());
    std::int16_t t[urna::detail::item_threshold_slots] = {};
    urna::detail::SplitBasis basis = urna::detail::SplitBasis::rest;
    if (!urna::detail::item_thresholds_for_rest(masses.data(), n, rest, t)) {
        basis = urna::detail::SplitBasis::sum;
        urna::detail::item_thresholds_for_sum(masses.data(), n, t);
    }
    std::int32_t units[urna::detail::max_categorical];
    double remainder[urna::detail::max_categorical];
    urna::detail::item_split_units(masses.data(), n, basis, rest, units, remainder);
    std::int32_t previous = 0;
    double remainders = 0.0;
    for (int j = 0; j < n; ++j) {
        const std::int32_t threshold = static_cast<std::uint16_t>(t[j]) ^ 0x8000;
        REQUIRE(threshold - previous == units[j]);  // the thresholds are the units' running sums
        REQUIRE(units[j] >= 0);
        REQUIRE(remainder[j] >= 0.0);
        REQUIRE(remainder[j] < 2.0);
        previous = threshold;
        remainders += remainder[j];
    }
    const double leftover = 65536.0 - previous;
    REQUIRE(leftover >= 1.0);  // a leftover value exists: the last threshold fits in 16 bits
    std::vector<double> p(masses.size());
    for (int j = 0; j < n; ++j) p[static_cast<std::size_t>(j)] = (units[j] + leftover * remainder[j] / remainders) / 65536.0;
    return p;
}

}  // namespace

TEST_CASE("samplers: the per-item finish's split gives each category its share exactly") {
    // Shares that are multiples of 2^-16 (the floors reach 2^16: the slow path moves one unit),
    // shares below 2^-16, a typical station's shares after the leading party, and a `rest` that
    // is the running mass rather than the exact sum.
    const std::vector<std::vector<double>> cases{
        {0.5, 0.5},
        {0.25, 0.25, 0.25, 0.25},
        {1.0, 1e-17},
        {0.5, 0.5 - 2.5e-5, 2.5e-5},
        {0.9999, 4e-6, 3e-6, 2e-6, 1e-6, 5e-7, 3e-7, 1e-7},
        {0.0747, 0.0719, 0.0168, 0.0119, 0.0083, 0.0066, 0.011},
        {1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0},
    };
    for (const auto& masses : cases) {
        double sum = 0.0;
        for (const double m : masses) sum += m;
        for (const double rest : {sum, sum * (1.0 + 1e-15), sum * (1.0 - 1e-15)}) {
            const std::vector<double> p = split_probabilities(masses, rest);
            for (std::size_t j = 0; j < masses.size(); ++j) {
                INFO("case with " << masses.size() << " categories, category " << j << ", rest/sum - 1 = "
                                  << rest / sum - 1.0);
                CHECK(std::fabs(p[j] - masses[j] / sum) <= 1e-12 * (masses[j] / sum) + 1e-15);
            }
        }
    }
}

TEST_CASE("samplers: the per-item finish's leftover stage draws categories below 2^-16 at their rate") {
    // Shares 1/2, 1/2 - q, q with q = 2.5e-5 = 1.6384 units of 2^-16: 1 unit goes below the
    // thresholds and the remaining 0.6384 only through the leftover stage, so without it the
    // third category would come out at 1.53e-5, not 2.5e-5. 10^5 finishes of 200 items from one
    // set of lanes (2e7 items): the third category's count is Binomial(2e7, q), mean 500, sd 22.4;
    // |count - 500| < 4.5 sd fails with probability 7e-6 when the sampler is right and flags a
    // rate of 1.53e-5 (mean 305) at 8.7 sd. The first two categories likewise (sd ~2,236 each).
    const double q = 2.5e-5;
    const std::array<double, 3> probs{0.5, 0.5 - q, q};
    urna::detail::XoshiroLanes lanes(20261201);
    std::array<std::int64_t, 3> total{};
    const std::int64_t calls = 100000, items = 200;
    for (std::int64_t i = 0; i < calls; ++i) {
        std::array<std::int64_t, 3> out{};
        urna::detail::finish_by_items(lanes, items, probs.data(), 0, 2, -1, 3, 1.0, out.data());
        REQUIRE(out[0] + out[1] + out[2] == items);
        for (std::size_t j = 0; j < 3; ++j) total[j] += out[j];
    }
    const double n = static_cast<double>(calls * items);
    for (std::size_t j = 0; j < 3; ++j) {
        const double mean = n * probs[j], sd = std::sqrt(n * probs[j] * (1.0 - probs[j]));
        INFO("category " << j << ": " << total[j] << " items, expected " << mean << " +- " << sd);
        CHECK(std::fabs(static_cast<double>(total[j]) - mean) < 4.5 * sd);
    }
}
