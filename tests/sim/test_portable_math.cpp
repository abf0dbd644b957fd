// portable_exp and portable_log (sim/portable_math.hpp) against glibc's exp and log (correctly
// rounded in all but rare cases, so within 1 ulp of the exact value), exact special values, and
// the documented clamping; log1p against glibc's log1p.
#include "sim/cpu_features.hpp"
#include "sim/portable_math.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace {

/// |a - b| in units of the last place of b.
double ulps(double a, double b) {
    const double ulp = std::nextafter(std::fabs(b), std::numeric_limits<double>::infinity()) - std::fabs(b);
    return std::fabs(a - b) / ulp;
}

/// Uniform doubles in [lo, hi) from a fixed SplitMix64 sequence (no std:: distributions).
struct Points {
    std::uint64_t state = 0x2012011520120115u;
    double next(double lo, double hi) {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        z ^= z >> 31;
        return lo + (hi - lo) * (static_cast<double>(z >> 11) * 0x1.0p-53);
    }
};

}  // namespace

TEST_CASE("portable math: exp is within 3 ulp of glibc over its whole range") {
    Points points;
    double worst = 0.0;
    for (int i = 0; i < 1000000; ++i) {
        // Half over the full range, half where the engine calls it (logits of a few units).
        const double x = i % 2 ? points.next(-708.0, 709.0) : points.next(-12.0, 12.0);
        worst = std::max(worst, ulps(urna::portable_exp(x), std::exp(x)));
    }
    INFO("largest error: " << worst << " ulp");
    CHECK(worst <= 3.0);
}

TEST_CASE("portable math: exp's exact values and clamping") {
    CHECK(urna::portable_exp(0.0) == 1.0);
    CHECK(ulps(urna::portable_exp(1.0), 2.718281828459045) <= 3.0);
    CHECK(ulps(urna::portable_exp(-std::log(2.0)), 0.5) <= 3.0);
    // Below -708 exactly 0 (a zero-share party's weight e^-inf stays 0), above 709 e^709.
    CHECK(urna::portable_exp(-708.5) == 0.0);
    CHECK(urna::portable_exp(-1000.0) == 0.0);
    CHECK(urna::portable_exp(-std::numeric_limits<double>::infinity()) == 0.0);
    CHECK(std::isnormal(urna::portable_exp(-708.0)));
    CHECK(urna::portable_exp(1e6) == urna::portable_exp(709.0));
    CHECK(std::isfinite(urna::portable_exp(709.0)));
    CHECK(std::isnan(urna::portable_exp(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("portable math: log is within 3 ulp of glibc, also next to 1") {
    Points points;
    double worst = 0.0;
    for (int i = 0; i < 1000000; ++i) {
        double x;
        switch (i % 4) {
            case 0: x = std::exp(points.next(-700.0, 700.0)); break;  // every binade
            case 1: x = points.next(0.0, 1.0); break;                 // uniforms, as BTRD uses them
            case 2: x = 1.0 + points.next(-1e-6, 1e-6); break;        // no cancellation next to 1
            default: x = points.next(0.5, 2.0); break;
        }
        if (x == 0.0 || x == 1.0) continue;
        worst = std::max(worst, ulps(urna::portable_log(x), std::log(x)));
    }
    INFO("largest error: " << worst << " ulp");
    CHECK(worst <= 3.0);
}

TEST_CASE("portable math: log's exact values") {
    CHECK(urna::portable_log(1.0) == 0.0);
    CHECK(urna::portable_log(0.0) == -std::numeric_limits<double>::infinity());
    for (int e = -1022; e <= 1023; ++e) {
        const double x = std::ldexp(1.0, e);
        INFO("2^" << e);
        CHECK(ulps(urna::portable_log(x), std::log(x)) <= 1.0);
    }
    CHECK(ulps(urna::portable_log(std::numeric_limits<double>::max()), std::log(std::numeric_limits<double>::max())) <= 1.0);
}

TEST_CASE("portable math: log1p keeps tiny arguments' digits") {
    Points points;
    double worst = 0.0;
    for (int i = 0; i < 1000000; ++i) {
        // The binomial inversion's -p: from 1e-12 (huge stations, rare events) to -1/2.
        const double x = i % 2 ? -std::exp(points.next(-28.0, std::log(0.5))) : points.next(-0.5, 1.0);
        if (x == 0.0) continue;
        worst = std::max(worst, ulps(urna::portable_log1p(x), std::log1p(x)));
    }
    INFO("largest error: " << worst << " ulp");
    CHECK(worst <= 4.0);
    CHECK(urna::portable_log1p(0.0) == 0.0);
    CHECK(urna::portable_log1p(1e-300) == 1e-300);
}

TEST_CASE("portable math: exp in place gives portable_exp's bits on every vector path") {
    Points points;
    std::vector<double> x(1003);  // 1003 = 4 * 250 + 3 = 2 * 501 + 1: the scalar remainder too
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = points.next(-800.0, 800.0);
    x[3] = -std::numeric_limits<double>::infinity();
    x[6] = -708.0;
    x[7] = -708.5;
    x[4] = std::numeric_limits<double>::quiet_NaN();
    x[5] = 0.0;
    x[8] = std::numeric_limits<double>::infinity();
    std::vector<bool> paths{false};
    if (urna::cpu_has_avx2()) {
        paths.push_back(true);
    } else {
        WARN("this CPU has no AVX2: only the SSE2 path runs here");
    }
    for (const bool avx2 : paths) {
        std::vector<double> y = x;
        urna::portable_exp_in_place_on(avx2, y.data(), y.size());
        std::vector<double> z = x;
        urna::portable_exp_in_place(z.data(), z.size());  // the run-time choice
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double expected = urna::portable_exp(x[i]);
            INFO("avx2 " << avx2 << ", x = " << x[i]);
            if (std::isnan(expected)) {
                CHECK(std::isnan(y[i]));
                CHECK(std::isnan(z[i]));
            } else {
                CHECK(y[i] == expected);
                CHECK(z[i] == expected);
            }
        }
    }
}
