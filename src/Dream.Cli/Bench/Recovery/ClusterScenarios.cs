using System.Text.RegularExpressions;

namespace Dream.Cli.Bench.Recovery;

/// <summary>
/// The faults of a cluster's processes, each on a fresh cluster of <c>dream</c> processes on this machine with the
/// journal on a fresh PostgreSQL database: A is the seed and only coordinator at the start (so the TrialDispatcher and
/// the run's DomainCoordinator live there), B a runner, and the run's own process (<c>dream run --join A --roles
/// runner</c>) the other runner. Times are the fault's instant to a log line's time of day or a journal row's write
/// time, on this one machine's clock.
/// </summary>
public static class ClusterScenarios
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    /// <summary>
    /// A scenario's cluster, its database and run: disposing it kills every process it started, then drops the
    /// database.
    /// </summary>
    internal sealed record Topology(ScenarioDatabase Db, ProcessCluster Cluster, BenchProcess A, BenchProcess B, BenchProcess Run, string RunId,
        RecoveryJournal Journal) : IDisposable
    {
        public void Dispose()
        {
            Cluster.Dispose();
            Db.Dispose();
        }
    }

    /// <summary>A (coordinator) and B (runner) up, then the run (the other runner) on <paramref name="db"/>, which the topology then owns.</summary>
    internal static Topology Start(RecoveryContext ctx, string name, ScenarioDatabase db, ScenarioResult r)
    {
        var cluster = new ProcessCluster(ctx.Dir(name), db.Url, ctx.Hocon);
        try
        {
            var a = cluster.StartNode("a", "coordinator", null);
            var b = cluster.StartNode("b", "runner", a);
            ProcessCluster.AwaitUp(a, b);
            var run = cluster.Run("run", a, "runner", ctx.Campaign);
            var runId = ProcessCluster.AwaitRunId(run);
            r.RunId = runId;
            ctx.Progress(name + ": run " + runId + " on A (coordinator), B and the run's process (runners)");
            return new Topology(db, cluster, a, b, run, runId, db.Journal());
        }
        catch
        {
            cluster.Dispose();
            db.Dispose();
            throw;
        }
    }

    /// <summary>The instant a runner's fault was sent and the trial B was running then.</summary>
    private sealed record RunnerFault(string Trial, DateTimeOffset At);

    /// <summary>
    /// What the runner scenarios (a, c, d, g) share: the topology of <see cref="Start"/>, and <paramref name="signal"/>
    /// sent to B while it runs its second trial of generation 0.
    /// </summary>
    private static (Topology T, RunnerFault Fault) SignalRunnerMidTrial(RecoveryContext ctx, ScenarioResult r, int signal, string what)
    {
        var t = Start(ctx, r.Name, ScenarioDatabase.Create(ctx.PgUrl), r);
        try
        {
            var trial = ProcessCluster.AwaitTrialInFlight(t.B, "/gen0_", 2, t.Run, Wait);
            var at = DateTimeOffset.UtcNow;
            t.B.Signal(signal);
            ctx.Progress(r.Name + ": B " + what + " during " + trial);
            r.Facts["trial_in_flight"] = trial;
            return (t, new RunnerFault(trial, at));
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="node"/> recorded the trial (a trial's node is its runner's HOST:PORT).</summary>
    private static bool By(RecoveryJournal.RecordedTrial x, BenchProcess node) => x.Node.EndsWith(":" + node.Port, StringComparison.Ordinal);

    /// <summary>The journal's records of <paramref name="trial"/>; the first one's write time as recorded_s.</summary>
    private static List<RecoveryJournal.RecordedTrial> TimeRecorded(ScenarioResult r, IReadOnlyList<RecoveryJournal.Row> rows, string trial, DateTimeOffset from)
    {
        var recorded = RecoveryJournal.Trials(rows).Where(x => x.TrialId == trial).ToList();
        r.Time("recorded_s", LogLines.Seconds(from, recorded.FirstOrDefault()?.Written), "the trial is not in the journal");
        return recorded;
    }

    /// <summary>The check that <paramref name="trial"/> was recorded exactly once, by <paramref name="node"/> or (<paramref name="byNode"/> false) by another.</summary>
    private static void ExpectRecordedOnce(ScenarioResult r, string check, List<RecoveryJournal.RecordedTrial> recorded, string trial, BenchProcess node, bool byNode) =>
        r.Expect(check, recorded.Count == 1 && By(recorded[0], node) == byNode,
            recorded.Count + " record(s) of " + trial + (recorded.Count > 0 ? ", by " + string.Join(", ", recorded.Select(x => x.Node)) : ""));

    /// <summary>
    /// When the survivors' logs first marked <paramref name="node"/> UNREACHABLE and when their SBR downed it, both
    /// after <paramref name="from"/>; with <paramref name="time"/>, recorded as unreachable_s and downed_s.
    /// </summary>
    private static (DateTimeOffset? Unreachable, DateTimeOffset? Downed) Reachability(ScenarioResult r, BenchProcess node, DateTimeOffset from,
        BenchProcess[] survivors, bool time = true)
    {
        var logs = survivors.Select(s => s.Output()).ToArray();
        var unreachable = LogLines.First(logs, RecoveryContext.Unreachable(node.Address), from);
        var downed = LogLines.First(logs, RecoveryContext.Downed(node.Address), from);
        if (time)
        {
            var where = " in " + string.Join(" or ", survivors.Select(s => s.Name)) + " log(s)";
            r.Time("unreachable_s", LogLines.Seconds(from, unreachable), "no UNREACHABLE line naming " + node.Name + where);
            r.Time("downed_s", LogLines.Seconds(from, downed), "no SBR downing line naming " + node.Name + where);
        }
        return (unreachable, downed);
    }

    /// <summary>a) B is SIGKILLed while it runs a trial of generation 0: the trial goes to the other runner, once.</summary>
    public static ScenarioResult RunnerKilled(RecoveryContext ctx, ScenarioResult r)
    {
        var (t, fault) = SignalRunnerMidTrial(ctx, r, BenchProcess.SigKill, "SIGKILLed");
        using var _ = t;
        var (trial, kill) = fault;
        t.B.WaitExit(TimeSpan.FromSeconds(30));
        t.A.Await(new Regex(RecoveryContext.Redispatched(trial)), Wait, "the dispatcher to dispatch " + trial + " again");

        var rows = ctx.VerifyRun(r, t.Run, t.RunId, t.Cluster.DataOf("run"), t.Journal);
        Reachability(r, t.B, kill, [t.A, t.Run]);
        var redispatched = LogLines.First([t.A.Output()], RecoveryContext.Redispatched(trial), kill);
        var restarted = LogLines.First([t.Run.Output()], @".*?trial " + Regex.Escape(trial) + " started", kill);
        r.Time("redispatch_s", LogLines.Seconds(kill, redispatched), "no re-dispatch line for the trial in the dispatcher's (A's) log");
        r.Time("restarted_s", LogLines.Seconds(kill, restarted), "the other runner's log has no start of the trial");
        var recorded = TimeRecorded(r, rows, trial, kill);
        ExpectRecordedOnce(r, "killed trial recorded once, by another runner", recorded, trial, t.B, byNode: false);
        return r;
    }

    /// <summary>
    /// b) A, the node of the run's DomainCoordinator and the TrialDispatcher, is SIGKILLed once B (coordinator and
    /// runner, joined after the run started) takes trials: the domain recovers on B from the journal and the run goes
    /// on. A three-node cluster: A, B and the run's process.
    /// </summary>
    public static ScenarioResult CoordinatorKilled(RecoveryContext ctx, ScenarioResult r)
    {
        using var db = ScenarioDatabase.Create(ctx.PgUrl);
        using var cluster = new ProcessCluster(ctx.Dir(r.Name), db.Url, ctx.Hocon);
        var journal = db.Journal();
        var a = cluster.StartNode("a", "coordinator", null);
        ProcessCluster.AwaitUp(a);
        var run = cluster.Run("run", a, "runner", ctx.Campaign);
        var runId = ProcessCluster.AwaitRunId(run);
        r.RunId = runId;
        // Started only now, so that the coordinator is already on A.
        var b = cluster.StartNode("b", "coordinator,runner", a);
        ProcessCluster.AwaitUp(b);
        ProcessCluster.AwaitTrials(b, 1, run, Wait);
        var recoveredRe = new Regex(LogLines.Start + @".*?domain " + Regex.Escape(ctx.Campaign.Domain) + " of run " + Regex.Escape(runId)
            + @" recovered on (\S+) at generation (-?\d+) with (\d+) trials recorded", RegexOptions.Multiline);
        if (recoveredRe.IsMatch(b.Output())) throw new ScenarioFailure("the coordinator moved to B before A was killed:\n" + b.Tail());
        if (run.Exited) throw new ScenarioFailure("the run ended before the fault (this machine is too fast for the campaign: more --generations)");
        var kill = DateTimeOffset.UtcNow;
        a.Signal(BenchProcess.SigKill);
        a.WaitExit(TimeSpan.FromSeconds(30));
        ctx.Progress(r.Name + ": A (coordinator, dispatcher) SIGKILLed; waiting for the domain to recover on B");

        var onB = b.Await(recoveredRe, RecoveryContext.RunTimeout, "the domain coordinator to recover on B");
        var firstWrite = journal.AwaitWriteAfter(RecoveryContext.PersistenceId(runId), kill, RecoveryContext.RunTimeout);
        r.Facts["recovered_log"] = onB.Value[(onB.Value.IndexOf("domain ", StringComparison.Ordinal))..];
        r.Facts["first_write_after_kill"] = firstWrite?.Manifest;
        r.Expect("domain recovered on B", onB.Groups[2].Value == b.Address, "recovered on " + onB.Groups[2].Value);

        ctx.VerifyRun(r, run, runId, cluster.DataOf("run"), journal);
        var logs = new[] { b.Output(), run.Output() };
        r.Time("failover_s", LogLines.Seconds(kill, firstWrite?.Written), "no journal write after the kill");
        // Where the time goes: the survivors' own lines, in the order Akka.NET goes through them.
        Reachability(r, a, kill, [b, run]);
        r.Time("removed_s", LogLines.Seconds(kill, LogLines.First(logs, @".*?(Leader is removing|Member removed|removing unreachable|MemberRemoved).*?"
            + Regex.Escape(a.Address), kill)), "no line of A's removal (akka.cluster.log-info) in B's or the run's log");
        r.Time("singleton_s", LogLines.Seconds(kill, LogLines.First([b.Output()], @".*?(Singleton manager start(ed|ing) singleton actor|ClusterSingletonManager state change \[\S+ -> Oldest\])", kill)),
            "no singleton take-over line in B's log");
        r.Time("recovered_s", LogLines.Seconds(kill, LogLines.Instant(LogLines.ParseTime(onB.Groups[1].Value), kill)), "no recovery line");
        r.Time("recovery_to_first_write_s", LogLines.Seconds(LogLines.Instant(LogLines.ParseTime(onB.Groups[1].Value), kill), firstWrite?.Written),
            "no journal write after the kill");
        r.Facts["failover_breakdown_s"] = Breakdown(r.Timings);
        return r;
    }

    /// <summary>
    /// The failover's steps, each the time between two of the measured instants (null where one is missing): failure
    /// detection (kill to UNREACHABLE), the Split Brain Resolver's stable-after (to its downing decision), the leader's
    /// removal, the singletons' hand-over (removal to the singleton managers taking over: Akka.NET's down-removal-margin,
    /// which the SBR derives from stable-after when it is off), sharding's re-allocation and the domain's journal
    /// recovery, and the first write after it.
    /// </summary>
    public static SortedDictionary<string, double?> Breakdown(IReadOnlyDictionary<string, double?> t)
    {
        double? Gap(string from, string to) =>
            t.GetValueOrDefault(from) is { } f && t.GetValueOrDefault(to) is { } x ? Math.Round(x - f, 3) : null;
        return new SortedDictionary<string, double?>(StringComparer.Ordinal)
        {
            ["1_detection"] = t.GetValueOrDefault("unreachable_s"),
            ["2_sbr_stable_after"] = Gap("unreachable_s", "downed_s"),
            ["3_leader_removal"] = Gap("downed_s", "removed_s"),
            ["4_singleton_handover_margin"] = Gap("removed_s", "singleton_s"),
            ["5_shard_reallocation_and_journal_recovery"] = Gap("singleton_s", "recovered_s"),
            ["6_first_write"] = t.GetValueOrDefault("recovery_to_first_write_s"),
        };
    }

    /// <summary>
    /// c) B is frozen with SIGSTOP during a trial for longer than failure detection and the Split Brain Resolver's
    /// stable-after together, then SIGCONT: B is downed, its trial is run by the other runner and recorded once, and
    /// whatever B finishes as a zombie is dropped.
    /// </summary>
    public static ScenarioResult RunnerFrozen(RecoveryContext ctx, ScenarioResult r)
    {
        var (t, fault) = SignalRunnerMidTrial(ctx, r, BenchProcess.SigStop, "SIGSTOPped for " + ctx.FreezeSeconds + " s");
        using var _ = t;
        var (trial, stop) = fault;
        Thread.Sleep(TimeSpan.FromSeconds(ctx.FreezeSeconds));
        var cont = DateTimeOffset.UtcNow;
        t.B.Signal(BenchProcess.SigCont);
        r.Time("frozen_s", LogLines.Seconds(stop, cont), "");
        var bExit = t.B.WaitExit(TimeSpan.FromSeconds(60));
        var exitedAt = DateTimeOffset.UtcNow;

        var rows = ctx.VerifyRun(r, t.Run, t.RunId, t.Cluster.DataOf("run"), t.Journal);
        var (_, downed) = Reachability(r, t.B, stop, [t.A, t.Run]);
        r.Time("redispatch_s", LogLines.Seconds(stop, LogLines.First([t.A.Output()], RecoveryContext.Redispatched(trial), stop)),
            "no re-dispatch line for the trial in the dispatcher's (A's) log");
        var recorded = TimeRecorded(r, rows, trial, stop);
        r.Time("zombie_exit_after_cont_s", bExit == null ? null : LogLines.Seconds(cont, exitedAt),
            "B still ran 60 s after SIGCONT");
        r.Facts["zombie_exit_status"] = bExit;
        r.Expect("downed runner stopped, exit 3", bExit == 3, bExit == null ? "B still ran 60 s after SIGCONT" : "B exit " + bExit);
        r.Expect("frozen runner downed", downed != null && downed < cont,
            downed == null ? "no SBR decision downing B" : "downed " + LogLines.Seconds(stop, downed) + " s into the freeze");
        ExpectRecordedOnce(r, "frozen trial recorded once, not by the zombie", recorded, trial, t.B, byNode: false);
        // What B finished after it was thawed never counts: none of its results is written after the freeze began.
        var zombie = LogLines.Trials(t.B.Output()).Where(x => x.Finished && LogLines.Instant(x.Time, cont) >= cont.AddMilliseconds(-5))
            .Select(x => x.TrialId).ToHashSet(StringComparer.Ordinal);
        r.Facts["zombie_finished_trials"] = zombie.ToList();
        var fromZombie = RecoveryJournal.Trials(rows).Where(x => By(x, t.B) && (zombie.Contains(x.TrialId) || x.Written > stop.AddSeconds(1))).ToList();
        r.Expect("zombie's results dropped", fromZombie.Count == 0, fromZombie.Count == 0
            ? zombie.Count + " trial(s) B finished after SIGCONT, none recorded from B"
            : string.Join(", ", fromZombie.Select(x => x.TrialId)) + " recorded from B after the freeze");
        return r;
    }

    /// <summary>
    /// g) B is paused with SIGSTOP for a few seconds, as a long GC pause or a stalled VM would: it must not be downed,
    /// and the run must end as an undisturbed one.
    /// </summary>
    public static ScenarioResult RunnerPaused(RecoveryContext ctx, ScenarioResult r)
    {
        var (t, fault) = SignalRunnerMidTrial(ctx, r, BenchProcess.SigStop, "paused (SIGSTOP) for " + ctx.PauseSeconds + " s");
        using var _ = t;
        var stop = fault.At;
        Thread.Sleep(TimeSpan.FromSeconds(ctx.PauseSeconds));
        var cont = DateTimeOffset.UtcNow;
        t.B.Signal(BenchProcess.SigCont);
        r.Time("paused_s", LogLines.Seconds(stop, cont), "");
        ctx.VerifyRun(r, t.Run, t.RunId, t.Cluster.DataOf("run"), t.Journal);
        var (unreachable, downed) = Reachability(r, t.B, stop, [t.A, t.Run], time: false);
        r.Facts["marked_unreachable"] = unreachable != null;
        r.Time("unreachable_s", LogLines.Seconds(stop, unreachable), "B was never marked unreachable");
        r.Expect("paused runner not downed", downed == null && !t.B.Exited,
            downed != null ? "SBR downed B " + LogLines.Seconds(stop, downed) + " s after the pause began" : t.B.Exited ? "B ended (exit " + t.B.Process.ExitCode + ")" : "B stayed a member");
        return r;
    }

    /// <summary>
    /// d) B gets SIGTERM while it runs a trial: it leaves gracefully, finishing that trial first; the trial is recorded
    /// from B and run nowhere else.
    /// </summary>
    public static ScenarioResult RunnerLeaves(RecoveryContext ctx, ScenarioResult r)
    {
        var (t, fault) = SignalRunnerMidTrial(ctx, r, BenchProcess.SigTerm, "SIGTERMed");
        using var _ = t;
        var (trial, term) = fault;
        var bExit = t.B.WaitExit(TimeSpan.FromSeconds(90));
        var leftAt = DateTimeOffset.UtcNow;
        r.Facts["leaver_exit_status"] = bExit;

        var rows = ctx.VerifyRun(r, t.Run, t.RunId, t.Cluster.DataOf("run"), t.Journal);
        var bLog = t.B.Output();
        var finished = LogLines.First([bLog], @".*?trial " + Regex.Escape(trial) + " finished", term);
        r.Time("finished_s", LogLines.Seconds(term, finished), "B's log has no end of the trial");
        var recorded = TimeRecorded(r, rows, trial, term);
        r.Time("left_s", bExit == null ? null : LogLines.Seconds(term, leftAt), "B did not end within 90 s of SIGTERM");
        r.Expect("leaver finished its trial", finished != null && bLog.Contains("leaving: finishing 1 trial(s) in flight first", StringComparison.Ordinal),
            finished == null ? "B's log has no 'trial " + trial + " finished'" : "B finished it " + LogLines.Seconds(term, finished) + " s after SIGTERM");
        ExpectRecordedOnce(r, "leaver's trial recorded once, from the leaver", recorded, trial, t.B, byNode: true);
        var elsewhere = LogLines.StartedTrials(t.Run.Output()).Any(x => x.TrialId == trial);
        var again = Regex.IsMatch(t.A.Output(), RecoveryContext.Redispatched(trial));
        r.Expect("not re-run", !elsewhere && !again, elsewhere ? "the other runner ran it too" : again ? "the dispatcher dispatched it again" : "run on B only");
        r.Expect("leaver ended", bExit != null, bExit == null ? "B still ran 90 s after SIGTERM" : "B exit " + bExit);
        return r;
    }
}
