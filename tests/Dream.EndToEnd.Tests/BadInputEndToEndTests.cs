using System.Text.RegularExpressions;

namespace Dream.EndToEnd.Tests;

/// <summary>A small finished run on SQLite, made once for the tests that copy an existing data directory.</summary>
public sealed class FinishedRun : IDisposable
{
    private readonly TempDir _shared = new();
    private readonly Lazy<(string Data, string RunId)> _run;

    public FinishedRun() => _run = new Lazy<(string, string)>(() =>
    {
        var data = _shared.Resolve("data");
        var r = DreamProcess.Run(_shared.Path, E2e.NoEnv, 120, "run", "--domain", "sim", "--config-dir", E2e.Config, "--data", data,
            "--seed", "3", "--population", "4", "--generations", "1", "--trials", "2", "--regimes", "normal");
        Assert.True(r.Exit == 0, r.Output);
        return (data, Path.GetFileName(RunFiles.OnlyRun(data)));
    });

    public string Data => _run.Value.Data;
    public string RunId => _run.Value.RunId;

    public void Dispose() => _shared.Dispose();
}

/// <summary>
/// What a user gets for bad input, from a real <c>dream</c> process: the exit status of DESIGN.md section 5, a message
/// that says what is wrong (never a stack trace), and nothing written where nothing may be.
/// </summary>
public sealed class BadInputEndToEndTests(FinishedRun finished) : IClassFixture<FinishedRun>, IDisposable
{
    private const string UnknownRunId = "2020-01-01T00-00-00_rzzzzzz";
    private const string NoDatabase = "postgresql://postgres@127.0.0.1:1/nope";

    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    private static string[] Run(string data, params string[] extra) =>
        ["run", "--domain", "sim", "--config-dir", E2e.Config, "--data", data, "--population", "4", "--generations", "1", "--trials", "2", .. extra];

    private static IReadOnlyDictionary<string, string> Env(string k, string v) => new Dictionary<string, string> { [k] = v };

    [Fact]
    public void AnUnknownDomainIsBadUsageNamesTheKnownOnesAndWritesNothing()
    {
        var data = _work.Resolve("data");
        var r = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "run", "--domain", "nope", "--config-dir", E2e.Config, "--data", data);
        Assert.True(r.Exit == 2, r.Output);
        Assert.True(r.Output.Contains("unknown domain 'nope'"), r.Output);
        Assert.True(r.Output.Contains("defines: sim"), r.Output);
        E2e.AssertNoStackTrace(r.Output);
        Assert.False(Directory.Exists(data), "--data was created for a run that never started");
        Assert.False(Directory.Exists(_work.Resolve("dream-data")));
    }

    [Fact]
    public void AnUnreachableDatabaseIsAnInfrastructureFailureWithAClearMessageAndLeavesNothingBehind()
    {
        var data = _work.Resolve("new", "data");
        var r = DreamProcess.Run(_work.Path, Env("DREAM_DB_URL", NoDatabase), 60, Run(data));
        Assert.True(r.Exit == 3, r.Output);
        Assert.True(r.Output.Contains("journal database unavailable at " + NoDatabase), r.Output);
        E2e.AssertNoStackTrace(r.Output);
        Assert.False(Directory.Exists(_work.Resolve("new")), "the data directory (and its parent) made for a run that never started was left behind");

        var empty = Directory.CreateDirectory(_work.Resolve("empty")).FullName;
        var again = DreamProcess.Run(_work.Path, Env("DREAM_DB_URL", NoDatabase), 60, Run(empty));
        Assert.True(again.Exit == 3, again.Output);
        Assert.True(E2e.Tree(empty).SequenceEqual(new SortedDictionary<string, string> { ["/"] = "dir" }), "an empty --data directory is left empty");
    }

    [Fact]
    public void RefusedCommandsLeaveNoDataDirectoryBehind()
    {
        var data = _work.Resolve("data");
        var resume = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "run", "--resume", UnknownRunId, "--data", data);
        Assert.True(resume.Exit == 2, resume.Output);
        Assert.True(resume.Output.Contains($"unknown run '{UnknownRunId}'"), resume.Output);
        Assert.False(Directory.Exists(data), "--data was created for a run that is not there");

        var report = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "report", UnknownRunId, "--data", data);
        Assert.True(report.Exit == 2, report.Output);
        Assert.False(Directory.Exists(data), "--data was created to report a run that is not there");

        // a coordinator of a multi-node cluster on this node's own SQLite file
        var node = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "node", "--join", "127.0.0.1:1", "--data", data);
        Assert.True(node.Exit == 2, node.Output);
        Assert.True(node.Output.Contains("needs the shared PostgreSQL journal"), node.Output);
        E2e.AssertNoStackTrace(node.Output);
        Assert.False(Directory.Exists(data), "--data was created for a node that was refused");
    }

    [Fact]
    public void AForeignDirectoryIsRefusedAndLeftUntouched()
    {
        var home = _work.Resolve("home");
        Directory.CreateDirectory(Path.Combine(home, "projects"));
        File.WriteAllText(Path.Combine(home, "notes.txt"), "not Dream's\n");
        File.WriteAllText(Path.Combine(home, "projects", "plan.md"), "# mine\n");
        var before = E2e.Tree(home);
        var r = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, Run(home));
        Assert.True(r.Exit == 2, r.Output);
        Assert.True(r.Output.Contains("is not a Dream data directory"), r.Output);
        E2e.AssertNoStackTrace(r.Output);
        Assert.Equal(before, E2e.Tree(home));
    }

    [Fact]
    public void ADamagedMarkerIsRefusedAndTheDirectoryLeftUntouched()
    {
        var data = E2e.Copy(finished.Data, _work.Resolve("data"));
        File.WriteAllText(Path.Combine(data, "dream-data.json"), "{\"format\": \"dre");
        var before = E2e.Tree(data);
        var r = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, Run(data));
        Assert.True(r.Exit == 2, r.Output);
        Assert.True(r.Output.Contains("dream-data.json is damaged"), r.Output);
        E2e.AssertNoStackTrace(r.Output);
        Assert.Equal(before, E2e.Tree(data));
    }

    [Fact]
    public void ACorruptJournalIsAnInfrastructureFailureWithAClearMessage()
    {
        var data = E2e.Copy(finished.Data, _work.Resolve("data"));
        var db = E2e.SqliteJournal(data);
        // the database file and any write-ahead log a process left (a clean exit leaves none)
        foreach (var f in new[] { db, db + "-wal" }.Where(File.Exists))
        {
            var bytes = File.ReadAllBytes(f);
            for (int i = 0; i < bytes.Length; i += 7) bytes[i] ^= 0xff;
            File.WriteAllBytes(f, bytes);
        }
        var r = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, Run(data));
        Assert.True(r.Exit == 3, r.Output);
        Assert.True(r.Output.Contains("journal database unavailable at sqlite:" + db), r.Output);
        // SQLite's words for a damaged file: its header (error 26) or its pages (error 11)
        Assert.True(r.Output.Contains("file is not a database") || r.Output.Contains("database disk image is malformed"), r.Output);
        E2e.AssertNoStackTrace(r.Output);
        Assert.True(E2e.RunDirs(data).SequenceEqual([finished.RunId]), "a new run was started on a corrupt journal");
    }

    [Fact]
    public void ResumingAnUnknownRunIsBadUsageAndLeavesTheJournalAsItWas()
    {
        var data = E2e.Copy(finished.Data, _work.Resolve("data"));
        var before = E2e.Journal(data);
        var r = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "run", "--resume", UnknownRunId, "--data", data);
        Assert.True(r.Exit == 2, r.Output);
        Assert.True(r.Output.Contains($"unknown run '{UnknownRunId}'"), r.Output);
        E2e.AssertNoStackTrace(r.Output);
        Assert.True(before.SequenceEqual(E2e.Journal(data)), "the journal changed");
        Assert.True(E2e.RunDirs(data).SequenceEqual([finished.RunId]));

        var report = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "report", finished.RunId, "--data", data);
        Assert.True(report.Exit == 0, report.Output);
        Assert.True(report.Output.Contains("sim: generation 1 of 1, completed"), report.Output);
        Assert.True(report.Output.Contains("trials recorded 10, distinct trial ids 10, recorded more than once 0"), report.Output);
    }

    /// <summary>
    /// The journal restored from a backup taken before the latest run: SQLite opens it without a word, and that run's
    /// files are still in runs/. Reporting or resuming it is exit 3 with what happened and what to do, not "unknown
    /// run"; any other command warns of it.
    /// </summary>
    [Fact]
    public void ARunTheJournalHasLostIsNamedWithTheCauseAndWhatToDo()
    {
        var data = E2e.Copy(finished.Data, _work.Resolve("data"));
        var journal = Path.Combine(data, "journal");
        var backup = E2e.Copy(journal, _work.Resolve("journal-backup"));
        var second = DreamProcess.Run(_work.Path, E2e.NoEnv, 120, Run(data, "--seed", "4", "--regimes", "normal"));
        Assert.True(second.Exit == 0, second.Output);
        var lost = E2e.RunDirs(data).First(id => id != finished.RunId);
        foreach (var f in Directory.GetFiles(journal)) File.Delete(f);
        E2e.Copy(backup, journal);
        var journalFile = E2e.SqliteJournal(data);
        var runs = Path.Combine(data, "runs");

        var report = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "report", lost, "--data", data);
        Assert.True(report.Exit == 3, report.Output);
        Assert.True(report.Output.Contains("run " + lost + " is not in the journal"), report.Output);
        Assert.True(report.Output.Contains("though its files are in " + Path.Combine(runs, lost)), report.Output);
        Assert.True(report.Output.Contains("truncated, replaced or restored from an older backup"), report.Output);
        Assert.True(report.Output.Contains("restore " + journalFile + " from a backup"), report.Output);
        Assert.False(report.Output.Contains("unknown run"), report.Output);
        E2e.AssertNoStackTrace(report.Output);

        var resume = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "run", "--resume", lost, "--data", data);
        Assert.True(resume.Exit == 3, resume.Output);
        Assert.True(resume.Output.Contains("run " + lost + " is not in the journal"), resume.Output);
        E2e.AssertNoStackTrace(resume.Output);

        var other = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "report", finished.RunId, "--data", data);
        Assert.True(other.Exit == 0, other.Output);
        var warning = other.Output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith("dream: warning:", StringComparison.Ordinal));
        Assert.True(warning != null, other.Output);
        Assert.Equal("dream: warning: the journal does not know 1 run whose files are in " + runs + ": " + lost, warning);
        Assert.True(other.Output.Contains("move its directory out of " + runs), other.Output);
    }

    [Fact]
    public void ADryRunPrintsThePlanAndWritesNothing()
    {
        var data = _work.Resolve("data");
        var r = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "run", "--domain", "sim", "--config-dir", E2e.Config, "--data", data,
            "--dry-run", "--population", "2", "--generations", "3", "--trials", "2");
        Assert.True(r.Exit == 0, r.Output);
        Assert.True(r.Output.Contains("dry run: nothing is measured and nothing is written"), r.Output);
        Assert.True(r.Output.Contains("population 2, 2 trials per candidate and regime"), r.Output);
        Assert.True(r.Output.Contains("generations 3"), r.Output);
        // (3 generations + the baseline) x 2 candidates x 2 trials, per regime
        Assert.True(Regex.IsMatch(r.Output, "regime normal .* 16 trials", RegexOptions.Singleline), r.Output);
        Assert.True(Regex.IsMatch(r.Output, "regime stress .* 16 trials", RegexOptions.Singleline), r.Output);
        E2e.AssertNoStackTrace(r.Output);
        Assert.False(Directory.Exists(data), "a dry run wrote " + data);
        Assert.False(Directory.Exists(_work.Resolve("dream-data")));
    }
}
