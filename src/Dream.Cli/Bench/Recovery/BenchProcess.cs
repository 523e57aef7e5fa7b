using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Dream.Cli.Bench.Recovery;

/// <summary>
/// One <c>dream</c> process of this very build (<c>dotnet dream.dll</c>) that a recovery scenario starts, signals and
/// reads: its stdout and stderr go to one log file in its own directory as they arrive, so that the scenario can wait
/// for a line and read the times of day Dream's log lines begin with.
/// </summary>
public sealed class BenchProcess
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    private BenchProcess(string name, int? port, string log, Process process)
    {
        Name = name;
        Port = port;
        Log = log;
        Process = process;
    }

    public string Name { get; }

    /// <summary>The cluster port it listens on, when it is a cluster member the scenario gave a port.</summary>
    public int? Port { get; }

    public string Log { get; }

    public Process Process { get; }

    /// <summary>Its cluster address, as Dream's logs and trial results name it.</summary>
    public string Address => "akka.tcp://Dream@127.0.0.1:" + Port;

    public string HostPort => "127.0.0.1:" + Port;

    public bool Exited => Process.HasExited;

    /// <summary>
    /// Starts <c>dream ARGS</c> in <paramref name="dir"/> with <paramref name="env"/> over this process's environment
    /// (a null value removes the variable).
    /// </summary>
    public static BenchProcess Start(string name, string dir, int? port, IReadOnlyDictionary<string, string?> env, IEnumerable<string> args)
    {
        Directory.CreateDirectory(dir);
        var log = Path.Combine(dir, name + ".log");
        var psi = new ProcessStartInfo(LocalRunnerNodes.DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = dir,
        };
        psi.ArgumentList.Add(LocalRunnerNodes.DreamDll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in env)
        {
            if (v == null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var writer = new StreamWriter(new FileStream(log, FileMode.Create, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false))
            { AutoFlush = true };
        var gate = new object();
        void Write(string? line)
        {
            if (line == null) return;
            lock (gate)
            {
                try
                {
                    writer.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // a last line after the process ended
                }
            }
        }
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => Write(e.Data);
        p.ErrorDataReceived += (_, e) => Write(e.Data);
        p.Exited += (_, _) =>
        {
            p.WaitForExit(); // drains the asynchronous readers
            lock (gate) writer.Dispose();
        };
        try
        {
            p.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            writer.Dispose();
            throw new IOException("cannot start dream " + string.Join(' ', psi.ArgumentList) + ": " + e.Message, e);
        }
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new BenchProcess(name, port, log, p);
    }

    /// <summary>Everything it has written so far.</summary>
    public string Output()
    {
        try
        {
            using var s = new FileStream(Log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(s, Encoding.UTF8).ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The last <paramref name="n"/> lines of its output, for a failure's message.</summary>
    public string Tail(int n = 15)
    {
        var lines = Output().Split('\n');
        return string.Join("\n", lines.Skip(Math.Max(0, lines.Length - n)));
    }

    /// <summary>A POSIX signal; false when the process is gone.</summary>
    public bool Signal(int signal)
    {
        if (Process.HasExited) return false;
        return Kill(Process.Id, signal) == 0;
    }

    /// <summary>SIGKILL, and its end.</summary>
    public void KillNow()
    {
        try
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.WaitForExit(30_000);
        }
        catch (InvalidOperationException)
        {
            // never started, or gone
        }
    }

    /// <summary>Its exit status once it has ended within <paramref name="timeout"/>, else null.</summary>
    public int? WaitExit(TimeSpan timeout)
    {
        if (!Process.WaitForExit(timeout)) return null;
        Process.WaitForExit();
        return Process.ExitCode;
    }

    /// <summary>The first match of <paramref name="pattern"/> in its output; fails when it ends first or after <paramref name="timeout"/>.</summary>
    public Match Await(Regex pattern, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            bool alive = !Process.HasExited;
            var m = pattern.Match(Output());
            if (m.Success) return m;
            if (!alive) throw new ScenarioFailure("waiting for " + what + ", " + Name + " ended (exit " + Process.ExitCode + "):\n" + Tail());
            if (DateTime.UtcNow > deadline) throw new ScenarioFailure("waiting for " + what + ": nothing after " + timeout.TotalSeconds + " s; " + Name + ":\n" + Tail());
            Thread.Sleep(50);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

/// <summary>A scenario could not go on (a process ended, a line never came): the scenario fails with this message.</summary>
public sealed class ScenarioFailure(string message) : Exception(message);
