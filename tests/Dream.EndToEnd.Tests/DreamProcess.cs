using System.Diagnostics;

namespace Dream.EndToEnd.Tests;

/// <summary>A real <c>dream</c> process (<c>dotnet dream.dll</c>, the build's own); its output goes to a log file.</summary>
public sealed class DreamProcess
{
    public Process Process { get; }
    public string Log { get; }

    private DreamProcess(Process process, string log)
    {
        Process = process;
        Log = log;
    }

    /// <summary>dream.dll beside this test assembly (a project reference copies it here), or DREAM_E2E_DREAM_DLL's (another build).</summary>
    public static string DreamDll =>
        Environment.GetEnvironmentVariable("DREAM_E2E_DREAM_DLL") is { Length: > 0 } dll ? dll : Path.Combine(AppContext.BaseDirectory, "dream.dll");

    public static DreamProcess Start(string workDir, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        Directory.CreateDirectory(workDir);
        var log = Path.Combine(workDir, $"dream-{Guid.NewGuid():N}.log");
        // Output is appended by a shell-free redirection: the log file is written by this process as it arrives.
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(DreamDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("DREAM_DB_URL");
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var writer = new StreamWriter(new FileStream(log, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var gate = new object();
        void Write(string? line)
        {
            if (line is null) return;
            lock (gate) writer.WriteLine(line);
        }
        p.OutputDataReceived += (_, e) => Write(e.Data);
        p.ErrorDataReceived += (_, e) => Write(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        p.Exited += (_, _) =>
        {
            p.WaitForExit(); // drains the asynchronous readers
            lock (gate) writer.Dispose();
        };
        return new DreamProcess(p, log);
    }

    public static Result Run(string workDir, IReadOnlyDictionary<string, string> env, int timeoutS, params string[] args)
    {
        var p = Start(workDir, env, args);
        if (!p.Process.WaitForExit(TimeSpan.FromSeconds(timeoutS)))
        {
            p.Process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"dream {string.Join(' ', args)} did not finish in {timeoutS} s:\n{p.Output()}");
        }
        p.Process.WaitForExit();
        return new Result(p.Process.ExitCode, p.Output());
    }

    public string Output()
    {
        using var s = new FileStream(Log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(s).ReadToEnd();
    }

    /// <summary>SIGKILL: no shutdown hook, no coordinated shutdown; what the journal has is all that survives.</summary>
    public void Kill()
    {
        try { Process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        Process.WaitForExit(30_000);
    }

    /// <summary>SIGTERM, as a supervisor stops a process (systemd, docker stop), and its end within <paramref name="timeoutS"/>.</summary>
    public Result Stop(int timeoutS)
    {
        Signal(Process.Id, 15);
        if (!Process.WaitForExit(TimeSpan.FromSeconds(timeoutS)))
        {
            Kill();
            throw new Xunit.Sdk.XunitException($"not stopped {timeoutS} s after SIGTERM:\n{Output()}");
        }
        Process.WaitForExit();
        return new Result(Process.ExitCode, Output());
    }

    /// <summary>A POSIX signal to a process (SIGTERM 15, SIGSTOP 19, SIGCONT 18).</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);

    public sealed record Result(int Exit, string Output);
}
