using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Dream.Cluster.Nodes;
using Dream.Core.Packs;

namespace Dream.Cli.Commands;

/// <summary><c>dream baselines show|refresh --domain D</c>: the stock-configuration baselines of this node class.</summary>
public static class BaselinesCommand
{
    public static Command Create()
    {
        var command = new Command("baselines", "Show or re-measure the baselines of a domain.");
        command.Add(Show());
        command.Add(Refresh());
        return command;
    }

    private static Option<string> Domain() => new("--domain") { HelpName = "domain", Required = true, Description = "The domain." };

    private static Command Show()
    {
        var command = new Command("show", "The recorded baselines of a domain on this node class.");
        var common = new CommonOptions(command);
        var domain = Domain();
        var json = Options.Flag("--json", "baselines.v2 JSON instead of a table.");
        command.Add(domain);
        command.Add(json);
        command.SetAction(r => CallShow(common.Read(r), r.GetValue(domain)!, r.GetValue(json), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    private static Command Refresh()
    {
        var command = new Command("refresh", "Retire the baselines of a domain and measure the stock configuration again (a baselines-only run).");
        var common = new CommonOptions(command);
        var domain = Domain();
        var trials = Options.Int("--trials", "Trials per regime (default: regimes.yaml execution.trials).");
        var seed = Options.Long("--seed", "Seed of the baselines-only run.");
        command.Add(domain);
        command.Add(trials);
        command.Add(seed);
        command.SetAction(r => CallRefresh(common.Read(r), r.GetValue(domain)!, r.GetValue(trials), r.GetValue(seed),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>One KPI line of <c>show</c>: <c>    perf                           564.2941  [524.4524, 604.1357]</c>.</summary>
    public static string KpiLine(string kpi, double mean, IReadOnlyList<double>? ci) =>
        string.Format(CultureInfo.InvariantCulture, "    {0,-24} {1,14:0.0000}{2}", kpi, mean,
            ci is null || ci.Count < 2 ? "" : string.Format(CultureInfo.InvariantCulture, "  [{0:0.0000}, {1:0.0000}]", ci[0], ci[1]));

    public static int CallShow(CommonValues common, string domain, bool json, TextWriter @out, TextWriter err)
    {
        var node = Campaign.StartNode(Campaign.DataDir(common), err, new HashSet<string>(),
            data => new NodeSettings(data, common.HoconFiles(), null, null, Array.Empty<string>(), new HashSet<string> { Roles.Coordinator }, null,
                Trials.NodeClass(), new Dictionary<string, object>()));
        try
        {
            var all = Campaign.Calls.Baselines(node, domain);
            if (json)
            {
                var f = BaselinesFile.Empty();
                foreach (var s in all.ByRegime.Values) f = f.With(s.Record);
                @out.WriteLine(Json.Pretty(f.ToJson()));
                return ExitCodes.Ok;
            }
            if (all.ByRegime.Count == 0)
            {
                @out.WriteLine("no baselines of " + domain + " for node class " + node.NodeClass + "; the next run measures them");
                return ExitCodes.Ok;
            }
            @out.WriteLine($"baselines of {domain}, node class {node.NodeClass}");
            foreach (var s in all.ByRegime.Values)
            {
                var r = s.Record;
                @out.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-10} {1,-40} {2} trials, measured {3}", r.Regime, r.BaselineId, r.Trials, r.Timestamp));
                foreach (var (kpi, mean) in r.Kpis) @out.WriteLine(KpiLine(kpi, mean, r.Ci95.TryGetValue(kpi, out var ci) ? ci : null));
            }
            return ExitCodes.Ok;
        }
        finally
        {
            node.Dispose();
        }
    }

    public static int CallRefresh(CommonValues common, string domain, int? trials, long? seed, TextWriter @out, TextWriter err)
    {
        CampaignValues.AtLeast("--trials", trials, 1);
        var config = RunCommand.LoadConfig(common, err);
        RunCommand.RequireDomain(config, domain);
        RunCommand.RequireRegimes(config, domain, Array.Empty<string>());
        var opened = Campaign.DataDir(common);
        var data = opened.Dir;
        var node = Campaign.StartNode(opened, err, new HashSet<string>(), dir => new NodeSettings(dir, common.HoconFiles(), null, null,
            Array.Empty<string>(), new HashSet<string> { Roles.Coordinator, Roles.Runner }, Trials.Executor(dir), Trials.NodeClass(),
            new Dictionary<string, object>()));
        try
        {
            Campaign.Calls.RetireBaselines(node, domain, "dream baselines refresh");
            var now = DateTimeOffset.UtcNow;
            var run = RunSpecs.Create(config, new RunSpecs.Choices(new[] { domain }, null, 0, trials, Array.Empty<string>(), seed ?? RunSpecs.FreshSeed(),
                null, false), RunSpecs.NewRunId(now, RandomNumberGenerator.GetInt32), now, node.NodeClass).WithNodes(new[] { node.Address });
            // The Java CLI ignored this reply (java-review.md, defect 9); CreateRun fails loudly on a refusal.
            Campaign.Calls.CreateRun(node, run);
            var code = Campaign.Drive(node, data, run, false, @out, err);
            @out.WriteLine("baselines of " + domain + " measured anew; see dream baselines show --domain " + domain + " and " + Path.Combine(data, "baselines.json"));
            return code;
        }
        finally
        {
            node.Dispose();
        }
    }
}
