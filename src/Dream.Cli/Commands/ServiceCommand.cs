using System.CommandLine;
using Dream.Core.Config;
using Dream.Core.Scheduling;
using Dream.Cli.Service;
using Dream.Cluster.Nodes;
using Dream.Cluster.Service;

namespace Dream.Cli.Commands;

/// <summary>
/// <c>dream service</c>: continuous campaigns, one domain after another on its own schedule, for as long as the process
/// runs. The schedules live in the journal (one ServiceSchedule per domain), so a restarted service resumes the
/// campaign it was running and keeps the planned start times.
/// </summary>
public static class ServiceCommand
{
    /// <summary>What one invocation of <c>dream service</c> asks for.</summary>
    public sealed record Values(CommonValues Common, NodeValues Node, CampaignValues Campaign, IReadOnlyList<string> Domains, string? ScheduleFile,
        string? Every, string? Backoff, bool NoReuse = false);

    public static Command Create() => Build(out _);

    /// <summary>The command, and a way to bind a parse of it (tests call <see cref="Bind"/>).</summary>
    private static Command Build(out Func<ParseResult, Values> bind)
    {
        var command = new Command("service",
            "Run continuous campaigns per domain on a schedule, resumed after a restart (for systemd or a container).\n"
            + "Each campaign is a run like `dream run` (see `dream report RUN_ID`). Intervals are rates: a campaign is planned"
            + " every --every from the previous one's planned start, whatever its length; missed slots are skipped."
            + " A failed campaign is retried after a backoff that doubles up to its maximum.\n"
            + "Settings: command-line options, else the domain's entry in --schedule FILE, else its defaults, else"
            + " every 1h and the `dream run` defaults.");
        var common = new CommonOptions(command);
        var domains = Options.List("--domain", "D", "Domains to tune continuously (default: those of --schedule).");
        var schedule = Options.Text("--schedule", "FILE", "A schedule file (YAML): intervals and campaign settings per domain.");
        var every = Options.Text("--every", "DURATION", "One campaign per domain every DURATION, e.g. 30m, 2h, 1d (default 1h).");
        command.Add(domains);
        command.Add(schedule);
        command.Add(every);
        var campaign = new CampaignOptions(command, "Generations per campaign (default 10).");
        var backoff = Options.Text("--backoff", "INITIAL[,MAX]",
            "Wait after a failed campaign, doubled after each further failure up to MAX (default 1m,1h).");
        command.Add(backoff);
        var noReuse = Options.Flag("--no-reuse",
            "Every campaign measures every trial: no evidence from the evidence cache (by default a trial measured before, by an earlier"
            + " campaign or run and younger than dream.evidence.max-age, is reused).");
        command.Add(noReuse);
        var node = new NodeOptions(command, defaultPort: null);
        bind = r => new Values(common.Read(r), node.Read(r), campaign.Read(r), r.GetValue(domains) ?? new List<string>(), r.GetValue(schedule),
            r.GetValue(every), r.GetValue(backoff), r.GetValue(noReuse));
        var b = bind;
        command.SetAction(r => Call(b(r), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>The options of <c>dream service ARGS</c>, parsed and not run.</summary>
    public static Values Bind(params string[] args)
    {
        var command = Build(out var bind);
        var result = command.Parse(args);
        if (result.Errors.Count > 0) throw new ArgumentException(string.Join("; ", result.Errors.Select(e => e.Message)));
        return bind(result);
    }

    public static int Call(Values v, TextWriter @out, TextWriter err)
    {
        v.Node.Validated();
        var config = RunCommand.LoadConfig(v.Common, err);
        var file = LoadSchedule(v, config, err);
        var plan = Plan(v, config, file);
        var retry = v.Backoff is not null ? ParseBackoff(v.Backoff) : file?.Backoff ?? Dream.Core.Scheduling.Backoff.Default;
        var opened = Campaign.DataDir(v.Common);
        var data = opened.Dir;
        var node = Campaign.StartNode(opened, err, new HashSet<string>(), dir => new NodeSettings(dir, v.Common.HoconFiles(), v.Node.Host,
            v.Node.Port, v.Node.Join, new HashSet<string>(v.Node.Roles), v.Node.Has(Roles.Runner) ? Trials.Executor(dir) : null, Trials.NodeClass(),
            v.Node.ManagementOverrides(warmRunList: true)));
        try
        {
            // The schedules live where the service runs: this process hosts the entity type it drives.
            Dream.Cluster.Service.ServiceSchedule.Init(node.System);
            var log = new ServiceLog(@out);
            log.Line("dream service: node " + node.Address + " (" + string.Join(",", v.Node.Roles) + "), data " + data + ", journal "
                + JournalCheck.JournalUrl(node));
            using var stopping = new CancellationTokenSource();
            var loops = new List<Thread>();
            foreach (var d in plan)
            {
                log.Line(d.Domain + ": every " + Durations.Format(d.Interval()) + ", " + Describe(d) + "; backoff "
                    + Durations.Format(retry.Initial) + " doubling to " + Durations.Format(retry.Max));
                var loop = new ServiceLoop(node, data, v.Common, d, retry, v.Campaign.AllowSystemChanges, log, stopping.Token, v.NoReuse);
                loops.Add(new Thread(loop.Run) { IsBackground = true, Name = "dream-service-" + d.Domain });
            }
            var stopped = 0;
            void Stop()
            {
                if (Interlocked.Exchange(ref stopped, 1) == 1) return;
                stopping.Cancel();
                log.Line("dream service: stopping; a campaign in progress continues when the service starts again");
            }
            EventHandler onExit = (_, _) => Stop();
            // Removed before `stopping` is disposed: the process exits (and raises ProcessExit) after this method returns.
            AppDomain.CurrentDomain.ProcessExit += onExit;
            try
            {
                foreach (var t in loops) t.Start();
                // The node ends only by a signal (then the process exits 130 once the node has stopped, see Interruption)
                // or when the cluster downs it.
                node.System.WhenTerminated.GetAwaiter().GetResult();
                // A signal's stop may end the actor system a moment before its handler has flagged it: give it that moment.
                for (var i = 0; i < 40 && !(stopping.IsCancellationRequested || Interruption.Happened()); i++) Thread.Sleep(50);
                if (stopping.IsCancellationRequested || Interruption.Happened()) return ExitCodes.Interrupted;
                throw new CommandFailure(ExitCodes.Infrastructure, "the cluster node stopped (downed by the cluster, or its journal failed);"
                    + " the schedules are kept: start the service again");
            }
            finally
            {
                AppDomain.CurrentDomain.ProcessExit -= onExit;
                Stop();
            }
        }
        finally
        {
            node.Dispose();
        }
    }

    private static CampaignSchedule? LoadSchedule(Values v, DreamConfig config, TextWriter err)
    {
        if (v.ScheduleFile is null) return null;
        try
        {
            return ScheduleParser.Load(v.ScheduleFile, config);
        }
        catch (ConfigException e)
        {
            foreach (var p in e.Problems()) err.WriteLine(p.ToString());
            throw new CommandFailure(ExitCodes.Usage, e.Problems().Count + " problem(s) in " + v.ScheduleFile + "; nothing was run");
        }
    }

    /// <summary>Each domain's settings: these options over its schedule entry over the schedule's defaults.</summary>
    public static List<DomainSchedule> Plan(Values v, DreamConfig config, CampaignSchedule? file)
    {
        var names = v.Domains.Count > 0 ? v.Domains.ToList() : file?.Domains.Select(d => d.Domain!).ToList() ?? new List<string>();
        if (names.Count == 0) throw new CommandFailure(ExitCodes.Usage, "name the domains: --domain cpu,memory, or --schedule FILE");
        if (names.Distinct().Count() != names.Count)
            throw new CommandFailure(ExitCodes.Usage, "--domain names a domain twice: [" + string.Join(", ", names) + "]");
        TimeSpan? interval = null;
        if (v.Every is not null)
        {
            interval = Durations.Parse(v.Every) ?? throw new CommandFailure(ExitCodes.Usage,
                "--every " + v.Every + " is not a duration; write it with its unit, e.g. 90s, 30m, 2h, 1d");
            if (interval < TimeSpan.FromSeconds(1)) throw new CommandFailure(ExitCodes.Usage, "--every must be at least 1s");
        }
        var c = v.Campaign.Validated();
        if (c.Operators)
            throw new CommandFailure(ExitCodes.Usage, "--operators is an option of dream run; a service's campaigns do not apply population operators");
        var plan = new List<DomainSchedule>();
        foreach (var d in names)
        {
            RunCommand.RequireDomain(config, d);
            var s = new DomainSchedule(d, interval, c.Population, c.Generations, c.Trials, c.Regimes.Count == 0 ? null : c.Regimes, c.Strategy)
                .OrElse(file is not null ? file.ForDomain(d) : DomainSchedule.Unset(d));
            RunCommand.RequireRegimes(config, d, s.Regimes ?? Array.Empty<string>());
            plan.Add(s);
        }
        return plan;
    }

    public static Backoff ParseBackoff(string text)
    {
        var parts = text.Split(',');
        var ds = new List<TimeSpan>();
        foreach (var p in parts)
        {
            var d = Durations.Parse(p);
            if (d is null || d < TimeSpan.FromSeconds(1))
                throw new CommandFailure(ExitCodes.Usage, "--backoff " + text + ": '" + p + "' is not a duration of 1s or more; write e.g. --backoff 1m,1h");
            ds.Add(d.Value);
        }
        if (ds.Count > 2) throw new CommandFailure(ExitCodes.Usage, "--backoff takes INITIAL or INITIAL,MAX, e.g. 1m,1h");
        var max = ds.Count == 2 ? ds[1] : ds[0] > Dream.Core.Scheduling.Backoff.Default.Max ? ds[0] : Dream.Core.Scheduling.Backoff.Default.Max;
        if (max < ds[0]) throw new CommandFailure(ExitCodes.Usage, "--backoff " + text + ": MAX is shorter than INITIAL");
        return new Backoff(ds[0], max);
    }

    public static string Describe(DomainSchedule d) =>
        "population " + (d.Population?.ToString() ?? "default") + ", generations " + (d.Generations?.ToString() ?? "default")
        + ", trials " + (d.Trials?.ToString() ?? "from regimes.yaml") + ", regimes " + (d.Regimes is null ? "all" : string.Join(",", d.Regimes))
        + (d.Strategy is not null ? ", strategy " + d.Strategy : "");
}
