using Dream.Core.Scheduling;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>
/// A <c>dream service</c> schedule file, validated as strictly as the config files and against them (every
/// domain and regime it names must exist):
/// <code>
/// version: 1
/// defaults: {every: 1h, population: 12, generations: 5}
/// backoff: {initial: 1m, max: 1h}
/// domains:
///   cpu:     {every: 30m, regimes: [normal, stress]}
///   memory:  {every: 2h}
///   storage: {enabled: false}
/// </code>
/// </summary>
public static class ScheduleParser
{
    internal static readonly IReadOnlyList<string> Keys = ["version", "defaults", "backoff", "domains"];
    internal static readonly IReadOnlyList<string> DefaultKeys = ["every", "population", "generations", "trials", "strategy"];
    internal static readonly IReadOnlyList<string> DomainKeys = ["every", "population", "generations", "trials", "strategy", "regimes", "enabled"];
    internal static readonly IReadOnlyList<string> BackoffKeys = ["initial", "max"];
    internal static readonly IReadOnlyList<string> Strategies = ["ga", "cmaes", "tpe"];
    internal static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);

    /// <summary>The schedule in <paramref name="file"/>; every problem found, at file:line:column, when it is not valid.</summary>
    public static CampaignSchedule Load(string file, DreamConfig config)
    {
        var problems = new Problems();
        var y = YamlSource.Read(file, file, problems);
        var schedule = y.Root is null ? null : Parse(y.Source, y.Root, config);
        if (!problems.IsEmpty || schedule is null) throw new ConfigException(problems.Sorted());
        return schedule;
    }

    private static CampaignSchedule? Parse(Source src, YamlNode root, DreamConfig config)
    {
        var doc = YamlMap.Of(src, root, root, "the schedule");
        if (doc is null) return null;
        doc.OnlyKeys(Keys);
        var version = doc.Integer("version", true, "version: 1 at the top of the file");
        if (version is not null && version != 1)
        {
            src.Problem(doc.Value("version"), "schedule version " + version + " is not supported; Dream reads version 1", "write version: 1");
        }
        var defaultsMap = doc.Map("defaults", false, "defaults: {every: 1h}");
        var defaults = DomainSchedule.Unset(null);
        if (defaultsMap is not null)
        {
            defaultsMap.OnlyKeys(DefaultKeys);
            defaults = Settings(defaultsMap, null, config);
        }
        var backoffMap = doc.Map("backoff", false, "backoff: {initial: 1m, max: 1h}");
        var backoff = backoffMap is null ? Backoff.Default : ReadBackoff(backoffMap);
        var domainsMap = doc.Map("domains", true, "domains: {cpu: {every: 30m}}");
        var domains = new List<DomainSchedule>();
        if (domainsMap is not null)
        {
            foreach (var t in domainsMap.Entries)
            {
                var name = Scalars.Text(t.Key)!;
                if (!config.Domains.ContainsKey(name))
                {
                    src.Problem(t.Key, "unknown domain '" + name + "' in the schedule", DidYouMean.Fix(name, config.Domains.Keys, "domains"));
                    continue;
                }
                if (Scalars.IsNull(t.Value))
                {
                    domains.Add(DomainSchedule.Unset(name));
                    continue;
                }
                var entry = YamlMap.Of(src, t.Value, t.Key, "domain '" + name + "' of the schedule");
                if (entry is null) continue;
                entry.OnlyKeys(DomainKeys);
                var enabled = entry.Bool("enabled", false, "enabled: false");
                var s = Settings(entry, name, config);
                if (enabled is null or true) domains.Add(s);
            }
            if (domains.Count == 0 && domainsMap.Count > 0 && src.Problems.IsEmpty)
            {
                src.Problem(domainsMap.Anchor, "every domain of the schedule is disabled", "enable one, or stop the service instead");
            }
            else if (domainsMap.Count == 0)
            {
                src.Problem(domainsMap.Anchor, "the schedule lists no domain", "add one, e.g. domains: {cpu: {every: 30m}}");
            }
        }
        return src.Problems.IsEmpty ? new CampaignSchedule(domains, defaults, backoff) : null;
    }

    private static DomainSchedule Settings(YamlMap m, string? domain, DreamConfig config)
    {
        var every = ReadDuration(m, "every", "every: 30m");
        var population = Bounds.AtLeast(m, "population", 2L, 0L, "population: 12", "a generation needs two candidates to compare");
        var generations = Bounds.AtLeast(m, "generations", 1L, 0L, "generations: 5", "a campaign runs at least one generation");
        var trials = Bounds.AtLeast(m, "trials", 1L, 0L, "trials: 3", "a candidate needs at least one trial per regime");
        var strategy = m.String("strategy", false, "strategy: ga");
        if (strategy is not null && !Strategies.Contains(strategy))
        {
            m.Source.Problem(m.Value("strategy"), "unknown strategy '" + strategy + "' in " + m.What, DidYouMean.Fix(strategy, Strategies, "strategies"));
        }
        List<string>? regimes = null;
        var regimeNodes = m.List("regimes", false, "regimes: [normal, stress]");
        if (regimeNodes is not null && domain is not null)
        {
            regimes = new List<string>();
            IReadOnlyCollection<string> known = config.Regimes.TryGetValue(domain, out var r) ? r.Keys.ToList() : [];
            foreach (var node in regimeNodes)
            {
                var name = Scalars.Text(node);
                if (name is null || !known.Contains(name))
                {
                    m.Source.Problem(node, "domain '" + domain + "' has no regime " + (name is null ? Scalars.Describe(node) : "'" + name + "'"),
                        DidYouMean.Fix(name ?? "", known, "regimes of " + domain + " in regimes.yaml"));
                }
                else
                {
                    regimes.Add(name);
                }
            }
        }
        return new DomainSchedule(domain, every, ToInt(m, "population", population), ToInt(m, "generations", generations),
            ToInt(m, "trials", trials), regimes, strategy);
    }

    /// <summary>Bounds.AtLeast returns its default for an absent key; here absent means "inherit", so it is null.</summary>
    private static int? ToInt(YamlMap m, string key, long? v) => !m.Has(key) || v is null ? null : RegimesParser.ToInt(v.Value);

    private static Backoff ReadBackoff(YamlMap m)
    {
        m.OnlyKeys(BackoffKeys);
        var initial = ReadDuration(m, "initial", "initial: 1m");
        var max = ReadDuration(m, "max", "max: 1h");
        var i = initial ?? Backoff.Default.Initial;
        var x = max ?? (initial is not null && initial > Backoff.Default.Max ? initial.Value : Backoff.Default.Max);
        if (x < i)
        {
            m.Source.Problem(m.Value("max"), "backoff max " + Durations.Format(x) + " is shorter than initial " + Durations.Format(i),
                "make max at least initial, e.g. backoff: {initial: 1m, max: 1h}");
            return Backoff.Default;
        }
        return new Backoff(i, x);
    }

    private static TimeSpan? ReadDuration(YamlMap m, string key, string example)
    {
        if (!m.Has(key)) return null;
        var value = m.Value(key)!;
        var text = Scalars.Text(value);
        var d = Scalars.Integer(value) is not null ? null : Durations.Parse(text);
        if (d is null)
        {
            m.WrongType(key, value, "a duration with its unit (s, m, h, d)", example);
            return null;
        }
        if (d < Shortest)
        {
            m.Source.Problem(value, key + " " + text + " in " + m.What + " must be at least 1s", "write e.g. " + example);
            return null;
        }
        return d;
    }
}
