using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Dream.Cli.Bench;

/// <summary>
/// Runner nodes on this machine for a multi-node benchmark: <c>dream node --roles runner</c> processes of this very
/// build (dotnet and this process's dream.dll), each in a directory of its own under the bench's work directory,
/// joining the seed over loopback. They are the same processes an operator starts on a fleet, so what the benchmark
/// measures is the real cluster path (remoting, the Receptionist, leases), not a shortcut.
/// </summary>
public sealed class LocalRunnerNodes : IDisposable
{
    /// <summary>A runner is given this long to finish its trial and leave before it is killed.</summary>
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(30);

    /// <summary>One started runner: its log and process.</summary>
    public sealed record Runner(string Name, int Port, string Log, Process Process)
    {
        /// <summary>The last 20 lines of its log.</summary>
        public string Tail()
        {
            try
            {
                var lines = ReadShared(Log);
                return string.Join("\n", lines.Skip(Math.Max(0, lines.Count - 20)));
            }
            catch (IOException e)
            {
                return "(no log: " + e.Message + ")";
            }
        }

        private static List<string> ReadShared(string file)
        {
            using var s = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var r = new StreamReader(s, Encoding.UTF8);
            var lines = new List<string>();
            while (r.ReadLine() is { } line) lines.Add(line);
            return lines;
        }
    }

    private readonly List<StreamWriter> logs;

    private LocalRunnerNodes(IReadOnlyList<Runner> runners, List<StreamWriter> logs)
    {
        Runners = runners;
        this.logs = logs;
    }

    public IReadOnlyList<Runner> Runners { get; }

    /// <summary>
    /// Starts <paramref name="count"/> runner nodes joining <paramref name="seed"/> (HOST:PORT), each with
    /// <paramref name="hoconFiles"/> (so that the slots, TLS and the other settings are the benchmark's own).
    /// </summary>
    public static LocalRunnerNodes Start(int count, string dir, string seed, IReadOnlyList<string> hoconFiles)
    {
        var started = new List<Runner>();
        var logs = new List<StreamWriter>();
        try
        {
            for (var i = 1; i <= count; i++)
            {
                var name = "runner" + i;
                var home = Directory.CreateDirectory(Path.Combine(dir, name)).FullName;
                var port = FreePort();
                var psi = new ProcessStartInfo(DotnetHost())
                {
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    RedirectStandardInput = true,
                    WorkingDirectory = home,
                };
                psi.ArgumentList.Add(DreamDll());
                foreach (var a in new[] { "node", "--roles", "runner", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                             "--join", seed, "--data", Path.Combine(home, "data") })
                    psi.ArgumentList.Add(a);
                foreach (var h in hoconFiles)
                {
                    psi.ArgumentList.Add("--hocon");
                    psi.ArgumentList.Add(Path.GetFullPath(h));
                }
                var log = Path.Combine(home, "node.log");
                var writer = new StreamWriter(new FileStream(log, FileMode.Create, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false))
                    { AutoFlush = true };
                logs.Add(writer);
                var process = new Process { StartInfo = psi };
                // Both streams into one log, as the Java tree's redirectErrorStream did.
                process.OutputDataReceived += (_, e) => Append(writer, e.Data);
                process.ErrorDataReceived += (_, e) => Append(writer, e.Data);
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                started.Add(new Runner(name, port, log, process));
            }
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            new LocalRunnerNodes(started, logs).Dispose();
            throw new IOException("cannot start a runner node: " + e.Message, e);
        }
        return new LocalRunnerNodes(started.AsReadOnly(), logs);
    }

    private static void Append(StreamWriter writer, string? line)
    {
        if (line == null) return;
        lock (writer)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // the runner wrote after it was closed
            }
        }
    }

    /// <summary>The first runner that has ended, if any (it could not start or join: its log says why).</summary>
    public Runner? Ended() => Runners.FirstOrDefault(r => r.Process.HasExited);

    /// <summary>This build's dream.dll, which runs the same code as this process.</summary>
    public static string DreamDll() => typeof(Commands.Program).Assembly.Location;

    /// <summary>
    /// The dotnet host: this process's own when it is one (<c>dotnet dream.dll</c>, <c>dotnet test</c>), else
    /// $DOTNET_HOST_PATH, else the one in $DOTNET_ROOT, else <c>dotnet</c> on the PATH.
    /// </summary>
    public static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        var exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        if (self != null && string.Equals(Path.GetFileName(self), exe, StringComparison.OrdinalIgnoreCase)) return self;
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath)) return hostPath;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, exe))) return Path.Combine(root, exe);
        return exe;
    }

    /// <summary>A port nothing listens on now, on loopback.</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        try
        {
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }
        finally
        {
            l.Stop();
        }
    }

    /// <summary>SIGTERM to each (a runner finishes its trial and leaves), then SIGKILL to any still there.</summary>
    public void Dispose()
    {
        foreach (var r in Runners) Terminate(r.Process);
        foreach (var r in Runners)
        {
            try
            {
                if (!r.Process.WaitForExit(LeaveTimeout))
                {
                    r.Process.Kill(entireProcessTree: true);
                    r.Process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // it never started
            }
        }
        foreach (var w in logs)
        {
            lock (w) w.Dispose();
        }
        foreach (var r in Runners) r.Process.Dispose();
    }

    private static void Terminate(Process p)
    {
        try
        {
            if (p.HasExited) return;
            if (OperatingSystem.IsWindows()) p.Kill(entireProcessTree: true);
            else if (Kill(p.Id, SigTerm) != 0) p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
