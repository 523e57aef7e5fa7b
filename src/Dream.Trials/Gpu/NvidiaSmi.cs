using System.Diagnostics;
using System.Text;
using Dream.Trials.Processes;

namespace Dream.Trials.Gpu;

/// <summary>
/// Runs <c>nvidia-smi</c> (argv, never a shell) with a time limit. A node without it has no NVIDIA driver: callers
/// say "nvidia-smi is not installed on this node" rather than report anything about GPUs.
/// </summary>
public sealed class NvidiaSmi(Tools tools)
{
    public const string Tool = "nvidia-smi";
    private const int TimeoutMs = 15_000;

    public bool Installed() => tools.Find(Tool) is not null;

    public string MissingReason() => tools.Missing(Tool) + " (no NVIDIA driver)";

    /// <summary>Runs nvidia-smi with <paramref name="args"/>; its output, or an IOException with what it said when it fails.</summary>
    public string Run(IReadOnlyList<string> args)
    {
        var bin = tools.Find(Tool) ?? throw new ToolMissingException(Tool, MissingReason());
        var psi = new ProcessStartInfo(bin)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process? started;
        try
        {
            started = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException("nvidia-smi could not be started: " + e.Message, e);
        }
        using var p = started ?? throw new IOException("nvidia-smi could not be started");
        p.StandardInput.Close();
        // nvidia-smi prints little; both streams are read to the end, its messages go with its output.
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeoutMs))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new IOException("nvidia-smi did not finish within " + TimeoutMs + " ms");
        }
        p.WaitForExit();
        var text = stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult();
        if (p.ExitCode != 0)
            throw new IOException("nvidia-smi " + string.Join(" ", args) + " exited with status " + p.ExitCode + ": " + text.Trim());
        return text;
    }

    /// <summary><c>--query-gpu</c> of <paramref name="fields"/> for GPU <paramref name="gpu"/> (all GPUs when null), header kept.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Query(int? gpu, IReadOnlyList<string> fields)
    {
        var args = new List<string>();
        if (gpu is { } g) args.AddRange(["-i", g.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        args.Add("--query-gpu=" + string.Join(",", fields));
        args.Add("--format=csv,nounits");
        return NvidiaSmiCsv.Parse(Run(args), fields);
    }
}
