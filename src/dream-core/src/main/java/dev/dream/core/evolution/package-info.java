/**
 * Evolution of the candidates of one domain: {@code Strategies.create(space, params, seed, domain)}
 * gives a {@link dev.dream.core.evolution.Strategy} whose {@code propose(g, history)} is a pure function
 * of (seed, domain, g, history). Nothing is kept between calls, so a coordinator that replays its
 * journal, on this node or another, proposes exactly what it proposed before.
 *
 * <h2>Shared rules</h2>
 *
 * <ul>
 *   <li>Randomness comes only from {@link dev.dream.core.evolution.GenerationRandom}: one stream per
 *       (seed, domain, generation), plus named streams for CMA-ES restarts. No global generator.
 *   <li>A generation never holds the same genome twice. When the space has no more genomes than the
 *       population, every generation is the whole space (first knob varying slowest): there is nothing
 *       else to try, and every candidate gains trials.
 *   <li>A candidate with a null score (unsafe or failed) is never a parent, an elite, or a reason to
 *       move towards it; nor is a genome outside the space (e.g. a stock genome measured as a candidate).
 * </ul>
 *
 * <h2>"ga"</h2>
 *
 * Generation 0 is a Latin hypercube (or uniform random) sample, decoded, with repeats replaced by fresh
 * random genomes. Then, from the previous generation's safe candidates ranked by score (ties by
 * candidate index): the {@code elites} best are copied first, in rank order; each other child takes
 * two parents by tournament ({@code tournament} distinct draws, the best wins), mixes them gene by gene
 * 50/50 with probability {@code crossover} (else copies the first), and mutates each gene with
 * probability {@code mutationRate} (auto: max(1/d, 0.1)). A mutated gene always changes value: ordered
 * knobs take a Gaussian step of {@code mutationSigma} in unit space, reflected at the bounds, of at
 * least one level; choices jump to any other choice; bools flip. A child that repeats a genome of its
 * generation gets up to 10 more single-gene mutations, then is replaced by a fresh random genome. If
 * the previous generation had no safe candidate, the {@code elites} best safe genomes of the whole
 * history are kept and the rest is fresh random genomes.
 *
 * <h2>"cmaes"</h2>
 *
 * Hipparchus's CMA-ES on the unit cube with lambda = population, replayed from scratch for every
 * proposal (see {@code CmaesReplay} for the evaluation-index mapping, the unsafe penalty, the dummy
 * batch and restarts). Discrete knobs are decoded by their cells; duplicate decodes within a generation
 * are proposed as the nearest unused genome (else a fresh random one) while CMA-ES is told the score of
 * the slot that measured its point's genome. CMA-ES has no elitism: the best so far is the
 * coordinator's to keep, and after a restart a generation may be worse than earlier ones.
 */
package dev.dream.core.evolution;
