/**
 * Running one trial on one node, without Pekko: {@link dev.dream.trials.LocalTrialExecutor} applies the
 * candidate's knobs ({@link dev.dream.trials.knob}: sysfs/procfs files, the trial's cgroup, the placement of
 * the workload's processes, nvidia-smi settings, workload arguments and environment), warms up and runs the
 * regime's workload ({@link dev.dream.trials.workload}: builtin Java workloads, stress-ng, fio, iperf3 and
 * commands, all programs run as argv with their whole process tree killed at the end; {@link
 * dev.dream.trials.sim}) while reading the machine ({@link dev.dream.trials.probe}, {@link
 * dev.dream.trials.gpu}) and checking the caps on every sample ({@link dev.dream.trials.cap}), then restores
 * the knobs. {@link dev.dream.trials.NodeCapabilities} says up front which knobs and KPIs a node supports.
 * Nothing here makes up a measurement: what cannot be measured is reported as unavailable with the reason.
 */
package dev.dream.trials;
