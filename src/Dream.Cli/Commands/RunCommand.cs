using System.CommandLine;
using System.Security.Cryptography;
using Dream.Core.Config;
using Dream.Cluster.Nodes;
using Dream.Cluster.Runs;
using Dream.Core.Evolution;

namespace Dream.Cli.Commands;

/// <summary><c>dream run</c>: a tuning campaign, from baselines to best.json, or the continuation of one.</summary>
public static class RunCommand
{
    /// <summary>What one invocation of <c>dream run</c> asks for.</summary>
    public sealed record Values(CommonValues Common, NodeValues Node, CampaignValues Campaign, IReadOnlyList<string> Domains, long? Seed,
        string? Resume, bool DryRun, AllocationValues? Allocation = null, bool NoReuse = false);

    public static Command Create()
    {
        var command = new Command("run", "Run a tuning campaign (or --resume one).");
        var common = new CommonOptions(command);
        var domains = Options.List("--domain", "D", "Domains to tune, e.g. cpu or sim,cpu.");
        command.Add(domains);
        var campaign = new CampaignOptions(command);
        var allocation = new AllocationOptions(command);
        var seed = Options.Long("--seed", "The random seed (default: a fresh one, printed and recorded).");
        var resume = Options.Text("--resume", "RUN_ID", "Continue a run from its journal; takes every setting from it.");
        var dryRun = Options.Flag("--dry-run", "Validate, plan and print the work without running a trial.");
        var noReuse = Options.Flag("--no-reuse",
            "Measure every trial: take no evidence from the evidence cache (by default a trial measured before, younger than dream.evidence.max-age, is reused).");
        foreach (var o in new Option[] { seed, resume, dryRun, noReuse }) command.Add(o);
        var node = new NodeOptions(command, defaultPort: null);
        command.SetAction(r => Call(new Values(common.Read(r), node.Read(r), campaign.Read(r), r.GetValue(domains) ?? new List<string>(),
            r.GetValue(seed), r.GetValue(resume), r.GetValue(dryRun), allocation.Read(r), r.GetValue(noReuse)),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    public static int Call(Values v, TextWriter @out, TextWriter err)
    {
        if (v.DryRun && v.Resume is not null)
            throw new CommandFailure(ExitCodes.Usage, "--dry-run plans a new run; it cannot be combined with --resume");
        if (v.Resume is null && v.Domains.Count == 0)
            throw new CommandFailure(ExitCodes.Usage, "name at least one domain: --domain cpu (see config/domains/)");
        v.Campaign.Validated();
        v.Allocation?.Validated(v.Campaign.Population ?? EvolutionParams.Default.Population, v.Resume is not null);
        v.Node.Validated();
        var planned = v.Resume is null ? PlanNewRun(v, err) : null;
        if (v.DryRun)
        {
            Plans.Print(planned!, @out);
            return ExitCodes.Ok;
        }
        var data = Campaign.DataDir(v.Common);
        var node = Campaign.StartNode(data, err, v.Resume is null ? new HashSet<string>() : new HashSet<string> { v.Resume },
            dir => new NodeSettings(dir, v.Common.HoconFiles(), v.Node.Host, v.Node.Port, v.Node.Join, new HashSet<string>(v.Node.Roles),
                v.Node.Has(Roles.Runner) ? Trials.Executor(dir) : null, Trials.NodeClass(), v.Node.ManagementOverrides()));
        try
        {
            if (node.ManagementUri is { } u) err.WriteLine("management endpoint " + u + " (dream ctl --endpoint " + u + " run RUN_ID)");
            RunSpec run;
            try
            {
                run = Register(v, node, data.Dir, planned?.WithNodes(new[] { node.Address }));
            }
            catch (CommandFailure refused)
            {
                node.Dispose(); // the journal's files are closed before a data directory made for nothing goes
                throw Campaign.Undo(data, refused);
            }
            return Campaign.Drive(node, data.Dir, run, v.Resume is not null, @out, err);
        }
        finally
        {
            node.Dispose();
        }
    }

    public static DreamConfig LoadConfig(CommonValues common, TextWriter err)
    {
        try
        {
            return ConfigLoader.Load(common.ConfigDir());
        }
        catch (ConfigException e)
        {
            foreach (var p in e.Problems()) err.WriteLine(p.ToString());
            throw new CommandFailure(ExitCodes.Usage, e.Problems().Count + " problem(s) in " + common.ConfigDir() + "; nothing was run");
        }
    }

    public static void RequireDomain(DreamConfig config, string d)
    {
        if (!config.Domains.ContainsKey(d))
            throw new CommandFailure(ExitCodes.Usage, "unknown domain '" + d + "'; the config in " + config.Dir + " defines: "
                + string.Join(", ", config.Domains.Keys));
    }

    /// <summary>The regimes of <paramref name="domain"/> in file order; refuses a domain without any, or a regime it lacks.</summary>
    public static void RequireRegimes(DreamConfig config, string domain, IReadOnlyList<string> wanted)
    {
        var known = config.Regimes.TryGetValue(domain, out var r) ? r.Keys.ToList() : new List<string>();
        foreach (var w in wanted)
        {
            if (!known.Contains(w))
                throw new CommandFailure(ExitCodes.Usage, "domain " + domain + " has no regime '" + w + "'; it has: " + string.Join(", ", known));
        }
        if (known.Count == 0) throw new CommandFailure(ExitCodes.Usage, "domain " + domain + " has no regimes in regimes.yaml");
    }

    private static RunSpec PlanNewRun(Values v, TextWriter err)
    {
        var config = LoadConfig(v.Common, err);
        foreach (var d in v.Domains)
        {
            RequireDomain(config, d);
            RequireRegimes(config, d, v.Campaign.Regimes);
        }
        var s = v.Seed ?? RunSpecs.FreshSeed();
        var now = DateTimeOffset.UtcNow;
        return RunSpecs.Create(config, new RunSpecs.Choices(v.Domains, v.Campaign.Population, v.Campaign.Generations, v.Campaign.Trials,
                v.Campaign.Regimes, s, v.Campaign.Strategy, v.Campaign.AllowSystemChanges, v.Allocation?.Race(), v.NoReuse,
                v.Campaign.Operators, v.Allocation?.Bandit(), v.Allocation?.TrialBudget),
            RunSpecs.NewRunId(now, RandomNumberGenerator.GetInt32), now, Trials.NodeClass());
    }

    /// <summary>Records a new run, or fetches a resumed one and refuses options that contradict what it recorded.</summary>
    private static RunSpec Register(Values v, DreamNode node, string data, RunSpec? fresh)
    {
        if (fresh is not null) return Campaign.Calls.CreateRun(node, fresh);
        var resume = v.Resume!;
        var run = Campaign.Calls.GetRun(node, resume)
            ?? throw JournalCheck.UnknownRun(node, data, resume, "unknown run '" + resume + "' in " + JournalCheck.JournalUrl(node)
                + "; list runs with: ls " + Path.Combine(v.Common.DataDir(), "runs"));
        var conflicts = new List<string>();
        if (v.Seed is { } seed && seed != run.Seed) conflicts.Add("--seed " + seed + " (run has " + run.Seed + ")");
        if (v.Domains.Count > 0 && !v.Domains.SequenceEqual(run.Domains))
            conflicts.Add("--domain " + string.Join(",", v.Domains) + " (run has " + string.Join(",", run.Domains) + ")");
        if (v.Campaign.Generations is { } g && g != run.Generations) conflicts.Add("--generations " + g + " (run has " + run.Generations + ")");
        var first = run.Plans.Values.First();
        if (v.Campaign.Population is { } p && p != first.Evolution.Population)
            conflicts.Add("--population " + p + " (run has " + first.Evolution.Population + ")");
        if (v.Campaign.Trials is { } t && t != first.Execution.Trials) conflicts.Add("--trials " + t + " (run has " + first.Execution.Trials + ")");
        if (v.Allocation?.Allocation is { } a && a != run.Allocation) conflicts.Add("--allocation " + a + " (run has " + run.Allocation + ")");
        if (v.Allocation?.TrialBudget is { } b && (!run.Bandited || b != run.TrialBudget))
            conflicts.Add("--trial-budget " + b + (run.Bandited ? " (run has " + run.TrialBudget + ")" : " (run is not a bandit run)"));
        if (v.NoReuse && run.Reuses) conflicts.Add("--no-reuse (run reuses evidence)");
        if (conflicts.Count > 0)
            throw new CommandFailure(ExitCodes.Usage, "--resume takes every setting from the journal; these options differ from run " + resume + ": "
                + string.Join(", ", conflicts) + ". Drop them, or start a new run.");
        return run;
    }
}
