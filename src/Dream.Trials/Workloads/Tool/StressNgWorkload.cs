using System.Text;
using Dream.Trials.Processes;

namespace Dream.Trials.Workloads.Tool;

/// <summary>
/// <c>stress-ng</c>: runs stress-ng with the regime's <c>args</c> (e.g. <c>["--cpu", "0", "--cpu-method",
/// "matrixprod"]</c>; "{knob}" takes the candidate's value) for the regime's duration, and reads its metrics
/// (<see cref="StressNgMetrics"/>). Dream adds <c>--timeout</c> (whole seconds, at least 1), <c>--yaml</c> and,
/// unless a metrics option is given, <c>--metrics</c>; the regime may not set them. The warm-up runs the same
/// stressors for warmup_s. stress-ng counts throughput, not the latency of single operations, so
/// <c>p95_latency_ms</c> is reported unavailable with that reason.
/// </summary>
public sealed class StressNgWorkload(Tools tools) : ToolWorkload(Tool, tools, Owned,
    "Dream sets the run time from duration_s and reads the metrics from its own YAML file",
    new Dictionary<string, string> { ["p95_latency_ms"] = NotLatency })
{
    public const string Tool = "stress-ng";
    private static readonly IReadOnlyList<string> Owned = ["--timeout", "-t", "--yaml", "-Y"];
    internal const string NotLatency = "stress-ng measures throughput in bogo operations, not the latency of single operations";
    private static readonly IReadOnlySet<string> Measured = new HashSet<string> { StressNgMetrics.Throughput, StressNgMetrics.BogoOps };

    public override IReadOnlySet<string> Kpis => Measured;

    public override void WarmUp(WorkloadContext ctx) =>
        WarmUpWholeSeconds(ctx, (args, seconds) =>
            ExternalProcess.RunToEnd(ctx, Tools, Command(args, seconds, null), "stress-ng-warmup", "stress-ng warm-up"));

    public override WorkloadResult Run(WorkloadContext ctx)
    {
        var args = Args(ctx);
        var seconds = ToolArgs.WholeSeconds(Tool, ctx.DurationS(), "duration_s");
        var yaml = Path.Combine(ctx.ScratchDir(), "stress-ng.yaml");
        var p = ExternalProcess.RunToEnd(ctx, Tools, Command(args, seconds, yaml), "stress-ng", "stress-ng");
        if (!File.Exists(yaml)) throw new IOException("stress-ng wrote no YAML file: " + p.StderrTail());
        var metrics = StressNgMetrics.Parse(File.ReadAllText(yaml, Encoding.UTF8));
        return new WorkloadResult.Builder().PutAll(metrics).Unavailable("p95_latency_ms", NotLatency).Build();
    }

    internal static IReadOnlyList<string> Command(IReadOnlyList<string> args, long seconds, string? yaml)
    {
        var argv = new List<string> { Tool };
        argv.AddRange(args);
        argv.Add("--timeout");
        argv.Add(seconds + "s");
        if (yaml is not null)
        {
            argv.Add("--yaml");
            argv.Add(yaml);
            if (!ToolArgs.Has(args, "--metrics") && !ToolArgs.Has(args, "--metrics-brief") && !ToolArgs.Has(args, "-M")) argv.Add("--metrics");
        }
        return argv.AsReadOnly();
    }
}
