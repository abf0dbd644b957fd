// The integer-percentage panels' p-values say which null they are against, and that a p at the
// resampling's floor 1 / (R + 1) is a bound.
#include <catch2/catch.hpp>

#include "analysis/report/figure_integer_percentage.hpp"

using urna::report::integer_count_p_text;

TEST_CASE("integer-percentage figure: a p-value names its null and is a bound at the resampling's floor", "[report]") {
    urna::analysis::IntegerCount c;
    c.p_classical = 0.229;
    CHECK(integer_count_p_text(c, 1000) == "p = 0.23 (resampled)");
    c.p_classical = 1.0 / 1001.0;  // no resample reached the observed count
    CHECK(integer_count_p_text(c, 1000) == "p ≤ 0.001 (resampled)");
    c.p_classical = 2.0 / 1001.0;
    CHECK(integer_count_p_text(c, 1000) == "p = 0.002 (resampled)");
    c.p_simulated = 0.219;
    CHECK(integer_count_p_text(c, 1000) == "p = 0.22 (sim.)");
}
