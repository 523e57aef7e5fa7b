using Akka.Cluster.Sharding;
using System.Security.Cryptography;
using Akka.Actor;
using Dream.Cli.Commands;
using Dream.Cli.Console;
using Dream.Cluster.Nodes;
using Dream.Cluster.Runs;
using Dream.Cluster.Service;
using Dream.Core.Config;
using Dream.Core.Scheduling;

namespace Dream.Cli.Service;

/// <summary>
/// One domain of <c>dream service</c>, on its own thread: asks the domain's ServiceSchedule what to do, waits for the
/// slot, runs the campaign through the same code as <c>dream run</c>, and reports how it ended.
/// Only a campaign whose journal says it failed, or one that cannot be started (a config made invalid since, say),
/// counts as a failure and backs off in the journal. Losing the journal or the cluster while following a campaign is
/// not the campaign's failure: the loop waits (doubling, in memory) and follows it again.
/// </summary>
public sealed class ServiceLoop
{
    private static readonly TimeSpan Ask = TimeSpan.FromSeconds(60);

    private readonly DreamNode node;
    private readonly string data;
    private readonly CommonValues common;
    private readonly DomainSchedule schedule;
    private readonly Backoff backoff;
    private readonly bool allowSystemChanges;
    private readonly ServiceLog log;
    private readonly CancellationToken stopping;
    private readonly string nodeClass = Commands.Trials.NodeClass();
    private int troubleInARow;
    private DateTimeOffset? announced;

    private readonly bool noReuse;

    /// <param name="noReuse">--no-reuse: every campaign measures every trial, taking nothing from the evidence cache</param>
    public ServiceLoop(DreamNode node, string data, CommonValues common, DomainSchedule schedule, Backoff backoff, bool allowSystemChanges,
        ServiceLog log, CancellationToken stopping, bool noReuse = false)
    {
        this.noReuse = noReuse;
        this.node = node;
        this.data = data;
        this.common = common;
        this.schedule = schedule;
        this.backoff = backoff;
        this.allowSystemChanges = allowSystemChanges;
        this.log = log;
        this.stopping = stopping;
    }

    private string Domain => schedule.Domain!;

    public void Run()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                Step();
                troubleInARow = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (stopping.IsCancellationRequested) return;
                // The journal or the cluster is unreachable: nothing can be recorded, so back off here.
                troubleInARow++;
                var wait = SchedulePolicy.RetryDelay(troubleInARow, backoff);
                log.Line(Domain + ": cannot reach the schedule or the campaign (" + Reason(e) + "); trying again in " + Durations.Format(wait));
                if (stopping.WaitHandle.WaitOne(wait)) return;
            }
        }
    }

    /// <summary>One decision: follow the active campaign, or wait for the next slot and start one.</summary>
    private void Step()
    {
        var state = AskSchedule<ServiceSchedule.State>(new ServiceSchedule.Get());
        if (state.Active is { } active)
        {
            Resume(active);
            return;
        }
        var now = DateTimeOffset.UtcNow;
        var due = state.DueWith(schedule.Interval(), now);
        if (due > now)
        {
            if (due != announced)
            {
                announced = due;
                var why = state.FailuresInARow > 0 ? " (retry after " + state.FailuresInARow + " failure(s) in a row)" : "";
                log.Line(Domain + ": next campaign at " + ServiceLog.Stamp(due) + why);
            }
            stopping.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Max(1, (due - DateTimeOffset.UtcNow).TotalMilliseconds)));
            return;
        }
        RunSpec run;
        try
        {
            run = NewRun();
        }
        catch (CommandFailure e)
        {
            var failed = AskSchedule<ServiceSchedule.State>(new ServiceSchedule.Fail(null, e.Message, DateTimeOffset.UtcNow, backoff));
            announced = failed.NextDue;
            log.Line(Domain + ": cannot start a campaign: " + e.Message + "; next try at " + ServiceLog.Stamp(failed.NextDue!.Value));
            return;
        }
        Campaign.Calls.CreateRun(node, run);
        var begun = AskSchedule<ServiceSchedule.State>(new ServiceSchedule.Begin(run.RunId, due, DateTimeOffset.UtcNow));
        if (begun.Active?.RunId != run.RunId) return; // another service process began one first: follow it next
        log.Line(Domain + ": campaign " + run.RunId + " started (seed " + run.Seed + ", planned " + ServiceLog.Stamp(due) + ")");
        Follow(run, due, false);
    }

    /// <summary>Continues the campaign that was running when the service stopped, from its journal.</summary>
    private void Resume(ServiceSchedule.Active active)
    {
        var got = Campaign.Calls.GetRun(node, active.RunId);
        if (got is null)
        {
            var s = AskSchedule<ServiceSchedule.State>(new ServiceSchedule.Fail(active.RunId, "run not in the journal", DateTimeOffset.UtcNow, backoff));
            announced = s.NextDue;
            log.Line(Domain + ": campaign " + active.RunId + " is not in the journal; next try at " + ServiceLog.Stamp(s.NextDue!.Value));
            return;
        }
        log.Line(Domain + ": resuming campaign " + active.RunId + " (started " + ServiceLog.Stamp(active.StartedAt) + ")");
        Follow(got, active.Planned, true);
    }

    /// <summary>Runs (or, resumed, continues) a campaign to its end and records how it ended.</summary>
    private void Follow(RunSpec spec, DateTimeOffset planned, bool resumed)
    {
        var launched = Campaign.Launch(node, data, spec, resumed);
        var shown = -1;
        while (!launched.Done.Wait(TimeSpan.FromSeconds(1)))
        {
            if (launched.Files.Progress().TryGetValue(Domain, out var q) && q.Generation > shown)
            {
                shown = q.Generation;
                log.Line(Domain + ": campaign " + spec.RunId + " generation " + (q.Generation + 1) + "/" + spec.Generations
                    + (q.BestScore is not null ? ", best " + ProgressView.Fmt(q.BestScore) : ""));
            }
        }
        launched.Done.GetAwaiter().GetResult();
        launched.Files.Progress().TryGetValue(Domain, out var p);
        var outcome = p?.Finished ?? "finished";
        var ended = DateTimeOffset.UtcNow;
        if (outcome.StartsWith("failed", StringComparison.Ordinal))
        {
            var f = AskSchedule<ServiceSchedule.State>(new ServiceSchedule.Fail(spec.RunId, outcome, ended, backoff));
            announced = f.NextDue;
            log.Line(Domain + ": campaign " + spec.RunId + " " + outcome + "; next try at " + ServiceLog.Stamp(f.NextDue!.Value)
                + " (failure " + f.FailuresInARow + " in a row)");
            return;
        }
        var s = AskSchedule<ServiceSchedule.State>(new ServiceSchedule.Finish(spec.RunId, outcome, ended, schedule.Interval()));
        announced = s.NextDue;
        var missed = SchedulePolicy.MissedSlots(planned, ended, schedule.Interval());
        log.Line(Domain + ": campaign " + spec.RunId + " finished (" + outcome + ")"
            + (p?.BestCandId is not null ? ": best " + p.BestCandId + " score_v2 " + ProgressView.Fmt(p.BestScore) + ProgressView.Ci(p.BestCi) : "")
            + "; files " + launched.Files.RunDir + "; next at " + ServiceLog.Stamp(s.NextDue!.Value)
            + (missed > 0 ? " (it ran past " + missed + " slot(s), skipped)" : ""));
    }

    /// <summary>A fresh run of this domain from the config as it is now (edits apply from the next campaign on).</summary>
    private RunSpec NewRun()
    {
        DreamConfig config;
        try
        {
            config = ConfigLoader.Load(common.ConfigDir());
        }
        catch (ConfigException e)
        {
            foreach (var p in e.Problems()) log.Line(Domain + ": " + p.ToString().Replace("\n", " "));
            throw new CommandFailure(ExitCodes.Usage, e.Problems().Count + " problem(s) in " + common.ConfigDir());
        }
        if (!config.Domains.ContainsKey(Domain)) throw new CommandFailure(ExitCodes.Usage, "domain " + Domain + " is no longer in " + config.Dir);
        var known = config.Regimes.TryGetValue(Domain, out var k) ? k.Keys.ToList() : new List<string>();
        var regimes = schedule.Regimes ?? Array.Empty<string>();
        foreach (var r in regimes)
        {
            if (!known.Contains(r)) throw new CommandFailure(ExitCodes.Usage, "domain " + Domain + " no longer has regime '" + r + "'");
        }
        if (known.Count == 0) throw new CommandFailure(ExitCodes.Usage, "domain " + Domain + " has no regimes in regimes.yaml");
        var now = DateTimeOffset.UtcNow;
        return RunSpecs.Create(config, new RunSpecs.Choices(new[] { Domain }, schedule.Population, schedule.Generations, schedule.Trials,
                regimes, RunSpecs.FreshSeed(), schedule.Strategy, allowSystemChanges, NoReuse: noReuse), RunSpecs.NewRunId(now, RandomNumberGenerator.GetInt32),
                now, nodeClass)
            .WithNodes(new[] { node.Address });
    }

    private T AskSchedule<T>(object message) =>
        node.Region(ServiceSchedule.TypeName).Ask<T>(new ShardingEnvelope(Domain, message), Ask, stopping).GetAwaiter().GetResult();

    private static string Reason(Exception e)
    {
        var t = e is AggregateException { InnerException: { } inner } ? inner : e;
        return t.GetType().Name + (string.IsNullOrEmpty(t.Message) ? "" : ": " + t.Message);
    }
}
