#include "sim/samplers/multinomial.hpp"

namespace urna {
namespace detail {

void item_split_units(const double* probs, int categories, SplitBasis basis, double rest, std::int32_t* units,
                      double* remainder) {
    double sum = 0.0;
    for (int j = 0; j < categories; ++j) sum += probs[j];
    const double scale = 0x1.0p16 / rest;
    std::int32_t total = 0;
    int largest = 0;
    for (int j = 0; j < categories; ++j) {
        // For the rest basis, item_thresholds_for_rest's arithmetic; for the sum, p_j / sum <= 1
        // first, so that no tiny sum overflows the scale.
        double m = basis == SplitBasis::rest ? probs[j] * scale : (probs[j] / sum) * 0x1.0p16;
        m = m < 0x1.0p16 ? m : 0x1.0p16;
        units[j] = static_cast<std::int32_t>(m);
        remainder[j] = m - static_cast<double>(units[j]);  // exact: a double's fractional part is one
        total += units[j];
        if (units[j] > units[largest]) largest = j;
    }
    // With the sum as basis the floors add up to at most 2^16 (each m_j <= 2^16 p_j / sum, up to
    // rounding): at 2^16, one unit of the largest category (at least 2^16 / categories) becomes
    // remainder.
    if (basis == SplitBasis::sum && total > 0xffff) {
        const std::int32_t excess = total - 0xffff;
        units[largest] -= excess;
        remainder[largest] += static_cast<double>(excess);
    }
}

void item_thresholds_for_sum(const double* probs, int categories, std::int16_t* t) {
    std::int32_t units[max_categorical];
    double remainder[max_categorical];
    item_split_units(probs, categories, SplitBasis::sum, 0.0, units, remainder);
    std::int32_t total = 0;
    for (int j = 0; j < categories; ++j) {
        total += units[j];
        t[j] = signed_threshold(static_cast<std::uint16_t>(total));
    }
}

void redraw_leftover_items(XoshiroLanes& lanes, std::int64_t leftover, const double* probs, int categories,
                           SplitBasis basis, double rest, const int* category, int first, std::int64_t* out) {
    std::int32_t units[max_categorical];
    double remainder[max_categorical];
    item_split_units(probs, categories, basis, rest, units, remainder);
    double total = 0.0;
    int last_positive = 0;  // where a uniform that rounding carries past every remainder goes
    for (int j = 0; j < categories; ++j) {
        total += remainder[j];
        if (remainder[j] > 0.0) last_positive = j;
    }
    std::uint64_t words[1][4];
    for (std::int64_t i = 0; i < leftover; ++i) {
        if (i % 4 == 0) next_lane_words(lanes, 1, words);  // one word per item, four per step
        // A uniform on [0, total): the word's top 53 bits, scaled.
        double x = static_cast<double>(words[0][i % 4] >> 11) * 0x1.0p-53 * total;
        int j = 0;
        while (j < last_positive && x >= remainder[j]) {
            x -= remainder[j];
            ++j;
        }
        ++out[category ? category[j] : first + j];
    }
}

}  // namespace detail
}  // namespace urna
