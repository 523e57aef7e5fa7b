/**
 * The knob space of a domain and its encoding into the unit cube [0,1]^d, one coordinate per knob in
 * domain order. Evolution works on coordinates; trials and reports see canonical knob values.
 *
 * <h2>Encoding rules</h2>
 *
 * <ul>
 *   <li><b>Discrete knobs</b> (int, stepped float, choice, bool) have n levels. Level k owns the cell
 *       [k/n, (k+1)/n): {@code level = min(n-1, floor(u*n))}, so every level has the same measure and
 *       u = 1.0 is the last level. A level encodes to the centre of its cell, (k+0.5)/n, so that a small
 *       numerical error never moves it into the next cell.
 *   <li><b>Step grids</b> start at min: level k is min + k*step, computed in decimal ({@link
 *       java.math.BigDecimal} of the declared min and step) and converted once, so 0.1 + 15*0.05 is
 *       0.85 and not 0.8500000000000001. The last level is the declared max exactly. A max that is not on
 *       the grid (within 1e-9 of a whole number of steps) is rejected, as ConfigLoader does: including
 *       an extra off-grid level would break "the grid starts at min", and silently dropping max would
 *       make a declared end unreachable.
 *   <li><b>Log scale on a discrete knob</b> keeps every grid value as a level (the contract wants every
 *       value reachable, so no level is merged) and gives each level the measure of its cell on the log
 *       axis: the cell of level k runs between the log-midpoints to its neighbours, and the two end
 *       cells extend by half their inner cell. Small values therefore get more measure, as a log scale
 *       should, and no two levels share a value.
 *   <li><b>Continuous floats</b>: linear x = min + u*(max-min), or log x = exp(ln min + u*ln(max/min)),
 *       rounded to 12 significant digits (monotone, and readable in reports), clamped, with u = 0 and
 *       u = 1 giving min and max exactly. StrictMath keeps decoding bit-identical on every JVM.
 *       {@code decode(encode(x)) == x} holds for every value decode can produce; encode finds such a
 *       coordinate by bisection, so user values such as a default of 0.3 round-trip too.
 * </ul>
 */
package dev.dream.core.knob;
