#include "sim/irregularities/mechanism.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "sim/samplers/binomial.hpp"

namespace urna {

#define URNA_MECHANISM(name) const MechanismType& name##_mechanism();
#include "sim/irregularities/mechanism_list.inc"
#undef URNA_MECHANISM

std::int64_t Mechanism::act(const StationView& at, const StationCounts& o) const {
    MechanismStream stream(at.stream_seed);
    return effect(stream, o);
}

const std::vector<const MechanismType*>& mechanism_types() {
    static const std::vector<const MechanismType*> all = [] {
        std::vector<const MechanismType*> types = {
#define URNA_MECHANISM(name) &name##_mechanism(),
#include "sim/irregularities/mechanism_list.inc"
#undef URNA_MECHANISM
        };
        // The list's order is the enum's: a type's value picks its stream purposes and its place
        // in the order of application.
        if (static_cast<int>(types.size()) != Irregularity::type_count)
            throw std::logic_error("mechanism_list.inc and Irregularity::type_count disagree");
        for (std::size_t i = 0; i < types.size(); ++i) {
            if (static_cast<std::size_t>(types[i]->type) != i)
                throw std::logic_error(fmt::format("mechanism_list.inc: '{}' is out of Irregularity::Type order",
                                                   types[i]->name));
        }
        return types;
    }();
    return all;
}

const MechanismType& mechanism_type(Irregularity::Type type) {
    return *mechanism_types().at(static_cast<std::size_t>(type));
}

void Mechanism::draw_intensity_binomials(const std::uint64_t* seed, int count, const std::int64_t* n,
                                         MechanismStream* stream, std::int64_t* k) const {
    static_assert(HonestBlock::capacity <= binomial_batch_max, "a block's binomials are one batch");
    double x[HonestBlock::capacity];
    for (int i = 0; i < count; ++i) stream[i] = MechanismStream(seed[i]);
    for (int i = 0; i < count; ++i) x[i] = intensity_.draw(stream[i]);
    sample_binomials_fast_inversion(stream, count, n, x, k);
}

}  // namespace urna
