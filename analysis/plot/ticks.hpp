// Round axis ticks (1, 2, 2.5, 5 x 10^k steps) and their labels.
#pragma once

#include <string>
#include <vector>

namespace urna::plot {

struct Ticks {
    std::vector<double> values;  ///< inside [lo, hi]
    double step = 0;
};

/// About `target` round ticks covering [lo, hi]; one tick at lo when the range is empty.
Ticks round_ticks(double lo, double hi, int target = 5);

/// Round ticks at whole numbers only (steps 1, 2, 5 x 10^k), for counts such as seats.
Ticks integer_ticks(double lo, double hi, int target = 5);

/// A tick label with as many decimals as the step needs; `scale` multiplies first (100 for percent).
std::string tick_label(double value, double step, double scale = 1);

/// Powers of ten in [lo, hi] (lo > 0), for log axes.
Ticks decade_ticks(double lo, double hi);

/// A decade label: "0.01", "1", "1 000".
std::string decade_label(double value);

/// A count with thin-space thousands separators: 12 345.
std::string format_count(double value);

/// A percentage from a fraction with `decimals` places: "75.45 %".
std::string format_percent(double fraction, int decimals = 1);

/// A p-value for people: "0.034", "< 0.001" style is not used; 2 significant digits, e.g. "0.00050".
std::string format_p(double p);

}  // namespace urna::plot
