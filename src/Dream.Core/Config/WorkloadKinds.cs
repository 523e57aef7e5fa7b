namespace Dream.Core.Config;

/// <summary>The keys each workload kind takes, and what their values must be.</summary>
internal static class WorkloadKinds
{
    internal enum Type
    {
        /// <summary>A number in (0, 1], or "{knob}" naming a numeric knob within (0, 1].</summary>
        Fraction,
        /// <summary>A whole number >= 1, or "{knob}" naming an int knob with min >= 1.</summary>
        Count,
        /// <summary>One of the listed words.</summary>
        Word,
        Bool,
        /// <summary>A list of arguments (never a shell string); "{knob}" inside them is replaced by the knob's value.</summary>
        Args,
        Positive,
        NonNegative,
        /// <summary>The sim workload's optimum: knob name to a value within the knob's range.</summary>
        Optimum,
    }

    internal sealed record Param(string Key, Type Type, bool Required, IReadOnlyList<string> Words)
    {
        public static Param Of(string key, Type type) => new(key, type, false, []);

        public static Param Needed(string key, Type type) => new(key, type, true, []);

        public static Param Word(string key, bool required, params string[] words) => new(key, Type.Word, required, words);
    }

    public static readonly IReadOnlyList<string> CpuKernels = ["hash", "matmul", "sort"];
    public static readonly IReadOnlyList<string> SimFunctions = ["sphere", "rastrigin", "rosenbrock"];

    /// <summary>Kind to its keys (besides <c>kind</c>), in the order of <see cref="Dream.Core.Domain.WorkloadSpec.Kinds"/>.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, IReadOnlyList<Param>>> Params = Build();

    public static IReadOnlyList<Param>? For(string kind) => Params.FirstOrDefault(p => p.Key == kind).Value;

    private static List<KeyValuePair<string, IReadOnlyList<Param>>> Build()
    {
        var threads = Param.Of("threads", Type.Count);
        return
        [
            new("builtin-cpu", [Param.Of("load", Type.Fraction), threads, Param.Word("kernel", false, [.. CpuKernels])]),
            new("builtin-memory", [Param.Of("size_mb", Type.Count), Param.Word("pattern", false, "bandwidth", "latency", "mixed"), threads]),
            new("builtin-storage", [Param.Of("file_size_mb", Type.Count), Param.Of("block_kb", Type.Count),
                Param.Word("pattern", false, "write", "read", "randrw"), Param.Of("fsync", Type.Bool), threads]),
            new("builtin-network", [Param.Of("connections", Type.Count), Param.Of("payload_bytes", Type.Count), threads]),
            new("builtin-mixed", [threads]),
            new("stress-ng", [Param.Needed("args", Type.Args)]),
            new("fio", [Param.Needed("args", Type.Args)]),
            new("iperf3", [Param.Needed("args", Type.Args)]),
            new("command", [Param.Needed("argv", Type.Args), Param.Of("timeout_s", Type.Positive)]),
            new("sim", [Param.Word("function", true, [.. SimFunctions]), Param.Needed("optimum", Type.Optimum), Param.Of("noise", Type.NonNegative)]),
        ];
    }
}
