#include "sim/samplers/multinomial_plans.hpp"

#include <cstring>

#include "sim/cpu_features.hpp"

namespace urna {
namespace detail {

namespace {

typedef double Doubles2 __attribute__((vector_size(16)));
typedef double Doubles4 __attribute__((vector_size(32)));

/// W stations a step; generic vector code, compiled once per instruction set by its callers.
/// Vectors stay inside the function (their calling convention differs with and without AVX).
template <int W, class Doubles>
inline __attribute__((always_inline)) void plans_lanes(int count, int parties, const double* weight,
                                                        double parties_mass, double last, double* probabilities,
                                                        MultinomialPlan* plans) {
    const int categories = parties + 1;
    int j = 0;
    for (; j + W <= count; j += W) {
        const Doubles zero = {};
        // The parties' softmax scale: their mass over the sum of their weights, added in party
        // order.
        Doubles station_scale = zero;
        for (int k = 0; k < parties; ++k) {
            Doubles w;
            std::memcpy(&w, weight + static_cast<std::size_t>(k) * count + j, sizeof w);
            station_scale += w;
        }
        station_scale = parties_mass / station_scale;
        Doubles top = zero;  // as make_multinomial_plan: the first positive category is above it
        Doubles lead = zero - 1.0;
        Doubles total = zero;
        Doubles all_positive = zero + 1.0;  // 0 once a category is not positive (NaN included)
        for (int k = 0; k < categories; ++k) {
            Doubles p = zero + last;
            if (k < parties) {
                std::memcpy(&p, weight + static_cast<std::size_t>(k) * count + j, sizeof p);
                p *= station_scale;
            }
            for (int l = 0; l < W; ++l) probabilities[(j + l) * categories + k] = p[l];
            const Doubles index = zero + static_cast<double>(k);
            // make_multinomial_plan's steps for positive p: rest += p; big = p > top ? k : big;
            // top = p > top ? p : top (the first of equal maxima leads).
            total += p;
            lead = p > top ? index : lead;
            top = p > top ? p : top;
            all_positive = p > 0.0 ? all_positive : zero;
        }
        for (int l = 0; l < W; ++l) {
            MultinomialPlan& plan = plans[j + l];
            if (all_positive[l] == 0.0) {
                make_multinomial_plan(probabilities + (j + l) * categories, categories, plan);
                continue;
            }
            plan.k = categories;
            plan.big = static_cast<int>(lead[l]);
            plan.final = plan.big == categories - 1 ? categories - 2 : categories - 1;
            plan.remaining = categories - 1;
            const double ratio = total[l] > 0.0 ? top[l] / total[l] : 1.0;
            plan.big_ratio = ratio > 1.0 ? 1.0 : ratio;
            plan.rest = total[l] - top[l];
        }
    }
    for (; j < count; ++j) {  // the stations after the last full step
        double* row = probabilities + j * categories;
        double scale = 0.0;
        for (int k = 0; k < parties; ++k) scale += weight[static_cast<std::size_t>(k) * count + j];
        scale = parties_mass / scale;
        for (int k = 0; k < parties; ++k) row[k] = weight[static_cast<std::size_t>(k) * count + j] * scale;
        row[parties] = last;
        make_multinomial_plan(row, categories, plans[j]);
    }
}

void plans_default(int count, int parties, const double* weight, double parties_mass, double last,
                   double* probabilities, MultinomialPlan* plans) {
    plans_lanes<2, Doubles2>(count, parties, weight, parties_mass, last, probabilities, plans);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void plans_avx2(int count, int parties, const double* weight, double parties_mass,
                                                double last, double* probabilities, MultinomialPlan* plans) {
    plans_lanes<4, Doubles4>(count, parties, weight, parties_mass, last, probabilities, plans);
}
#endif

}  // namespace

void make_multinomial_plans_on(bool avx2, int count, int parties, const double* weight, double parties_mass,
                               double last, double* probabilities, MultinomialPlan* plans) {
#if defined(__x86_64__) || defined(__i386__)
    if (avx2) {
        plans_avx2(count, parties, weight, parties_mass, last, probabilities, plans);
        return;
    }
#else
    (void)avx2;
#endif
    plans_default(count, parties, weight, parties_mass, last, probabilities, plans);
}

void make_multinomial_plans(int count, int parties, const double* weight, double parties_mass, double last,
                            double* probabilities, MultinomialPlan* plans) {
    make_multinomial_plans_on(cpu_has_avx2(), count, parties, weight, parties_mass, last, probabilities, plans);
}

}  // namespace detail
}  // namespace urna
