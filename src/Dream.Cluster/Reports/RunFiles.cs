using System.Text;
using Dream.Cluster.Runs;
using Dream.Core.Packs;

namespace Dream.Cluster.Reports;

/// <summary>
/// The run's files as a projection of the domain journals: fed every event in order (live, or replayed by
/// <c>dream report</c>), it writes the manifest, one pack per candidate, each generation's best, evolution.jsonl,
/// best.json and the baselines.v2 export. Every file is rewritten whole and atomically from events alone, so a
/// replay gives the same files (their timestamps come from the events too). Thread-safe: the domains' streams
/// feed it concurrently.
/// </summary>
public sealed class RunFiles
{
    private readonly string _dataDir;
    private readonly object _lock = new();
    private readonly SortedDictionary<string, SortedDictionary<int, EvolutionRecord>> _evolution = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, BestFile.Entry?> _best = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedDictionary<string, CandidatePack>> _packs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, DomainProgress> _progress = new(StringComparer.Ordinal);
    private readonly EvidenceFile _evidence = new();
    // Written without an fsync each (they are rewritten from the journal after a crash), flushed when a domain finishes.
    private readonly HashSet<string> _unflushed = new(StringComparer.Ordinal);
    private RunSpec? _run;

    /// <summary>What the progress display and <c>dream report</c> show for one domain.</summary>
    public sealed class DomainProgress
    {
        public int Generation { get; internal set; } = -1;
        public long Trials { get; internal set; }
        public long BaselineTrials { get; internal set; }
        public string? BestCandId { get; internal set; }
        public double? BestScore { get; internal set; }
        public IReadOnlyList<double>? BestCi { get; internal set; }
        public string? Finished { get; internal set; }
        public bool BaselinesFixed { get; internal set; }
        /// <summary>Candidates whose evidence came from an earlier measurement of the same genome.</summary>
        public int CandidatesReused { get; internal set; }
        /// <summary>Trials taken from the evidence cache (trials-reused.v1), and trials looked up there.</summary>
        public long TrialsReused { get; internal set; }
        public long EvidenceLookedUp { get; internal set; }

        /// <summary>How often each trial id appears in the journal: exactly once each, or the journal is wrong.</summary>
        public SortedDictionary<string, int> TrialIdCounts { get; } = new(StringComparer.Ordinal);

        internal DomainProgress Copy()
        {
            var c = new DomainProgress
            {
                Generation = Generation, Trials = Trials, BaselineTrials = BaselineTrials, BestCandId = BestCandId,
                BestScore = BestScore, BestCi = BestCi, Finished = Finished, BaselinesFixed = BaselinesFixed,
                CandidatesReused = CandidatesReused, TrialsReused = TrialsReused, EvidenceLookedUp = EvidenceLookedUp,
            };
            foreach (var (k, v) in TrialIdCounts) c.TrialIdCounts[k] = v;
            return c;
        }
    }

    public RunFiles(string dataDir, string runId)
    {
        _dataDir = dataDir;
        RunDir = Path.Combine(dataDir, "runs", runId);
    }

    public string RunDir { get; }

    /// <summary>
    /// Deletes the hidden temporary files of atomic writes that a killed process left in the run directory. For the
    /// process that resumes the run, the directory's only writer, before the replay writes every file again.
    /// </summary>
    public void RemoveInterruptedWrites()
    {
        if (!Directory.Exists(RunDir)) return;
        foreach (var f in Directory.EnumerateFiles(RunDir, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(f);
            if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal)) File.Delete(f);
        }
    }

    /// <summary>A copy of each domain's progress so far.</summary>
    public IReadOnlyDictionary<string, DomainProgress> Progress()
    {
        lock (_lock) return _progress.ToDictionary(kv => kv.Key, kv => kv.Value.Copy());
    }

    /// <summary>One event of <paramref name="domain"/>'s journal, in journal order.</summary>
    public void OnEvent(string domain, DomainEvent e)
    {
        lock (_lock)
        {
            if (!_progress.TryGetValue(domain, out var p)) _progress[domain] = p = new DomainProgress();
            Apply(domain, e, p);
            _evidence.OnEvent(domain, e);
            if (_evidence.Any && e is DomainEvent.TrialsReused or DomainEvent.GenerationCompleted or DomainEvent.Finished)
                Projected(_evidence.Write(RunDir, _run?.RunId ?? Path.GetFileName(RunDir)));
            if (e is DomainEvent.Finished)
            {
                Json.FlushToDisk(_unflushed);
                _unflushed.Clear();
            }
        }
    }

    /// <summary>
    /// The packs, each generation's best, evolution.jsonl, best.json and evidence.json are written atomically but not
    /// flushed one by one: an fsync per candidate pack competed with the journal's commits for the disk (about a
    /// thousand per bench run). They are a projection: after a crash, <c>dream run --resume</c> and <c>dream report</c>
    /// write them again from the journal, and a domain that finishes flushes them all.
    /// </summary>
    private void WriteProjected(string file, object? value)
    {
        Json.WriteAtomically(file, value, durable: false);
        Projected(file);
    }

    private void WriteProjected(string file, byte[] bytes)
    {
        Json.WriteAtomically(file, bytes, durable: false);
        Projected(file);
    }

    private void Projected(string file) => _unflushed.Add(Path.GetFullPath(file));

    private void Apply(string domain, DomainEvent e, DomainProgress p)
    {
        switch (e)
        {
            case DomainEvent.Started s:
                _run = s.Run;
                var run = s.Run;
                var settings = new Dictionary<string, object?>();
                foreach (var (k, v) in run.Settings) settings[k] = v;
                Json.WriteAtomically(Path.Combine(RunDir, "manifest.json"), new Manifest(run.RunId, run.StartedAtUtc, run.DreamVersion,
                    run.CodeHash, run.ConfigHashes, run.Seed, run.Domains, run.Nodes.Select(n => new Manifest.Node(n, run.NodeClass)).ToList(),
                    settings));
                break;
            case DomainEvent.BaselinesFixed b:
                p.BaselinesFixed = true;
                ExportBaselines(b.Records);
                break;
            case DomainEvent.TrialsRecorded t:
                foreach (var r in t.Results)
                {
                    p.TrialIdCounts[r.TrialId] = p.TrialIdCounts.GetValueOrDefault(r.TrialId) + 1;
                    if (r.TrialId.Contains("/baseline/", StringComparison.Ordinal)) p.BaselineTrials++;
                    else p.Trials++;
                }
                break;
            case DomainEvent.GenerationProposed g:
                p.Generation = g.Generation;
                break;
            case DomainEvent.TrialsReused u:
                p.TrialsReused += u.Trials.Count;
                p.EvidenceLookedUp += u.LookedUp;
                break;
            case DomainEvent.CandidateAssessed a:
                if (!_packs.TryGetValue(domain, out var packs)) _packs[domain] = packs = new SortedDictionary<string, CandidatePack>(StringComparer.Ordinal);
                packs[a.CandId] = a.Pack;
                if (a.ReusedFrom is not null) p.CandidatesReused++;
                WriteProjected(Path.Combine(RunDir, a.Pack.RelativePath()), a.Pack);
                break;
            case DomainEvent.GenerationCompleted g:
                OnGenerationCompleted(domain, g, p);
                break;
            case DomainEvent.Finished f:
                p.Finished = f.Outcome;
                break;
        }
    }

    private void OnGenerationCompleted(string domain, DomainEvent.GenerationCompleted g, DomainProgress p)
    {
        string? packPath = null;
        if (g.BestCandId != null && _packs.TryGetValue(domain, out var packs) && packs.TryGetValue(g.BestCandId, out var pack))
        {
            WriteProjected(Path.Combine(RunDir, "candidates", domain, $"gen{g.Generation}_best.json"), pack);
            packPath = pack.RelativePath();
            if (g.BestScore is { } score && (p.BestScore == null || score > p.BestScore))
            {
                p.BestScore = score;
                p.BestCandId = g.BestCandId;
                p.BestCi = g.BestScoreCi95;
                _best[domain] = BestFile.Entry.Of(pack);
            }
        }
        if (!_evolution.TryGetValue(domain, out var records)) _evolution[domain] = records = new SortedDictionary<int, EvolutionRecord>();
        records[g.Generation] = new EvolutionRecord(_run?.RunId ?? Path.GetFileName(RunDir), domain, g.Generation, g.BestCandId, g.BestScore,
            g.BestScoreCi95, g.Safe, g.Evaluated, g.Evaluated - g.Safe, packPath, Timestamps.Utc(DateTimeOffset.Parse(g.AtUtc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal)));
        var lines = new StringBuilder();
        foreach (var rs in _evolution.Values)
            foreach (var r in rs.Values) lines.Append(Json.Compact(r)).Append('\n');
        WriteProjected(Path.Combine(RunDir, "evolution.jsonl"), new UTF8Encoding(false).GetBytes(lines.ToString()));
        WriteProjected(Path.Combine(RunDir, "best.json"), new BestFile(_best));
    }

    /// <summary>Merges this run's baselines into data/baselines.json, keeping other domains' and regimes' entries.</summary>
    private void ExportBaselines(IReadOnlyDictionary<string, BaselineRecord> records)
    {
        var file = Path.Combine(_dataDir, "baselines.json");
        var all = File.Exists(file) ? BaselinesFile.Read(file) : BaselinesFile.Empty();
        foreach (var r in records.Values) all = all.With(r);
        all.Write(file);
    }
}
