#include <catch2/catch.hpp>

#include "analysis/plot/figure.hpp"
#include "analysis/plot/palette.hpp"
#include "analysis/plot/ticks.hpp"

using namespace urna::plot;

TEST_CASE("plot: round ticks step by 1, 2, 2.5 or 5 times a power of ten", "[plot]") {
    const Ticks unit = round_ticks(0, 1, 5);
    CHECK(unit.step == Approx(0.2));
    REQUIRE(unit.values.size() == 6);
    CHECK(unit.values.front() == 0.0);
    CHECK(unit.values.back() == Approx(1.0));

    // (0.79 - 0.72) / 5 = 0.014 -> step 0.02, ticks 0.72 ... 0.78.
    const Ticks turnout = round_ticks(0.72, 0.79, 5);
    CHECK(turnout.step == Approx(0.02));
    REQUIRE(turnout.values.size() == 4);
    CHECK(turnout.values[0] == Approx(0.72));
    CHECK(turnout.values[3] == Approx(0.78));

    // 12.5 / 5 = 2.5 exactly.
    CHECK(round_ticks(0, 12.5, 5).step == Approx(2.5));
    // An empty range gives one tick where it is.
    const Ticks point = round_ticks(0.3, 0.3, 5);
    REQUIRE(point.values.size() == 1);
    CHECK(point.values[0] == 0.3);
}

TEST_CASE("plot: integer ticks never fall between whole numbers", "[plot]") {
    const Ticks seats = integer_ticks(0, 10, 4);  // 10 / 4 = 2.5 would be a round step, but not a whole one
    CHECK(seats.step == 5);
    CHECK(seats.values == std::vector<double>{0, 5, 10});
    CHECK(integer_ticks(83, 83, 4).values == std::vector<double>{83});
    CHECK(integer_ticks(80, 92, 4).step == 5);
}

TEST_CASE("plot: tick labels carry the decimals their step needs, percent by scale", "[plot]") {
    CHECK(tick_label(0.74, 0.02, 100) == "74");
    CHECK(tick_label(0.725, 0.025, 100) == "72.5");
    CHECK(tick_label(0.0125, 0.0025, 100) == "1.25");
    CHECK(tick_label(0, 0.2) == "0.0");
    CHECK(tick_label(20000, 10000) == "20\u2009000");
    CHECK(decade_label(0.01) == "0.01");
    CHECK(decade_label(1000) == "1\u2009000");
    CHECK(format_percent(0.7545, 2) == "75.45\u00a0%");
    CHECK(format_p(0.034) == "0.03");
    CHECK(format_p(0.00049975) == "0.0005");
}

TEST_CASE("plot: Okabe-Ito categories and the viridis ramp", "[plot]") {
    const Colour blue = category(0), orange = category(1);
    CHECK(blue.r == 0.0);
    CHECK(blue.g == Approx(114.0 / 255).epsilon(0.005));  // #0072B2
    CHECK(orange.r == Approx(230.0 / 255).epsilon(0.005));  // #E69F00
    CHECK(category(8).b == blue.b);  // cycles
    const Colour low = viridis(0), high = viridis(1), mid = viridis(0.5);
    CHECK(low.r == Approx(0.267));
    CHECK(high.g == Approx(0.906));
    CHECK(mid.g == Approx(0.567));  // the middle anchor
    CHECK(viridis(-1).r == low.r);  // clamped
}

TEST_CASE("plot: run colours are distinct and never the reported figures' vermillion", "[plot]") {
    const auto same = [](const Colour& a, const Colour& b) { return a.r == b.r && a.g == b.g && a.b == b.b; };
    for (int i = 0; i < run_colours; ++i) {
        INFO("run " << i);
        CHECK_FALSE(same(run_colour(i), reported_red));
        for (int j = 0; j < i; ++j) CHECK_FALSE(same(run_colour(i), run_colour(j)));
    }
    CHECK(same(run_colour(0), category(0)));  // the first runs keep the category order
    CHECK(same(run_colour(6), black));
}

TEST_CASE("plot: a 16 cm figure is 1890 pixels wide at 300 dpi", "[plot]") {
    CHECK(png_pixels(figure_width_cm * points_per_cm) == 1890);  // 16 / 2.54 * 300 = 1889.8
    CHECK(parse_format("svg") == Format::svg);
    CHECK_THROWS_WITH(parse_format("gif"), Catch::Contains("choose from png, svg, pdf"));
}
