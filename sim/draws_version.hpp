// The version of the random draws: the same scenario and seed give bit-identical results within one
// draws version, on any thread count or shard split. Bump it in the same commit as any change to what
// is drawn (a sampler, a stream's keying, the order of draws), and update the golden outputs then;
// merge refuses shards of different draws versions, which would otherwise join two different
// simulations into one file.
#pragma once

namespace urna {

/// 1: urna 0.1-0.2.3; 2: the 16-bit multinomial items and branch-free BTRD rounds of 0.2.4;
/// 3: the irregularities' selection words and streams from one key per replicate (SplitMix64),
/// Marsaglia-Tsang beta intensities, family voting's ballot-by-ballot split, take_from_others by
/// sim/apportion's exact largest remainder; 4: observers' and mechanisms' selections per 64-station
/// block by geometric skipping (sim/irregularities/block_selection.hpp); 5: the mechanisms' binomials
/// by sample_binomial_fast_inversion (P(0) by repeated squaring, the cdf walk by products), family
/// voting's ballot-by-ballot split by cumulative weights; 6: observers' and mechanisms' selections
/// per 64-station block by a digit-by-digit comparison of 64 uniforms with the probability
/// (BernoulliMask, sim/irregularities/block_selection.hpp); 7: a mechanism's stream at a station
/// from a seed per (64-station block, purpose) plus an offset per station (mechanism_block_seed,
/// mechanism_station_seed) instead of a word per station; 8: family voting's heads with a beta
/// intensity from their beta-binomial law by one inversion (sim/samplers/beta_binomial.hpp); 9: the
/// same law from rows for every eighth n and Polya steps between them.
inline constexpr int draws_version = 9;

}  // namespace urna
