using Dream.Core.Domain;
using Dream.Core.Evolution;
using Dream.Core.Racing;

namespace Dream.Cluster.Runs;

/// <summary>
/// Everything that defines a run, recorded in the journal when it starts, so that <c>--resume</c> needs no option
/// and no config file: the parsed domain plans travel with it. Two specs are equal when they journal the same.
/// </summary>
public sealed record RunSpec(
    string RunId,
    long Seed,
    IReadOnlyList<string> Domains,
    int Generations,
    bool AllowSystemChanges,
    string NodeClass,
    string StartedAtUtc,
    string DreamVersion,
    string CodeHash,
    IReadOnlyDictionary<string, string> ConfigHashes,
    IReadOnlyDictionary<string, object> Settings,
    IReadOnlyDictionary<string, RunSpec.DomainPlan> Plans,
    IReadOnlyList<string> Nodes) : CborSerializable
{
    /// <summary>One domain of the run: what is tuned, under which regimes, with which rules.</summary>
    public sealed record DomainPlan(
        DomainSpec Domain,
        IReadOnlyList<RegimeSpec> Regimes,
        ExecutionSpec Execution,
        IReadOnlyDictionary<string, Cap> Caps,
        GlobalCaps Global,
        Tolerance Tolerance,
        EvolutionParams Evolution) : CborSerializable;

    /// <summary>The same run with the cluster members it started on (known once this process is a node).</summary>
    public RunSpec WithNodes(IEnumerable<string> members) => this with { Nodes = members.ToList().AsReadOnly() };

    public DomainPlan Plan(string domain) =>
        Plans.TryGetValue(domain, out var p) ? p : throw new ArgumentException($"run {RunId} has no domain {domain}");

    /// <summary>The settings keys of the allocation: recorded only for a raced run, so a full run's settings are as before.</summary>
    public const string AllocationKey = "allocation";
    public const string RaceFirstTestKey = "race_first_test";
    public const string RaceConfidenceKey = "race_confidence";
    public const string FullAllocation = "full";
    public const string RaceAllocation = "race";

    /// <summary>How the trials of a generation are spent: <c>full</c> (every candidate every trial) unless the run says <c>race</c>.</summary>
    public string Allocation => Settings.TryGetValue(AllocationKey, out var a) && a is string s ? s : FullAllocation;

    public bool Raced => Allocation == RaceAllocation;

    /// <summary>The bandit allocations; their runs record <see cref="AllocationKey"/> and <see cref="TrialBudgetKey"/>.</summary>
    public static readonly IReadOnlyList<string> BanditAllocations = ["ucb", "thompson", "egreedy"];

    /// <summary>The blocks (one (regime, trial) measurement each) a bandit generation spends.</summary>
    public const string TrialBudgetKey = "trial_budget";

    public bool Bandited => BanditAllocations.Contains(Allocation);

    /// <summary>The bandit's settings; null unless <see cref="Bandited"/>.</summary>
    public BanditSettings? Bandit => Bandited ? BanditSettings.Of(Allocation) : null;

    /// <summary>A bandit generation's budget of blocks, as recorded (a bandit run always records one).</summary>
    public int TrialBudget => Settings.TryGetValue(TrialBudgetKey, out var b) && b is long budget ? (int)budget
        : throw new InvalidOperationException("run " + RunId + " records no " + TrialBudgetKey);

    public RaceSettings Racing => new(
        Settings.TryGetValue(RaceFirstTestKey, out var f) && f is long first ? (int)first : null,
        Settings.TryGetValue(RaceConfidenceKey, out var c) && c is double confidence ? confidence : RaceSettings.DefaultConfidence);

    /// <summary>Recorded as false only by <c>--no-reuse</c>, so that the settings of other runs stay as before.</summary>
    public const string ReuseKey = "reuse";

    /// <summary>Whether this run takes evidence from the evidence cache (<see cref="EvidenceStore"/>); on unless <c>--no-reuse</c>.</summary>
    public bool Reuses => !(Settings.TryGetValue(ReuseKey, out var r) && r is false);

    public int TotalTrials(string domain)
    {
        var p = Plan(domain);
        return Generations * p.Evolution.Population * p.Regimes.Count * p.Execution.Trials;
    }

    public bool Equals(RunSpec? other) =>
        other is not null && JournalJson.Bytes(w => JournalJson.Write(w, this)).AsSpan()
            .SequenceEqual(JournalJson.Bytes(w => JournalJson.Write(w, other)));

    public override int GetHashCode() => HashCode.Combine(RunId, Seed, Generations, NodeClass);
}
