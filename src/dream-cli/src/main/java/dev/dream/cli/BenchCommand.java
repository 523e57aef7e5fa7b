package dev.dream.cli;

import picocli.CommandLine.Command;

/** {@code dream bench ...}: measurements of Dream itself; each kind of benchmark is a subcommand. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of Dream itself.",
    subcommands = {ThroughputBench.class, ScalingBench.class})
public final class BenchCommand {}
