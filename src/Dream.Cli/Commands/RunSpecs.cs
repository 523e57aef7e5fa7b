using System.Globalization;
using System.Security.Cryptography;
using Dream.Cluster.Runs;
using Dream.Core.Config;
using Dream.Core.Domain;
using Dream.Core.Evolution;

namespace Dream.Cli.Commands;

/// <summary>Builds a new run's spec from the validated config and the command-line choices.</summary>
public static class RunSpecs
{
    private const string Base36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>The command-line choices of a new run; null where not given.</summary>
    /// <param name="Race">the race's settings for <c>--allocation race</c>; null: full evaluation, as before racing existed</param>
    /// <param name="Bandit">ucb, thompson or egreedy for a bandit run (then <paramref name="TrialBudget"/>, or the default budget)</param>
    public sealed record Choices(IReadOnlyList<string> Domains, int? Population, int? Generations, int? Trials, IReadOnlyList<string> Regimes,
        long Seed, string? Strategy, bool AllowSystemChanges, Dream.Core.Racing.RaceSettings? Race = null, bool NoReuse = false,
        bool Operators = false, string? Bandit = null, int? TrialBudget = null);

    /// <summary><c>YYYY-MM-DDTHH-MM-SS_r</c> + 6 lowercase base-36 characters: unique and sortable.</summary>
    /// <param name="nextInt">A random integer below its argument (RandomNumberGenerator.GetInt32 in production).</param>
    public static string NewRunId(DateTimeOffset now, Func<int, int> nextInt)
    {
        var sb = new System.Text.StringBuilder(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss", CultureInfo.InvariantCulture)).Append("_r");
        for (var i = 0; i < 6; i++) sb.Append(Base36[nextInt(36)]);
        return sb.ToString();
    }

    /// <summary>A fresh non-negative seed, printed and recorded by the run.</summary>
    public static long FreshSeed() => BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;

    public static RunSpec Create(DreamConfig config, Choices c, string runId, DateTimeOffset now, string nodeClass)
    {
        var plans = new List<KeyValuePair<string, RunSpec.DomainPlan>>();
        foreach (var domain in c.Domains)
        {
            var regimes = (config.Regimes.TryGetValue(domain, out var r) ? r.Values : Enumerable.Empty<RegimeSpec>())
                .Where(x => c.Regimes.Count == 0 || c.Regimes.Contains(x.Name)).ToList();
            var e = config.Execution;
            var execution = new ExecutionSpec(c.Trials ?? e.Trials, e.WarmupS, e.TrialDelayS, e.Retries, e.TimeoutMultiplier);
            var d = EvolutionParams.Default;
            // WithPopulation keeps the elites below the population, so that --population 2 is a valid run
            var evolution = d.WithPopulation(c.Population ?? d.Population).WithStrategy(c.Strategy ?? d.Strategy).WithOperators(c.Operators);
            plans.Add(new(domain, new RunSpec.DomainPlan(config.Domains[domain], regimes, execution,
                config.Caps.ForDomain(domain), config.Caps.Global, config.Caps.Tolerance, evolution)));
        }
        var generations = c.Generations ?? 10;
        var first = plans[0].Value;
        var settings = new List<KeyValuePair<string, object>>
        {
            new("population", (long)first.Evolution.Population),
            new("generations", (long)generations),
            new("trials", (long)first.Execution.Trials),
            new("regimes", c.Regimes.Cast<object>().ToList()),
            new("strategy", first.Evolution.Strategy),
            new("allow_system_changes", c.AllowSystemChanges),
            new("config_dir", Path.GetFullPath(config.Dir)),
        };
        // The allocation is recorded only for a raced run, so that the settings of a full run stay as before.
        if (c.Race is { } race)
        {
            settings.Add(new(RunSpec.AllocationKey, RunSpec.RaceAllocation));
            if (race.FirstTest is { } firstTest) settings.Add(new(RunSpec.RaceFirstTestKey, (long)firstTest));
            settings.Add(new(RunSpec.RaceConfidenceKey, race.Confidence));
        }
        // A bandit run records its allocation and the budget it spends, explicit or default, so a resume spends the same.
        if (c.Bandit is { } bandit)
        {
            settings.Add(new(RunSpec.AllocationKey, bandit));
            var budget = c.TrialBudget ?? Dream.Core.Racing.BanditBudget.Default(first.Evolution.Population, first.Regimes.Count, first.Execution.Trials);
            settings.Add(new(RunSpec.TrialBudgetKey, (long)budget));
        }
        // Recorded only for --no-reuse, so that the settings of a run that reuses evidence (the default) stay as before.
        if (c.NoReuse) settings.Add(new(RunSpec.ReuseKey, false));
        return new RunSpec(runId, c.Seed, c.Domains, generations, c.AllowSystemChanges, nodeClass, Dream.Core.Packs.Timestamps.Utc(now),
            VersionProvider.Version(), VersionProvider.CodeHash(), config.FileHashes, Canonical.Map(settings),
            Ordered(plans), Array.Empty<string>());
    }

    private static IReadOnlyDictionary<string, RunSpec.DomainPlan> Ordered(List<KeyValuePair<string, RunSpec.DomainPlan>> plans)
    {
        // Dictionary keeps insertion order as long as nothing is removed: the domains stay in the order given.
        var d = new Dictionary<string, RunSpec.DomainPlan>();
        foreach (var (k, v) in plans) d[k] = v;
        return d;
    }
}
