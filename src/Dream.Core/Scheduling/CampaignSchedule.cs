namespace Dream.Core.Scheduling;

/// <summary>
/// A schedule file: the domains that run continuous campaigns (in file order, enabled ones only), the
/// settings every domain inherits (<c>Defaults</c>, with <c>Domain</c> null), and the failure backoff.
/// </summary>
public sealed record CampaignSchedule(IReadOnlyList<DomainSchedule> Domains, DomainSchedule Defaults, Backoff Backoff)
{
    public IReadOnlyList<DomainSchedule> Domains { get; } = Domains.ToList().AsReadOnly();

    /// <summary>The domain's entry with the defaults filled in, or the defaults alone when the file does not list it.</summary>
    public DomainSchedule ForDomain(string domain) =>
        (Domains.FirstOrDefault(d => d.Domain == domain) ?? DomainSchedule.Unset(domain)).OrElse(Defaults);

    public bool Equals(CampaignSchedule? other) =>
        other is not null && Domains.SequenceEqual(other.Domains) && Defaults.Equals(other.Defaults) && Backoff.Equals(other.Backoff);

    public override int GetHashCode() => HashCode.Combine(Domains.Count, Defaults, Backoff);
}
