using System.CommandLine;
using System.Globalization;
using Dream.Cluster.Runs;
using Dream.Core.Evolution;
using Dream.Core.Racing;

namespace Dream.Cli.Commands;

/// <summary>
/// How <c>dream run</c> spends a generation's trials: <c>--allocation race|full|ucb|thompson|egreedy</c>, the race's
/// settings and a bandit's <c>--trial-budget</c>.
/// </summary>
public sealed class AllocationOptions
{
    public static readonly IReadOnlyList<string> Allocations = [RunSpec.RaceAllocation, RunSpec.FullAllocation, .. RunSpec.BanditAllocations];

    /// <summary>What a run without <c>--allocation</c> does.</summary>
    public const string DefaultAllocation = RunSpec.RaceAllocation;

    private readonly Option<string?> allocation = Options.Text("--allocation", "race|full|ucb|thompson|egreedy",
        "race: drop a candidate once a paired test says it is worse than the best; full: every candidate every trial; ucb, thompson, egreedy: "
        + "a bandit gives each free runner slot the (candidate, block) it bets on, within --trial-budget (default " + DefaultAllocation + ").");
    private readonly Option<int?> firstTest = Options.Int("--race-first-test",
        "Blocks measured before the race's first test (default: one per regime, at least 3).", "N");
    private readonly Option<string?> confidence = Options.Text("--race-confidence", "C",
        "Confidence of the race's test, in (0, 1) (default 0.95).");
    private readonly Option<int?> trialBudget = Options.Int("--trial-budget",
        "A bandit's blocks ((regime, trial) measurements) per generation (default: half of candidates × regimes × trials, rounded up; at least one per candidate).",
        "N");

    public AllocationOptions(Command command)
    {
        command.Add(allocation);
        command.Add(firstTest);
        command.Add(confidence);
        command.Add(trialBudget);
    }

    public AllocationValues Read(ParseResult r) =>
        new(r.GetValue(allocation), r.GetValue(firstTest), r.GetValue(confidence), r.GetValue(trialBudget));
}

/// <summary>The allocation options of one invocation; null where not given.</summary>
public sealed record AllocationValues(string? Allocation, int? FirstTest, string? Confidence, int? TrialBudget = null)
{
    /// <summary>Refuses (exit 2) what no race or bandit can have.</summary>
    /// <param name="population">the candidates per generation, for a bandit's minimum budget</param>
    /// <param name="resuming">--resume: the allocation is the run's, so --trial-budget is checked against the run instead</param>
    public AllocationValues Validated(int? population = null, bool resuming = false)
    {
        if (Allocation is not null && !AllocationOptions.Allocations.Contains(Allocation))
            throw new CommandFailure(ExitCodes.Usage, "--allocation must be one of " + string.Join(", ", AllocationOptions.Allocations)
                + " (got '" + Allocation + "')");
        if ((FirstTest is not null || Confidence is not null) && Effective() != RunSpec.RaceAllocation)
            throw new CommandFailure(ExitCodes.Usage, "--race-first-test and --race-confidence need --allocation race"
                + (Bandit() is not null ? " (a bandit has no race; it takes --trial-budget)" : ""));
        CampaignValues.AtLeast("--race-first-test", FirstTest, 1);
        if (Confidence is not null)
        {
            if (!double.TryParse(Confidence, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) || !(c > 0 && c < 1))
                throw new CommandFailure(ExitCodes.Usage, "--race-confidence must be a number in (0, 1) (got '" + Confidence + "')");
        }
        if (TrialBudget is { } budget && !resuming)
        {
            if (Bandit() is null)
                throw new CommandFailure(ExitCodes.Usage, "--trial-budget needs a bandit allocation: --allocation ucb, thompson or egreedy");
            var minimum = BanditBudget.Minimum(population ?? 1);
            if (budget < minimum)
                throw new CommandFailure(ExitCodes.Usage, "--trial-budget must be at least one block per candidate: at least " + minimum
                    + (population is { } p ? " for a population of " + p : "") + " (got " + budget + ")");
        }
        return this;
    }

    public string Effective() => Allocation ?? AllocationOptions.DefaultAllocation;

    /// <summary>The race's settings, validated; null for a full or bandit run.</summary>
    public RaceSettings? Race() => Effective() != RunSpec.RaceAllocation ? null
        : new RaceSettings(FirstTest, Confidence is null ? RaceSettings.DefaultConfidence : double.Parse(Confidence, CultureInfo.InvariantCulture));

    /// <summary>The bandit's name (ucb, thompson, egreedy); null for a race or a full run.</summary>
    public string? Bandit() => RunSpec.BanditAllocations.Contains(Effective()) ? Effective() : null;
}
