using System.CommandLine;
using System.Globalization;
using Dream.Cluster.Runs;
using Dream.Core.Racing;

namespace Dream.Cli.Commands;

/// <summary>How <c>dream run</c> spends a generation's trials: <c>--allocation race|full</c> and the race's settings.</summary>
public sealed class AllocationOptions
{
    public static readonly IReadOnlyList<string> Allocations = [RunSpec.RaceAllocation, RunSpec.FullAllocation];

    /// <summary>What a run without <c>--allocation</c> does.</summary>
    public const string DefaultAllocation = RunSpec.RaceAllocation;

    private readonly Option<string?> allocation = Options.Text("--allocation", "race|full",
        "race: drop a candidate once a paired test says it is worse than the best; full: every candidate every trial (default " + DefaultAllocation + ").");
    private readonly Option<int?> firstTest = Options.Int("--race-first-test",
        "Blocks measured before the race's first test (default: one per regime, at least 3).", "N");
    private readonly Option<string?> confidence = Options.Text("--race-confidence", "C",
        "Confidence of the race's test, in (0, 1) (default 0.95).");

    public AllocationOptions(Command command)
    {
        command.Add(allocation);
        command.Add(firstTest);
        command.Add(confidence);
    }

    public AllocationValues Read(ParseResult r) => new(r.GetValue(allocation), r.GetValue(firstTest), r.GetValue(confidence));
}

/// <summary>The allocation options of one invocation; null where not given.</summary>
public sealed record AllocationValues(string? Allocation, int? FirstTest, string? Confidence)
{
    /// <summary>Refuses (exit 2) what no race can have.</summary>
    public AllocationValues Validated()
    {
        if (Allocation is not null && !AllocationOptions.Allocations.Contains(Allocation))
            throw new CommandFailure(ExitCodes.Usage, "--allocation must be race or full (got '" + Allocation + "')");
        if ((FirstTest is not null || Confidence is not null) && Effective() != RunSpec.RaceAllocation)
            throw new CommandFailure(ExitCodes.Usage, "--race-first-test and --race-confidence need --allocation race");
        CampaignValues.AtLeast("--race-first-test", FirstTest, 1);
        if (Confidence is not null)
        {
            if (!double.TryParse(Confidence, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) || !(c > 0 && c < 1))
                throw new CommandFailure(ExitCodes.Usage, "--race-confidence must be a number in (0, 1) (got '" + Confidence + "')");
        }
        return this;
    }

    public string Effective() => Allocation ?? AllocationOptions.DefaultAllocation;

    /// <summary>The race's settings, validated; null for a full run.</summary>
    public RaceSettings? Race() => Effective() != RunSpec.RaceAllocation ? null
        : new RaceSettings(FirstTest, Confidence is null ? RaceSettings.DefaultConfidence : double.Parse(Confidence, CultureInfo.InvariantCulture));
}
