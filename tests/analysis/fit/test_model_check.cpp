// The fit's model check: how many targets beyond the 1 % level a fitting model may show, from the
// binomial tail (values from SciPy: binom.sf(k, n, 0.01) for n = 1, 2, 3, 23, 106 gives the smallest k
// with a tail <= 0.02 at 0, 0, 1, 2, 4), and the warning only beyond it.
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analysis/fit/model_check.hpp"

using urna::analysis::fit::check_model_fit;

namespace {

/// n targets of which `extreme` have p = 0.001 and the rest p = 0.5, named t0, t1, ...
urna::analysis::fit::ModelCheck check_of(int n, int extreme) {
    std::vector<std::string> names;
    std::vector<double> p;
    for (int i = 0; i < n; ++i) {
        names.push_back("t" + std::to_string(i));
        p.push_back(i < extreme ? 0.001 * (i + 1) : 0.5);
    }
    return check_model_fit(names, p);
}

}  // namespace

TEST_CASE("fit model check: allowed extreme targets follow the binomial tail", "[fit]") {
    const std::vector<std::pair<int, int>> allowed = {{1, 0}, {2, 0}, {3, 1}, {23, 2}, {106, 4}};
    for (const auto& [n, k] : allowed) {
        INFO("targets " << n);
        const auto at = check_of(n, k);
        CHECK(at.targets == n);
        CHECK(at.allowed == k);
        CHECK_FALSE(at.misfit);
        CHECK(at.warning.empty());
        const auto beyond = check_of(n, k + 1);
        CHECK(beyond.extreme == k + 1);
        CHECK(beyond.misfit);
        CHECK(beyond.warning.find(std::to_string(k + 1) + " of " + std::to_string(n) + " targets") == 0);
    }
}

TEST_CASE("fit model check: targets without a p-value are left out, the worst are named smallest first", "[fit]") {
    const auto check = check_model_fit({"a", "b", "c", "d", "e"}, {0.003, std::nan(""), 0.0005, 0.009, 0.2});
    CHECK(check.targets == 4);
    CHECK(check.extreme == 3);
    CHECK(check.allowed == 1);  // binom.sf(0, 4, 0.01) = 0.0394, binom.sf(1, 4, 0.01) = 0.00059
    CHECK(check.misfit);
    CHECK(check.worst == std::vector<std::string>{"c", "a", "d"});
    CHECK(check.warning.find("Farthest off: c, a, d.") != std::string::npos);
    // p exactly at the level is not beyond it.
    CHECK_FALSE(check_model_fit({"a"}, {0.01}).misfit);
    CHECK(check_model_fit({}, {}).targets == 0);
    CHECK_FALSE(check_model_fit({"a"}, {std::nan("")}).misfit);
}
