using System.Globalization;
using Dream.Core.Domain;
using Dream.Trials.Processes;
using Dream.Trials.Tests.Trials;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Workloads;

[Collection(ProcessTestsCollection.Name)]
public sealed class CommandWorkloadTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, Kpi> NoKpis = new Dictionary<string, Kpi>();
    private readonly string _data = Directory.CreateTempSubdirectory("dream-cmd-").FullName;
    private readonly DomainSpec _domain = Fixtures.Domain("app",
        [Fixtures.IntKnob("threads", 1, 64, 8), Fixtures.FloatKnob("ratio", 0, 1, null, 0.5)], NoKpis);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, true);
        }
        catch (IOException)
        {
        }
    }

    private string Scratch => Path.Combine(_data, "s");

    private WorkloadHarness.Outcome Run(IReadOnlyList<object> argv, TimeSpan? cancelAfter = null,
        IProcessRecorder? recorder = null, DomainSpec? domain = null, Genome? genome = null)
    {
        var w = Fixtures.Workload("command", "argv", argv);
        var spec = WorkloadHarness.Trial(domain ?? _domain, genome ?? Fixtures.Genome("threads", 16L, "ratio", 0.25), w, 0, 0);
        // threads is handed over as a workload-arg knob, ratio through the environment as an env knob would.
        var ctx = new WorkloadContext(spec, new Dictionary<string, object> { ["threads"] = 16L },
            new Dictionary<string, string> { ["DREAM_TEST_RATIO"] = "0.25" }, Placement.None, Scratch, null, recorder);
        return WorkloadHarness.Run(new CommandWorkload(), ctx, cancelAfter);
    }

    [Fact]
    public void KnobValuesReachTheArgvAndTheEnvironmentAndStdoutGivesTheKpis()
    {
        var r = Run(["sh", "-c", "echo '{\"ops\": {threads}, \"ratio\": '$DREAM_TEST_RATIO', \"lat\": null, \"name\": \"x\"}'"]).Ok();
        Assert.Equal(new Dictionary<string, double> { ["ops"] = 16.0, ["ratio"] = 0.25 }, r.Kpis);
        Assert.Contains("null", r.Unavailable["lat"]);
    }

    /// <summary>While it runs, the command's PID is recorded (for a restart after SIGKILL); after it, it is not.</summary>
    [Fact]
    public void TheCommandIsRecordedWhileItRunsAndNoLonger()
    {
        var journal = Directory.CreateDirectory(Path.Combine(_data, "j")).FullName;
        var recorder = IProcessRecorder.Of((pid, argv) =>
        {
            var file = Path.Combine(journal, pid.ToString(CultureInfo.InvariantCulture) + ".workload");
            File.WriteAllText(file, "{\"pid\":" + pid.ToString(CultureInfo.InvariantCulture) + ",\"argv\":" + argv.Count + "}");
            return () => File.Delete(file);
        });
        // The record is written just after the start, so the command waits for it (bounded to 5 s).
        var script = $$"""
            for i in $(seq 500); do ls {{journal}} | grep -q '[.]workload$' && break; sleep 0.01; done
            echo "{\"records\": $(ls {{journal}} | grep -c '[.]workload$'), \"mine\": $(cat {{journal}}/*.workload | grep -c "\"pid\":$$,")}"
            """;
        var r = Run(["sh", "-c", script], recorder: recorder).Ok();
        Assert.Equal(new Dictionary<string, double> { ["records"] = 1.0, ["mine"] = 1.0 }, r.Kpis);
        Assert.Empty(Directory.GetFiles(journal));
    }

    [Fact]
    public void AFailingCommandFailsTheTrialWithItsStderr()
    {
        var e = Run(["sh", "-c", "echo 'no such device' >&2; exit 3"]).Failed();
        Assert.Contains("status 3", e.Message);
        Assert.Contains("no such device", e.Message);
        var notJson = Run(["sh", "-c", "echo hello"]).Failed();
        Assert.Contains("JSON", notJson.Message);
    }

    [Fact]
    public void ShellSyntaxInTheArgvOrInAKnobValueIsOnlyEverALiteralArgument()
    {
        var id = Guid.NewGuid().ToString();
        var pwned = "/tmp/pwned-" + id;
        var canary = Directory.CreateDirectory(Path.Combine(_data, "canary-" + id)).FullName;
        File.WriteAllText(Path.Combine(canary, "keep"), "x");
        var evil = "; touch " + pwned + " #";
        var d = Fixtures.Domain("app", [Fixtures.ChoiceKnob("mode", ["fast", evil], "fast")], NoKpis);
        var r = Run(["printf", "{\"n\": 1, \"a\": \"%s\", \"b\": \"%s\", \"c\": \"%s\"}", "$(touch " + pwned + ")", "; rm -rf " + canary, "{mode}"],
            domain: d, genome: Fixtures.Genome("mode", evil)).Ok();
        Assert.Equal(new Dictionary<string, double> { ["n"] = 1.0 }, r.Kpis);
        Assert.False(File.Exists(pwned), "nothing was executed: no shell ever saw the arguments");
        Assert.True(File.Exists(Path.Combine(canary, "keep")), "nothing was removed");
        // The program receives exactly those characters: here a shell gets them as $1 (data, never code) and counts them.
        var literal = "$(touch " + pwned + "); rm -rf " + canary;
        var len = Run(["sh", "-c", "printf '{\"len\": %s}' \"${#1}\"", "sh", literal], domain: d, genome: Fixtures.Genome("mode", "fast")).Ok();
        Assert.Equal(literal.Length, len.Kpis["len"]);
        Assert.False(File.Exists(pwned));
        Assert.True(File.Exists(Path.Combine(canary, "keep")));
    }

    [Fact]
    public void AnUnknownPlaceholderIsRefusedBeforeAnythingRuns()
    {
        var e = Run(["echo", "{cores}"]).Failed();
        Assert.IsType<ArgumentException>(e);
        Assert.Contains("{cores}", e.Message);
        var missing = Run(["no-such-program-dream", "x"]).Failed();
        Assert.IsType<ToolMissingException>(missing);
        Assert.Contains("no-such-program-dream is not installed on this node", missing.Message);
    }

    [Fact]
    public void AHungCommandIsKilledWithItsWholeProcessTree()
    {
        var pids = Path.Combine(_data, "pids");
        var o = Run(["sh", "-c", "sleep 300 & echo $$ $! > " + pids + "; wait"], cancelAfter: TimeSpan.FromSeconds(1));
        Assert.True(o.Cancelled);
        Assert.NotNull(o.Error);
        foreach (var pid in File.ReadAllText(pids).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            Assert.True(ProcessWatch.Gone(long.Parse(pid, CultureInfo.InvariantCulture), 5000), $"process {pid} still runs");
    }

    [Fact]
    public void OnlyTheFirstJsonValueOnStdoutIsRead()
    {
        var r = CommandWorkload.Parse("{\"a\": 1, \"b\": true, \"c\": {\"d\": 2}, \"e\": 1e999}\nlog line", "x");
        Assert.Equal(new Dictionary<string, double> { ["a"] = 1.0 }, r.Kpis);
        Assert.Contains("non-finite e", r.Unavailable["e"]);
        Assert.Throws<IOException>(() => CommandWorkload.Parse("[1, 2]", "x"));
        Assert.Throws<IOException>(() => CommandWorkload.Parse("", "x"));
    }
}
