#include "analysis/report/figure_digits.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/benford_second_digit.hpp"
#include "analysis/last_digit.hpp"
#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/report/small_multiples.hpp"

namespace urna::report {

using analysis::last_digit_chi_square_p;
using analysis::last_digit_null;
using analysis::LastDigitNull;

namespace {

constexpr int max_parties = 4;

struct DigitPanel {
    std::string title, note;
    std::array<double, 10> observed{}, expected{}, half_band{};  ///< frequencies; band = 1.96 binomial sd
    bool available = false;
};

/// The panel's p-value, tagged with its null where it is not the expectation drawn (the caption says
/// what the tags mean): kept short, since it stands in one panel's width.
std::string p_text(const std::optional<double>& simulated, double classical, const char* classical_tag = "") {
    if (simulated) return fmt::format("χ² p = {} (sim.)", plot::format_p(*simulated));
    return fmt::format("χ² p = {}{}", plot::format_p(classical), classical_tag);
}

void fill_band(DigitPanel& p, double n) {
    for (int d = 0; d < 10; ++d) {
        const double q = p.expected[std::size_t(d)];
        p.half_band[std::size_t(d)] = 1.96 * std::sqrt(q * (1 - q) / n);
    }
}

}  // namespace

std::string last_digit_note(const analysis::LastDigitResult& l) {
    // The p-value of the null the verdict comes from, which is the expectation drawn; where neither
    // null is calibrated the panel says so instead of a p-value.
    const LastDigitNull null = last_digit_null(l);
    return fmt::format("n = {}; {}", plot::format_count(double(l.counts)),
                       null == LastDigitNull::none && !l.p_simulated
                           ? (l.min_count < analysis::binomial_null_min_count
                                  ? fmt::format("no verdict (counts < {})", analysis::binomial_null_min_count)
                                  : std::string("no verdict"))
                           : p_text(l.p_simulated, last_digit_chi_square_p(l), null == LastDigitNull::binomial ? " (binom.)" : ""));
}

ReportFigure digits_figure(const ForensicsInput& fx, const std::string& id) {
    const std::string title = "Digit tests: " + fx.label;
    const auto& r = fx.file.report;
    std::vector<DigitPanel> second, last;
    ReportFigure f;
    f.id = id;
    f.title = title;
    f.data.header = {"test", "party", "digit", "observed_frequency", "expected_frequency", "band_low", "band_high"};
    std::vector<std::string> not_available;
    for (const auto& s : r.second_digit) {
        if (s.party == "pooled" || int(second.size()) >= max_parties) continue;
        DigitPanel p;
        p.title = s.party;
        if (!s.available() || s.counts < 1) {
            not_available.push_back(fmt::format("second digit of {}: {}", s.party, s.na_reason));
            second.push_back(p);
            continue;
        }
        p.available = true;
        for (int d = 0; d < 10; ++d) {
            p.observed[std::size_t(d)] = double(s.digits[std::size_t(d)]) / double(s.counts);
            p.expected[std::size_t(d)] = s.expected[std::size_t(d)] / double(s.counts);
        }
        fill_band(p, double(s.counts));
        p.note = fmt::format("n = {}; {}", plot::format_count(double(s.counts)), p_text(s.chi_square_p_simulated, s.chi_square_p_classical));
        second.push_back(p);
    }
    for (const auto& l : r.last_digit) {
        if (l.party == "pooled" || int(last.size()) >= max_parties) continue;
        DigitPanel p;
        p.title = l.party;
        if (!l.available() || l.counts < 1) {
            not_available.push_back(fmt::format("last digit of {}: {}", l.party, l.na_reason));
            last.push_back(p);
            continue;
        }
        p.available = true;
        const LastDigitNull null = last_digit_null(l);
        for (int d = 0; d < 10; ++d) {
            p.observed[std::size_t(d)] = double(l.digits[std::size_t(d)]) / double(l.counts);
            // Uniform where that null holds, else the frequencies binomial resampling of each count gives.
            const double resampled = l.resampled_frequency[std::size_t(d)];
            p.expected[std::size_t(d)] = null == LastDigitNull::uniform || !(resampled > 0) ? 0.1 : resampled;
        }
        fill_band(p, double(l.counts));
        p.note = last_digit_note(l);
        last.push_back(p);
    }
    const auto any = [](const std::vector<DigitPanel>& v) {
        return std::any_of(v.begin(), v.end(), [](const DigitPanel& p) { return p.available; });
    };
    if (!any(second) && !any(last)) return skipped_figure(id, title, fx.file.path + " holds no digit test with counts");
    for (const auto& [name, panels] : {std::pair{"second_digit", &second}, std::pair{"last_digit", &last}}) {
        for (const auto& p : *panels) {
            if (!p.available) continue;
            for (int d = 0; d < 10; ++d) {
                const auto i = std::size_t(d);
                f.data.add({name, p.title, std::to_string(d), csv_number(p.observed[i]), csv_number(p.expected[i]),
                            csv_number(p.expected[i] - p.half_band[i]), csv_number(p.expected[i] + p.half_band[i])});
            }
        }
    }

    const int columns = int(std::max(second.size(), last.size()));
    Grid grid = grid_for(2 * columns, columns, 4.0 * plot::points_per_cm, 22);
    grid.top_pad = 30;
    grid.rows = 2;
    f.figure.height_pt = grid.height() + 14;
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        draw_figure_heading(cr, "Second digits (top) and last digits (bottom) of each party's station counts");
        for (int row = 0; row < 2; ++row) {
            const auto& panels = row == 0 ? second : last;
            for (std::size_t k = 0; k < panels.size(); ++k) {
                const DigitPanel& p = panels[k];
                const Box box = grid.frame(row * columns + int(k));
                TextStyle name;
                name.size_pt = 7;
                name.bold = true;
                name.vertical = Align::end;
                draw_text(cr, (row == 0 ? "2nd digit: " : "last digit: ") + p.title, box.x - 20, box.y - 10.5, name);
                TextStyle info;
                info.size_pt = 6.2;
                info.colour = text_grey;
                info.vertical = Align::end;
                draw_text(cr, p.available ? p.note : "n/a (see the caption)", box.x - 20, box.y - 1.5, info);
                if (!p.available) continue;
                double top = 0;
                for (int d = 0; d < 10; ++d) top = std::max({top, p.observed[std::size_t(d)], p.expected[std::size_t(d)] + p.half_band[std::size_t(d)]});
                const Ticks y_ticks = round_ticks(0, top * 1.1, 3);
                const double y_hi = std::max(top * 1.1, y_ticks.values.back());
                const Axes ax(box, -0.6, 9.6, 0, y_hi);
                draw_grid(cr, ax, {}, y_ticks);
                for (int d = 0; d < 10; ++d) {
                    const auto i = std::size_t(d);
                    fill_rect(cr, ax, d - 0.35, d + 0.35, 0, p.observed[i], category(0).with_alpha(0.85));
                    segment(cr, ax, d, p.expected[i] - p.half_band[i], d, p.expected[i] + p.half_band[i], black, 1.0);
                    dot(cr, ax, d, p.expected[i], 1.8, black);
                }
                Ticks x_ticks;
                x_ticks.step = 1;
                for (int d = 0; d < 10; ++d) x_ticks.values.push_back(d);
                draw_x_axis(cr, ax, x_ticks, 1, "");
                draw_y_axis(cr, ax, y_ticks, 100, "");
            }
        }
        TextStyle key;
        key.size_pt = 6.5;
        key.colour = text_grey;
        draw_text(cr, "Bars: observed frequency (%); dot and whisker: expected frequency and its binomial 95 % band.", 8,
                  grid.height() + 2, key);
    };
    f.caption = "For each party (the leader first, then by votes): how often each digit appears as the second digit "
                "(top; expectation: Benford's second-digit law) and as the last digit (bottom; expectation: uniform, or "
                "what binomial resampling of each count gives where small counts make uniformity fail) of its "
                "station counts. Honest counts need not follow the second-digit law, so a second-digit departure "
                "alone is weak evidence; last digits of large counts should be near uniform, and a spike at 0 or 5 "
                "suggests invented numbers. Each χ² p-value is against the expectation drawn (\"binom.\": the binomial "
                "resampling), or against simulated honest elections (\"sim.\") where the file has them; last digits "
                "of counts under 50 get no verdict (docs/forensics.md)." +
                (not_available.empty() ? std::string() : " Not available: " + [&] {
                    std::string s;
                    for (const auto& n : not_available) s += (s.empty() ? "" : "; ") + n;
                    return s + ".";
                }());
    return f;
}

}  // namespace urna::report
