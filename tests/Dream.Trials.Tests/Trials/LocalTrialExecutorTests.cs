using Dream.Core.Domain;
using Dream.Trials.Actuators;
using Dream.Trials.Probes;
using Dream.Trials.Sim;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Trials;

public sealed class LocalTrialExecutorTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, Cap> NoCaps = new Dictionary<string, Cap>();
    private static readonly IReadOnlyDictionary<string, Kpi> NoKpis = new Dictionary<string, Kpi>();
    private static readonly KeyValuePair<string, string>[] Stock = [new("gov", "schedutil"), new("smt", "on")];

    private static readonly WorkloadSpec Sim =
        Fixtures.Workload("sim", "function", "sphere", "optimum", Fixtures.Map("threads", 12, "util", 0.75), "noise", 0.05);

    private static readonly Genome G = Fixtures.Genome("threads", 16L, "util", 0.5, "governor", "performance", "smt", false);

    private readonly string _data = Directory.CreateTempSubdirectory("dream-exec-").FullName;
    private readonly FakeMachineActuator _machine = new();
    private LocalTrialExecutor? _executor;

    public void Dispose()
    {
        _executor?.Dispose();
        try
        {
            Directory.Delete(_data, true);
        }
        catch (IOException)
        {
        }
    }

    private static DomainSpec Domain(IReadOnlyDictionary<string, Kpi> kpis)
    {
        var gov = new ActuatorSpec("fake-sys", "gov", null, null);
        var smt = new ActuatorSpec("fake-sys", "smt", new Dictionary<string, string> { ["true"] = "on", ["false"] = "off" }, null);
        return Fixtures.Domain("simcpu",
        [
            Fixtures.IntKnob("threads", 1, 64, 8),
            Fixtures.FloatKnob("util", 0.25, 1.0, 0.25, 0.5),
            new ChoiceKnob("governor", ["performance", "schedutil", "powersave"], null, gov),
            new BoolKnob("smt", null, smt),
        ], kpis);
    }

    private LocalTrialExecutor.Options Options() =>
        new("node-a", Path.Combine(_data, "journal"), Path.Combine(_data, "scratch"), TimeSpan.FromMilliseconds(20),
            TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(2));

    private IReadOnlyDictionary<string, IKnobActuator> Actuators() =>
        new Dictionary<string, IKnobActuator> { ["workload-arg"] = new WorkloadArgActuator(), ["fake-sys"] = _machine };

    private LocalTrialExecutor Executor(WorkloadRegistry w, IReadOnlyList<IProbe> probes)
    {
        _machine.Machine["gov"] = "schedutil";
        _machine.Machine["smt"] = "on";
        _executor = new LocalTrialExecutor(Options(), w, probes, Actuators());
        return _executor;
    }

    private static TrialSpec Trial(DomainSpec d, WorkloadSpec w, double warmup, double duration, IReadOnlyDictionary<string, Cap> caps, bool allow) =>
        Fixtures.Trial(d, G, w, warmup, duration, 1, caps, allow);

    private void AssertRestored() => Assert.Equal(Stock, _machine.State());

    private static Dictionary<string, double> SimKpisOf(TrialSpec spec, string perf = "perf", string p95 = "p95_ms", string watts = "watts")
    {
        var k = SimFunction.Kpis(SimParams.From(Sim), spec.DomainSpec.Knobs, G, 42, "normal", 1);
        return new Dictionary<string, double> { [perf] = k.Perf, [p95] = k.P95Ms, [watts] = k.Watts };
    }

    [Fact]
    public void ASimTrialReportsTheSimKpisUnderTheDomainsNames()
    {
        var spec = Trial(Domain(Fixtures.SimKpis()), Sim, 0, 0, NoCaps, false);
        var r = Executor(WorkloadRegistry.Standard(), []).Run(spec);
        Assert.True(r.Outcome == TrialOutcome.Ok, r.Error);
        Assert.Equal(SimKpisOf(spec), r.Kpis);
        Assert.Equal("node-a", r.Node);
        Assert.Equal(spec.TrialId, r.TrialId);
        Assert.Null(r.Error);
        Assert.True(r.Succeeded());
    }

    [Fact]
    public void SimKpisReachDomainKpisOfAnotherNameThroughTheirRole()
    {
        var kpis = new Dictionary<string, Kpi>
        {
            ["throughput_ops"] = new("throughput_ops", "ops/s", Better.Higher, KpiRole.Perf),
            ["p95_latency_ms"] = new("p95_latency_ms", "ms", Better.Lower, KpiRole.P95),
            ["package_power_w"] = new("package_power_w", "W", Better.Lower, KpiRole.Watts),
            ["cpu_temp_c"] = new("cpu_temp_c", "C", Better.Lower, null),
        };
        var power = new FakeProbe("package_power_w", _ => 99.0);
        var spec = Trial(Domain(kpis), Sim, 0, 0, NoCaps, false);
        var r = Executor(WorkloadRegistry.Standard(), [power]).Run(spec);
        Assert.Equal(SimKpisOf(spec, "throughput_ops", "p95_latency_ms", "package_power_w"), r.Kpis);
        // A sim trial never reads the machine for a KPI the workload provides...
        Assert.Equal(0, power.Samples);
        // ...and a KPI that nothing measures is unavailable with a reason, never made up.
        Assert.Contains("no probe", r.Unavailable["cpu_temp_c"]);
    }

    [Fact]
    public void ProbeReadingsBecomeKpis()
    {
        var kpis = new Dictionary<string, Kpi>(Fixtures.SimKpis()) { ["cpu_temp_c"] = new("cpu_temp_c", "C", Better.Lower, null) };
        var r = Executor(WorkloadRegistry.Standard(), [new FakeProbe("cpu_temp_c", n => 40 + n)])
            .Run(Trial(Domain(kpis), Sim, 0, 0, NoCaps, false));
        Assert.True(r.Outcome == TrialOutcome.Ok, r.Error);
        Assert.True(r.Kpis["cpu_temp_c"] >= 40);
    }

    [Fact]
    public void SystemKnobsAreHeldAtStockUnlessAllowedAndTheResultSaysSo()
    {
        (string? Gov, object? Threads) seen = default;
        var w = WorkloadRegistry.Standard().With("probe-machine", _ => new TestWorkload(["perf"], ctx =>
        {
            seen = (_machine.Machine["gov"], ctx.Params["threads"]);
            return TestWorkload.Result(("perf", 1.0));
        }));
        Executor(w, []);
        var d = Domain(NoKpis);
        var held = _executor!.Run(Trial(d, Fixtures.Workload("probe-machine"), 0, 0, NoCaps, false));
        Assert.True(held.Outcome == TrialOutcome.Ok, held.Error);
        Assert.Equal(("schedutil", (object)16L), seen);
        Assert.Equal(KnobApplier.HeldReason, held.Unavailable["knob:governor"]);
        Assert.Equal(KnobApplier.HeldReason, held.Unavailable["knob:smt"]);
        Assert.Empty(_machine.Log);

        var applied = _executor.Run(Trial(d, Fixtures.Workload("probe-machine"), 0, 0, NoCaps, true));
        Assert.True(applied.Outcome == TrialOutcome.Ok, applied.Error);
        Assert.Equal("performance", seen.Gov);
        Assert.False(applied.Unavailable.ContainsKey("knob:governor"));
        Assert.Equal(["apply governor", "apply smt", "restore smt", "restore gov"], _machine.Log);
        AssertRestored();
        Assert.Empty(_executor.Journal.Pending());
    }

    [Fact]
    public void AProbeBreachDuringWarmUpAbortsTheTrialAndRestoresTheKnobs()
    {
        var temp = new FakeProbe("cpu_temp_c", _ => 45.0);
        var caps = Fixtures.Caps(new Cap("cpu_temp_c", null, 30.0));
        var spec = Trial(Domain(Fixtures.SimKpis()), Sim, 3600, 3600, caps, true);
        var r = Executor(WorkloadRegistry.Standard(), [temp]).Run(spec);
        Assert.Equal(TrialOutcome.CapBreach, r.Outcome);
        var b = r.CapBreaches[0];
        Assert.Equal(new CapBreach("normal", 1, "cpu_temp_c", 45.0, 30.0, "max", b.AtS), b);
        Assert.Empty(r.Kpis);
        Assert.True(r.Error!.Contains("cpu_temp_c") && !r.Error.Contains("abandoned"), r.Error);
        AssertRestored();
        Assert.Empty(_executor!.Journal.Pending());
    }

    [Fact]
    public void ABreachLaterInTheRunIsCaughtOnTheSampleThatShowsIt()
    {
        var temp = new FakeProbe("cpu_temp_c", n => n < 5 ? 50.0 : 95.0);
        var caps = Fixtures.Caps(new Cap("cpu_temp_c", null, 90.0));
        var r = Executor(WorkloadRegistry.Standard(), [temp]).Run(Trial(Domain(Fixtures.SimKpis()), Sim, 0, 3600, caps, false));
        Assert.Equal(TrialOutcome.CapBreach, r.Outcome);
        Assert.Equal(95.0, r.CapBreaches[0].Value);
        Assert.True(temp.Samples >= 6);
    }

    [Fact]
    public void AValuePublishedByTheWorkloadIsCheckedAgainstTheCaps()
    {
        var w = WorkloadRegistry.Standard().With("hot", _ => new TestWorkload(["errors"], ctx =>
        {
            ctx.Publish("errors", 3);
            ctx.Sleep(3600);
            return TestWorkload.Result(("errors", 3.0));
        }));
        var caps = Fixtures.Caps(new Cap("errors", null, 0.0));
        var r = Executor(w, []).Run(Trial(Domain(NoKpis), Fixtures.Workload("hot"), 0, 3600, caps, false));
        Assert.Equal(TrialOutcome.CapBreach, r.Outcome);
        Assert.Equal("errors", r.CapBreaches[0].Kpi);
    }

    [Fact]
    public void TheWorkloadsFinalKpisAreCheckedToo()
    {
        var caps = Fixtures.Caps(new Cap("perf", 2000.0, null));
        var r = Executor(WorkloadRegistry.Standard(), []).Run(Trial(Domain(Fixtures.SimKpis()), Sim, 0, 0, caps, false));
        Assert.Equal(TrialOutcome.CapBreach, r.Outcome);
        Assert.Equal("min", r.CapBreaches[0].Bound);
        Assert.Empty(r.Kpis);
    }

    [Fact]
    public void AHungWorkloadTimesOutAtTheGlobalBoundAndIsCancelled()
    {
        var cancelled = false;
        var w = WorkloadRegistry.Standard().With("hang", _ => new TestWorkload([], ctx =>
        {
            ctx.OnCancel(() => cancelled = true);
            ctx.Sleep(3600);
            return TestWorkload.Result();
        }));
        var spec = Trial(Domain(NoKpis), Fixtures.Workload("hang"), 0, 3600, NoCaps, true) with { Global = new GlobalCaps(3, 0.2, 2) };
        var r = Executor(w, []).Run(spec);
        Assert.Equal(TrialOutcome.Timeout, r.Outcome);
        Assert.True(cancelled);
        Assert.Contains("max_trial_duration_s 0.2", r.Error);
        AssertRestored();
    }

    [Fact]
    public void CancellingTheCallerCancelsTheWorkloadAndRestoresTheKnobs()
    {
        // Java interrupts the caller's thread; here the caller cancels its token.
        var cancelled = false;
        using var started = new ManualResetEventSlim();
        var w = WorkloadRegistry.Standard().With("long", _ => new TestWorkload([], ctx =>
        {
            ctx.OnCancel(() => cancelled = true);
            started.Set();
            ctx.Sleep(3600);
            return TestWorkload.Result();
        }));
        Executor(w, []);
        using var caller = new CancellationTokenSource();
        var result = Task.Run(() => _executor!.Run(Trial(Domain(NoKpis), Fixtures.Workload("long"), 0, 3600, NoCaps, true), caller.Token));
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        caller.Cancel();
        Assert.True(result.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal(TrialOutcome.Failed, result.Result.Outcome);
        Assert.Contains("interrupted", result.Result.Error);
        Assert.True(cancelled);
        AssertRestored();
    }

    [Fact]
    public void TheDeadlineIsThePlannedTimeTimesTheMultiplierBoundedByTheGlobalMaximum()
    {
        var o = LocalTrialExecutor.Options.Defaults("n", _data);
        var d = Domain(NoKpis);
        Assert.Equal((2 + 100) * 1.5, LocalTrialExecutor.DeadlineS(Trial(d, Sim, 2, 100, NoCaps, false), o), 1e-9);
        Assert.Equal(300, LocalTrialExecutor.DeadlineS(Trial(d, Sim, 2, 1000, NoCaps, false), o), 1e-9);
        Assert.Equal(2, LocalTrialExecutor.DeadlineS(Trial(d, Sim, 0, 0, NoCaps, false), o), 1e-9);
        // A command's own timeout_s counts from the end of the warm-up when it is longer.
        var command = Fixtures.Workload("command", "argv", new List<object> { "true" }, "timeout_s", 200L);
        Assert.Equal(202, Trial(d, command, 2, 100, NoCaps, false).DeadlineS(), 1e-9);
        Assert.Equal(Path.Combine(_data, "apply-journal"), o.JournalDir);
        Assert.Equal(TimeSpan.FromMilliseconds(20), o.WithSamplePeriod(TimeSpan.FromMilliseconds(20)).SamplePeriod);
    }

    [Fact]
    public void AFailingWorkloadFailsTheTrialAndStillRestoresTheKnobs()
    {
        var w = WorkloadRegistry.Standard().With("boom", _ => new TestWorkload([], _ => throw new InvalidOperationException("disk on fire")));
        var r = Executor(w, []).Run(Trial(Domain(NoKpis), Fixtures.Workload("boom"), 0, 0, NoCaps, true));
        Assert.Equal(TrialOutcome.Failed, r.Outcome);
        Assert.Contains("disk on fire", r.Error);
        Assert.Empty(r.Kpis);
        AssertRestored();
    }

    [Fact]
    public void AKnobThatCannotBeAppliedFailsTheTrialAndUndoesTheOthers()
    {
        Executor(WorkloadRegistry.Standard(), []);
        _machine.FailApplyOf = "smt";
        var r = _executor!.Run(Trial(Domain(Fixtures.SimKpis()), Sim, 0, 0, NoCaps, true));
        Assert.Equal(TrialOutcome.Failed, r.Outcome);
        Assert.True(r.Error!.Contains("smt") && r.Error.Contains("permission denied"), r.Error);
        AssertRestored();
        Assert.Empty(_executor.Journal.Pending());
    }

    [Fact]
    public void AFailedRestoreFailsTheTrialKeepsTheJournalAndIsRepairedByTheNextExecutor()
    {
        Executor(WorkloadRegistry.Standard(), []);
        _machine.FailRestore = true;
        var r = _executor!.Run(Trial(Domain(Fixtures.SimKpis()), Sim, 0, 0, NoCaps, true));
        Assert.Equal(TrialOutcome.Failed, r.Outcome);
        Assert.Contains("device busy", r.Error);
        Assert.Equal(2, _executor.Journal.Pending().Count);
        Assert.Equal("performance", _machine.Machine["gov"]);
        _executor.Dispose();
        _executor = null;
        // Still broken on restart: trials are refused with what to do.
        var o = Options();
        using (var stillBroken = new LocalTrialExecutor(o, WorkloadRegistry.Standard(), [], Actuators()))
        {
            var refused = stillBroken.Run(Trial(Domain(Fixtures.SimKpis()), Sim, 0, 0, NoCaps, false));
            Assert.Equal(TrialOutcome.Failed, refused.Outcome);
            Assert.Contains("refuses to measure", refused.Error);
        }
        _machine.FailRestore = false;
        using var restarted = new LocalTrialExecutor(o, WorkloadRegistry.Standard(), [], Actuators());
        Assert.Equal(2, restarted.Recovery.Count);
        Assert.All(restarted.Recovery, x => Assert.True(x.Ok, x.Message));
        AssertRestored();
        Assert.Empty(restarted.Journal.Pending());
        Assert.Equal(TrialOutcome.Ok, restarted.Run(Trial(Domain(Fixtures.SimKpis()), Sim, 0, 0, NoCaps, false)).Outcome);
    }

    [Fact]
    public void AnUnknownWorkloadKindOrABadRegimeFailsWithTheReason()
    {
        Executor(WorkloadRegistry.Standard(), []);
        var r = _executor!.Run(Trial(Domain(Fixtures.SimKpis()), Fixtures.Workload("gpu-burn"), 0, 0, NoCaps, false));
        Assert.Equal(TrialOutcome.Failed, r.Outcome);
        Assert.Contains("gpu-burn is not available", r.Error);
        var bad = Fixtures.Workload("sim", "optimum", Fixtures.Map("cores", 3));
        var r2 = _executor.Run(Trial(Domain(Fixtures.SimKpis()), bad, 0, 0, NoCaps, false));
        Assert.Equal(TrialOutcome.Failed, r2.Outcome);
        Assert.Contains("cores", r2.Error);
        var scratch = Path.Combine(_data, "scratch");
        Assert.True(!Directory.Exists(scratch) || !Directory.EnumerateFileSystemEntries(scratch).Any(), "no scratch directory is left behind");
    }

    /// <summary>What the process-exit handler does to a trial in flight: one second of sim work, stopped a moment in.</summary>
    private TrialResult StoppedMidTrial(TimeSpan grace)
    {
        var x = Executor(WorkloadRegistry.Standard(), []);
        x.FinishTrialsOnShutdown(grace);
        var spec = Trial(Domain(Fixtures.SimKpis()), Sim, 0, 1.0, NoCaps, true);
        var result = Task.Run(() => x.Run(spec));
        while (x.TrialsInFlight() == 0) Thread.Sleep(5);
        Assert.Equal("performance", _machine.Machine["gov"]); // the knob is applied while it runs
        x.StopInFlight();
        Assert.True(result.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal("schedutil", _machine.Machine["gov"]); // and restored either way
        return result.Result;
    }

    [Fact]
    public void AtShutdownATrialInFlightIsCancelledAtOnceByDefaultAndSaysItWasInterrupted()
    {
        var r = StoppedMidTrial(TimeSpan.Zero);
        Assert.Equal(TrialOutcome.Failed, r.Outcome);
        Assert.True(r.Interrupted(), r.Error); // not the candidate's failure: it is to run again
        Assert.Empty(r.Kpis);
    }

    [Fact]
    public void AtShutdownANodeLeavingGracefullyLetsItsTrialFinish()
    {
        var r = StoppedMidTrial(TimeSpan.FromSeconds(20));
        Assert.True(r.Outcome == TrialOutcome.Ok, r.Error);
        Assert.False(r.Interrupted());
        Assert.True(r.DurationS >= 1.0, r.DurationS.ToString());
    }
}
