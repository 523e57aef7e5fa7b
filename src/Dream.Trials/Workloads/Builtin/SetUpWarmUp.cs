namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// The warm-up of a builtin workload that must first set itself up (write its file, open its connections, fill its
/// buffer): setting up counts as warm-up time, and the work runs for whatever is left of warmup_s.
/// </summary>
internal static class SetUpWarmUp
{
    public static void Run(WorkloadContext ctx, Action setUp, Action<double> work)
    {
        var start = Nanos.Now();
        setUp();
        var left = ctx.WarmupS() - Nanos.SecondsSince(start);
        if (left > 0) work(left);
    }
}
