/**
 * Running one trial on one node, without Pekko: {@link dev.dream.trials.LocalTrialExecutor} applies the
 * candidate's knobs ({@link dev.dream.trials.knob}), warms up and runs the regime's workload
 * ({@link dev.dream.trials.workload}, {@link dev.dream.trials.sim}) while reading the machine
 * ({@link dev.dream.trials.probe}) and checking the caps on every sample ({@link dev.dream.trials.cap}),
 * then restores the knobs. Nothing here makes up a measurement: what cannot be measured is reported as
 * unavailable with the reason.
 */
package dev.dream.trials;
