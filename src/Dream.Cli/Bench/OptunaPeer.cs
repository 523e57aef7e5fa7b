using System.Diagnostics;
using System.Text.Json;
using Dream.Core.Domain;
using Dream.Core.Knobs;

namespace Dream.Cli.Bench;

/// <summary>
/// <c>--peer optuna</c>: Optuna's default TPESampler(seed) in a Python process of its own
/// (<c>Bench/Peers/optuna_peer.py</c> beside the executable, run by python3), asked for one candidate at a time while
/// Dream measures and scores it with the same <see cref="SimMeasure"/> and the same rules as its own strategies: the
/// same trials per candidate, a genome asked again keeps its first score at no cost, and the budget ends the run.
/// </summary>
public static class OptunaPeer
{
    public const string Name = "optuna";
    /// <summary>Names another interpreter than Debian's, whose python3-optuna the peer expects.</summary>
    public const string PythonEnv = "DREAM_PEER_PYTHON";

    public static string Python => Environment.GetEnvironmentVariable(PythonEnv) is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <summary>A peer that asks only genomes it asked before would never spend the budget: it is stopped after this many asks per candidate the budget holds.</summary>
    public const int AskFactor = 5;

    public sealed class Unavailable(string reason) : Exception(reason);

    public static string Script() => Path.Combine(AppContext.BaseDirectory, "Bench", "Peers", "optuna_peer.py");

    /// <summary>The version of Optuna the peer imports; throws <see cref="Unavailable"/> with the reason when it cannot run.</summary>
    public static string Check(KnobSpace space)
    {
        using var p = Session.Start(space, 0);
        return p.Version;
    }

    public static SearchRun Run(SimMeasure m, long seed, int budget)
    {
        var clock = Stopwatch.StartNew();
        using var peer = Session.Start(m.Space, seed);
        var book = new SearchRun.Book(m, budget);
        var asks = 0;
        var maxAsks = AskFactor * Math.Max(1, budget / m.TrialsPerCandidate);
        while (asks < maxAsks)
        {
            var genome = peer.Ask();
            if (book.Evaluate(genome, 0, asks) is not { } score) break;
            peer.Tell(score.Value);
            asks++;
        }
        return book.Result(seed, 0, clock) with { Generations = asks };
    }

    private sealed class Session : IDisposable
    {
        private readonly Process _p;
        private readonly KnobSpace _space;

        public string Version { get; private set; } = "";

        private Session(Process p, KnobSpace space)
        {
            _p = p;
            _space = space;
        }

        public static Session Start(KnobSpace space, long seed)
        {
            var script = Script();
            var python = Python;
            if (!File.Exists(python)) throw new Unavailable(python + " is not installed");
            if (!File.Exists(script)) throw new Unavailable("the peer script " + script + " is missing from this build");
            var info = new ProcessStartInfo(python)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(script);
            var p = Process.Start(info) ?? throw new Unavailable("cannot start " + python);
            p.ErrorDataReceived += (_, _) => { };
            p.BeginErrorReadLine();
            var s = new Session(p, space);
            try
            {
                s.Send(new Dictionary<string, object?> { ["seed"] = seed, ["knobs"] = Knobs(space) });
                var ready = s.Receive();
                if (ready.TryGetProperty("error", out var e)) throw new Unavailable(e.GetString() ?? "the peer failed");
                s.Version = ready.GetProperty("optuna").GetString() ?? "";
                return s;
            }
            catch
            {
                s.Dispose();
                throw;
            }
        }

        public Genome Ask()
        {
            Send(new Dictionary<string, object?> { ["op"] = "ask" });
            var values = Receive().GetProperty("params");
            var pairs = new List<KeyValuePair<string, object>>();
            for (var i = 0; i < _space.Dimension(); i++)
            {
                var axis = _space.Axis(i);
                var v = values.GetProperty(axis.Knob.Name);
                object value = axis.Knob switch
                {
                    BoolKnob => v.GetBoolean(),
                    ChoiceKnob => v.GetString()!,
                    IntKnob => v.GetInt64(),
                    FloatKnob f when f.Step is not null => ((LevelAxis)axis).ValueAt(v.GetInt64()),
                    _ => v.GetDouble(),
                };
                pairs.Add(new(axis.Knob.Name, value));
            }
            var genome = new Genome(pairs);
            if (!_space.Contains(genome)) throw new InvalidOperationException("optuna proposed a genome outside the space: " + genome.Key());
            return genome;
        }

        public void Tell(double? score)
        {
            Send(new Dictionary<string, object?> { ["op"] = "tell", ["score"] = score });
            Receive();
        }

        private static List<Dictionary<string, object?>> Knobs(KnobSpace space)
        {
            var knobs = new List<Dictionary<string, object?>>();
            for (var i = 0; i < space.Dimension(); i++)
            {
                var axis = space.Axis(i);
                knobs.Add(axis.Knob switch
                {
                    BoolKnob k => new() { ["name"] = k.Name, ["type"] = "bool" },
                    ChoiceKnob k => new() { ["name"] = k.Name, ["type"] = "choice", ["choices"] = k.Choices },
                    IntKnob k => new() { ["name"] = k.Name, ["type"] = "int", ["min"] = k.Min, ["max"] = k.Max,
                        ["step"] = k.Step == 0 ? 1 : k.Step, ["log"] = k.Log },
                    FloatKnob k when k.Step is not null => new() { ["name"] = k.Name, ["type"] = "levels", ["count"] = axis.Levels() },
                    FloatKnob k => new() { ["name"] = k.Name, ["type"] = "float", ["min"] = k.Min, ["max"] = k.Max, ["log"] = k.Log },
                    _ => throw new Unavailable("knob " + axis.Knob.Name + " has a type the peer does not know"),
                });
            }
            return knobs;
        }

        private void Send(object message)
        {
            _p.StandardInput.WriteLine(JsonSerializer.Serialize(message));
            _p.StandardInput.Flush();
        }

        private JsonElement Receive()
        {
            var line = _p.StandardOutput.ReadLine()
                ?? throw new Unavailable("the optuna peer ended (exit " + (_p.WaitForExit(5000) ? _p.ExitCode.ToString() : "?") + ")");
            return JsonDocument.Parse(line).RootElement.Clone();
        }

        public void Dispose()
        {
            try
            {
                if (!_p.HasExited)
                {
                    _p.StandardInput.WriteLine("{\"op\": \"quit\"}");
                    _p.StandardInput.Close();
                    if (!_p.WaitForExit(5000)) _p.Kill(true);
                }
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
            }
            _p.Dispose();
        }
    }
}
