// The last-digit panels' subtitles: the p-value printed is the one of the null whose expectation the
// panel draws and whose verdict the text gives (uniform, or the binomial resampling), never the
// uniform p beside a binomial expectation.
#include <catch2/catch.hpp>

#include <limits>

#include "analysis/report/figure_digits.hpp"

using urna::analysis::LastDigitResult;
using urna::report::last_digit_note;

namespace {
LastDigitResult counts_of(std::int64_t min_count, bool uniform_holds) {
    LastDigitResult l;
    l.party = "kprf";
    l.min_count = min_count;
    l.counts = 46439;
    l.p_classical = 2.3e-9;  // against uniform
    l.p_resampled = 0.0046;  // against the binomial resampling
    l.uniform_null_holds = uniform_holds;
    return l;
}
}  // namespace

TEST_CASE("digit figure: a last-digit panel prints the p-value of the null it draws", "[report]") {
    CHECK(last_digit_note(counts_of(100, true)) == "n = 46\u2009439; χ² p = 2.3e-09");
    CHECK(last_digit_note(counts_of(100, false)) == "n = 46\u2009439; χ² p = 0.0046 (binom.)");
    // Below counts of 100 the uniform null gives no verdict even where it holds; from 50 the binomial does.
    CHECK(last_digit_note(counts_of(60, true)) == "n = 46\u2009439; χ² p = 0.0046 (binom.)");
    CHECK(last_digit_note(counts_of(30, false)) == "n = 46\u2009439; no verdict (counts < 50)");
    auto simulated = counts_of(30, false);
    simulated.p_simulated = 0.55;
    CHECK(last_digit_note(simulated) == "n = 46\u2009439; χ² p = 0.55 (sim.)");
    auto unchecked = counts_of(100, false);
    unchecked.p_resampled = std::numeric_limits<double>::quiet_NaN();  // resampling not computed
    CHECK(last_digit_note(unchecked) == "n = 46\u2009439; no verdict");
}
