using Dream.Trials.Processes;

namespace Dream.Trials.Workloads.Tool;

/// <summary>
/// What the external-tool workloads (stress-ng, fio, iperf3) share: the regime's <c>args</c>, "{knob}" taking the
/// candidate's value and the options Dream sets itself refused, run as processes of their own that the placement
/// knobs reach.
/// </summary>
public abstract class ToolWorkload : IWorkload
{
    private readonly IReadOnlyList<string> _owned;
    private readonly string _whyOwned;
    private readonly IReadOnlyDictionary<string, string> _notMeasured;

    /// <param name="tool">the program, looked up with <paramref name="tools"/></param>
    /// <param name="owned">the options Dream sets itself, refused in the regime's args</param>
    /// <param name="whyOwned">why they are refused, for the error</param>
    /// <param name="notMeasured">KPIs the tool by its nature never measures, with the reason</param>
    private protected ToolWorkload(string tool, Tools tools, IReadOnlyList<string> owned, string whyOwned,
        IReadOnlyDictionary<string, string> notMeasured)
    {
        ToolName = tool;
        Tools = tools;
        _owned = owned.ToList().AsReadOnly();
        _whyOwned = whyOwned;
        _notMeasured = new Dictionary<string, string>(notMeasured).AsReadOnly();
    }

    internal string ToolName { get; }
    internal Tools Tools { get; }

    public abstract IReadOnlySet<string> Kpis { get; }

    public bool StartsProcesses => true;

    public IReadOnlyDictionary<string, string> NotMeasured => _notMeasured;

    public abstract void WarmUp(WorkloadContext ctx);

    public abstract WorkloadResult Run(WorkloadContext ctx);

    /// <summary>The regime's args with their placeholders replaced; a tool adds its own checks after these.</summary>
    internal virtual IReadOnlyList<string> Args(WorkloadContext ctx)
    {
        var args = Placeholders.Substitute(ctx.Spec.RegimeSpec.Workload.Params.GetValueOrDefault("args"), "args", ctx);
        ToolArgs.Refuse(ToolName, args, _owned, _whyOwned);
        return args;
    }

    /// <summary>
    /// The warm-up of a tool that counts whole seconds: a warm-up shorter than one second cannot run it and passes
    /// idle; a longer one runs <paramref name="warmUp"/> (args, seconds) for warmup_s rounded to whole seconds.
    /// </summary>
    private protected void WarmUpWholeSeconds(WorkloadContext ctx, Action<IReadOnlyList<string>, long> warmUp)
    {
        if (ctx.WarmupS() < 1)
        {
            ctx.Sleep(ctx.WarmupS());
            return;
        }
        warmUp(Args(ctx), ToolArgs.WholeSeconds(ToolName, ctx.WarmupS(), "warmup_s"));
    }
}
