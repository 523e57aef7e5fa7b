using Dream.Cli.Commands;
using Dream.Cli.Console;
using Dream.Cli.Service;

namespace Dream.Cli.Tests.Commands;

/// <summary>The texts the contract and the README show, built by pure functions.</summary>
public sealed class MessagesTests
{
    [Fact]
    public void ARunIdIsTheUtcSecondAndSixBase36Characters()
    {
        var at = new DateTimeOffset(2026, 11, 21, 7, 27, 12, TimeSpan.FromHours(2));
        var n = 0;
        var id = RunSpecs.NewRunId(at, bound => n++ % bound);
        Assert.Equal("2026-11-21T05-27-12_r012345", id);
        var random = RunSpecs.NewRunId(at, System.Security.Cryptography.RandomNumberGenerator.GetInt32);
        Assert.Matches(@"^2026-11-21T05-27-12_r[0-9a-z]{6}$", random);
    }

    [Fact]
    public void AFreshSeedIsNeverNegative()
    {
        for (var i = 0; i < 100; i++) Assert.True(RunSpecs.FreshSeed() >= 0);
    }

    [Fact]
    public void TheLostRunWarningNamesTheRunsTheJournalAndWhatToDo()
    {
        var one = JournalCheck.LostRunsWarning(new[] { "2026-11-21T08-16-36_rdl5vlr" }, "/d", "Data Source=/d/journal/dream.db");
        var lines = one.Split('\n');
        Assert.Equal("dream: warning: the journal does not know 1 run whose files are in /d/runs: 2026-11-21T08-16-36_rdl5vlr", lines[0]);
        Assert.Contains("  The journal (Data Source=/d/journal/dream.db) has lost it: ", lines[1]);
        Assert.Contains("restore /d/journal/dream.db from a backup; to go on without it, move its directory out of /d/runs (this warning then stops).", lines[2]);

        var two = JournalCheck.LostRunsWarning(new[] { "a", "b" }, "/d", "postgresql://dream@db:5432/dream");
        Assert.StartsWith("dream: warning: the journal does not know 2 runs whose files are in /d/runs: a, b", two);
        Assert.Contains("Their files are intact, but they cannot be resumed", two);
        Assert.Contains("set DREAM_DB_URL to the database that recorded them", two);
    }

    [Fact]
    public void TheLostRunMessageSaysWhereItsFilesAre()
    {
        var m = JournalCheck.LostRunMessage("r1", "/d", "Data Source=/d/journal/dream.db;Pooling=false");
        Assert.StartsWith("run r1 is not in the journal (Data Source=/d/journal/dream.db;Pooling=false), though its files are in /d/runs/r1: ", m);
        Assert.Contains("truncated, replaced or restored from an older backup", m);
        Assert.EndsWith("restore /d/journal/dream.db from a backup, then try again.", m);
    }

    [Fact]
    public void ScoresAreSignedWithFourDecimals()
    {
        Assert.Equal("+0.4020", ProgressView.Fmt(0.402));
        Assert.Equal("-0.0100", ProgressView.Fmt(-0.01));
        Assert.Equal("+0.0000", ProgressView.Fmt(0.0));
        Assert.Equal("-", ProgressView.Fmt(null));
        Assert.Equal(" [+0.3314, +0.4725]", ProgressView.Ci(new[] { 0.3314, 0.4725 }));
        Assert.Equal("", ProgressView.Ci(null));
        Assert.Equal("", ProgressView.Ci(new[] { 1.0 }));
    }

    [Fact]
    public void TheProgressLineShowsTrialsTimesAndTheMessage()
    {
        var line = ProgressView.Line(192, 192, TimeSpan.FromSeconds(5), "sim gen 6/6 best +0.4020 [+0.3314, +0.4725]");
        Assert.Equal("trials 100% [=========================] 192/192 (0:00:05 / 0:00:00) sim gen 6/6 best +0.4020 [+0.3314, +0.4725]", line);
        var half = ProgressView.Line(50, 100, TimeSpan.FromSeconds(30), "sim baseline");
        Assert.Equal("trials  50% [============             ] 50/100 (0:00:30 / 0:00:30) sim baseline", half);
    }

    [Fact]
    public void ABaselineKpiLineIsAlignedAsTheReadmeShows()
    {
        Assert.Equal("    perf                           564.2941  [524.4524, 604.1357]",
            BaselinesCommand.KpiLine("perf", 564.2941, new[] { 524.4524, 604.1357 }));
        Assert.Equal("    perf                           564.2941", BaselinesCommand.KpiLine("perf", 564.2941, null));
    }

    [Fact]
    public void ATableHasColumnsAsWideAsTheirWidestCellTwoSpacesApart()
    {
        var t = new Table("NODE", "STATUS", "ROLES").Row("akka.tcp://Dream@127.0.0.1:1", "Up", null).Row("x", "Joining", "runner");
        var w = new StringWriter();
        t.Print(w);
        Assert.Equal(2, t.Size());
        var nl = Environment.NewLine;
        Assert.Equal("NODE                          STATUS   ROLES" + nl
            + "akka.tcp://Dream@127.0.0.1:1  Up       -" + nl
            + "x                             Joining  runner" + nl, w.ToString());
    }

    [Fact]
    public void TheServiceLogStampsEachLineToTheSecondInUtc()
    {
        var w = new StringWriter();
        new ServiceLog(w, () => new DateTimeOffset(2026, 11, 21, 6, 23, 44, 999, TimeSpan.Zero)).Line("sim: next campaign");
        Assert.Equal("2026-11-21T06:23:44Z sim: next campaign" + Environment.NewLine, w.ToString());
    }

    [Fact]
    public void ThreadGroupsDropDigits()
    {
        Assert.Equal("akka.actor.default-dispatcher-N", ThreadCpu.Group("akka.actor.default-dispatcher-12"));
        var cpu = ThreadCpu.Start();
        Assert.All(cpu.SinceStart(), e => Assert.True(e.Value >= 0));
    }
}
