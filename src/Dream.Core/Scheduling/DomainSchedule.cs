namespace Dream.Core.Scheduling;

/// <summary>
/// When and how one domain's campaigns run: one campaign every <c>Every</c>, each a run of
/// <c>Generations</c> × <c>Population</c> with <c>Trials</c> per candidate and regime, on <c>Regimes</c>
/// (null: all of the domain's). A null field means "not said here": <see cref="OrElse"/> fills it from a fallback.
/// </summary>
public sealed record DomainSchedule(
    string? Domain, TimeSpan? Every, int? Population, int? Generations, int? Trials, IReadOnlyList<string>? Regimes, string? Strategy)
{
    /// <summary>What a domain gets when nothing says otherwise; population, generations and trials as <c>dream run</c>.</summary>
    public static readonly TimeSpan DefaultEvery = TimeSpan.FromHours(1);

    public IReadOnlyList<string>? Regimes { get; init; } = Regimes?.ToList().AsReadOnly();

    public static DomainSchedule Unset(string? domain) => new(domain, null, null, null, null, null, null);

    /// <summary>This schedule with every unset field taken from <paramref name="fallback"/>.</summary>
    public DomainSchedule OrElse(DomainSchedule fallback) => new(Domain,
        Every ?? fallback.Every,
        Population ?? fallback.Population,
        Generations ?? fallback.Generations,
        Trials ?? fallback.Trials,
        Regimes ?? fallback.Regimes,
        Strategy ?? fallback.Strategy);

    /// <summary>The interval, <see cref="DefaultEvery"/> when unset.</summary>
    public TimeSpan Interval() => Every ?? DefaultEvery;

    public bool Equals(DomainSchedule? other) =>
        other is not null && Domain == other.Domain && Every == other.Every && Population == other.Population
        && Generations == other.Generations && Trials == other.Trials && Strategy == other.Strategy
        && (Regimes is null ? other.Regimes is null : other.Regimes is not null && Regimes.SequenceEqual(other.Regimes));

    public override int GetHashCode() => HashCode.Combine(Domain, Every, Population, Generations, Trials, Regimes?.Count, Strategy);
}
