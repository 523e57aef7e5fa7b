using Dream.Core.Domain;
using Dream.Trials.Processes;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Workloads;

/// <summary>
/// Runs one workload as the executor does (warm-up, run, close, on a thread of its own; cancellation through the
/// context), without knobs, probes or journal, so that the workloads are tested on their own.
/// </summary>
internal static class WorkloadHarness
{
    /// <summary>How long a test waits for a workload before it calls it abandoned: a hang, not a speed bound.</summary>
    public static readonly TimeSpan Abandon = TimeSpan.FromSeconds(60);

    public sealed record Outcome(WorkloadResult? Result, Exception? Error, bool Cancelled)
    {
        public WorkloadResult Ok()
        {
            Assert.True(Error is null, "the workload failed: " + Error);
            Assert.False(Cancelled, "the workload was cancelled");
            return Result!;
        }

        public Exception Failed()
        {
            Assert.True(Error is not null, "the workload did not fail");
            return Error!;
        }
    }

    /// <summary>A context whose knob arguments are the genome's values (every test knob is a workload-arg knob).</summary>
    public static WorkloadContext Context(TrialSpec spec, string? scratch,
        IReadOnlyDictionary<string, string>? env = null, IProcessRecorder? recorder = null) =>
        new(spec, spec.Genome.Values, env ?? new Dictionary<string, string>(), Placement.None, scratch, null, recorder);

    public static Outcome Run(IWorkload w, WorkloadContext ctx, TimeSpan? cancelAfter = null)
    {
        WorkloadResult? result = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                w.WarmUp(ctx);
                result = w.Run(ctx);
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                try
                {
                    w.Close();
                }
                catch (Exception e)
                {
                    error ??= e;
                }
            }
        })
        { IsBackground = true, Name = "test-workload" };
        thread.Start();
        if (cancelAfter is { } after && !thread.Join(after)) ctx.Cancel();
        Assert.True(thread.Join(Abandon), "the workload was abandoned: it did not return");
        return new Outcome(result, error, ctx.Cancelled());
    }

    public static TrialSpec Trial(DomainSpec domain, Genome genome, WorkloadSpec workload, double warmupS, double durationS, int index = 0) =>
        Dream.Trials.Tests.Trials.Fixtures.Trial(domain, genome, workload, warmupS, durationS, index);
}
