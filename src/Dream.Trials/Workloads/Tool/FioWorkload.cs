using System.Text;
using Dream.Trials.Processes;

namespace Dream.Trials.Workloads.Tool;

/// <summary>
/// <c>fio</c>: runs fio with the regime's <c>args</c>, which describe the jobs as command-line options (e.g.
/// <c>["--name=randrw", "--rw=randrw", "--bs=4k", "--size=256M", "--direct=1"]</c>; "{knob}" takes the candidate's
/// value), time-based for the regime's duration, and reads its JSON output (<see cref="FioResult"/>).
/// <para>
/// Dream sets <c>--runtime</c>, <c>--time_based</c> and the JSON output itself, and the working directory: the
/// trial's scratch directory (under the node's data directory), unless the args name a <c>--directory</c> or
/// <c>--filename</c> on the device to be measured. Options that make fio run other programs (<c>--exec_prerun</c>,
/// <c>--exec_postrun</c>, triggers) and job files are refused: a regime runs fio, not a shell. The warm-up runs the
/// same jobs for warmup_s, which also lays out their files.
/// </para>
/// </summary>
public sealed class FioWorkload(Tools tools) : ToolWorkload(Tool, tools, Owned,
    "Dream runs fio time-based for duration_s and reads its JSON output itself", new Dictionary<string, string>())
{
    public const string Tool = "fio";
    private static readonly IReadOnlyList<string> Owned = ["--runtime", "--time_based", "--output", "--ramp_time"];
    private static readonly IReadOnlyList<string> RunsPrograms =
    [
        "--exec_prerun", "--exec_postrun", "--trigger", "--trigger-file", "--trigger-timeout", "--trigger-remote",
        "--server", "--client", "--remote-config", "--daemonize",
    ];
    private static readonly IReadOnlySet<string> Measured =
        new HashSet<string> { "iops", "read_iops", "write_iops", "mb_per_s", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms" };

    public override IReadOnlySet<string> Kpis => Measured;

    internal override IReadOnlyList<string> Args(WorkloadContext ctx)
    {
        var args = base.Args(ctx);
        ToolArgs.Refuse(Tool, args, RunsPrograms, "it would make fio start other programs or talk to other hosts");
        foreach (var a in args)
        {
            if (a.StartsWith("--exec", StringComparison.Ordinal) || a.StartsWith("--trigger", StringComparison.Ordinal))
                throw new ArgumentException($"fio argument {a} is not allowed in a regime: it would make fio start other programs");
            if (!a.StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"fio argument '{a}' is not an option: write every job setting as --key=value "
                    + "(job files are not accepted, since they could run programs)");
        }
        var format = ToolArgs.Value(args, "--output-format");
        if (format is not null && format != "json")
            throw new ArgumentException($"fio --output-format={format} is not allowed: Dream reads fio's JSON output");
        return args;
    }

    public override void WarmUp(WorkloadContext ctx)
    {
        if (ctx.WarmupS() <= 0) return;
        RunFio(ctx, Args(ctx), ctx.WarmupS(), "fio-warmup");
    }

    public override WorkloadResult Run(WorkloadContext ctx)
    {
        if (!(ctx.DurationS() > 0)) throw new ArgumentException("fio cannot run for 0 s: give the regime a duration_s above 0");
        var output = RunFio(ctx, Args(ctx), ctx.DurationS(), "fio");
        return FioResult.Parse(File.ReadAllText(output, Encoding.UTF8));
    }

    private string RunFio(WorkloadContext ctx, IReadOnlyList<string> args, double seconds, string label)
    {
        var output = Path.Combine(ctx.ScratchDir(), label + ".json");
        var argv = new List<string>
        {
            Tool,
            "--output-format=json",
            "--output=" + output,
            // Before the job options: global, so that they apply to every job the args define.
            "--runtime=" + Math.Max(1, (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero)) + "ms",
            "--time_based",
        };
        if (!ToolArgs.Has(args, "--directory") && !ToolArgs.Has(args, "--filename"))
            argv.Add("--directory=" + Directory.CreateDirectory(Path.Combine(ctx.ScratchDir(), "fio-files")).FullName);
        argv.AddRange(args);
        var p = ExternalProcess.RunToEnd(ctx, Tools, argv, label, "fio");
        if (!File.Exists(output)) throw new IOException("fio wrote no output file: " + p.StderrTail());
        return output;
    }
}
