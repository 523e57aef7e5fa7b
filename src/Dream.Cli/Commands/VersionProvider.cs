using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Dream.Cli.Commands;

/// <summary><c>dream --version</c>: the build, the code hash recorded in manifests, and the runtime underneath.</summary>
public static class VersionProvider
{
    /// <summary>E.g. <c>dream 0.2.0 (code sha256:…, .NET 10.0.0, Akka.NET 1.5.75)</c>.</summary>
    public static string VersionLine() =>
        $"dream {Version()} (code {CodeHash()}, .NET {Environment.Version}, Akka.NET {AkkaVersion()})";

    public static string Version()
    {
        return Dream.Core.BuildInfo.Version();
    }

    public static string CodeHash()
    {
        return Dream.Core.BuildInfo.CodeHash();
    }

    /// <summary>
    /// Until Dream.Core.BuildInfo lands: the sha256 over the sorted <c>sha256sum</c> lines of Dream's own assemblies
    /// (<c>dream.dll</c> and <c>Dream.*.dll</c>) beside this one, the rule of the Java build applied to .NET.
    /// </summary>
    internal static string LocalCodeHash(string dir)
    {
        var files = Directory.Exists(dir)
            ? Directory.GetFiles(dir, "*.dll").Where(f => Path.GetFileName(f) is var n && (n == "dream.dll" || n.StartsWith("Dream.", StringComparison.Ordinal)))
                .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList()
            : new List<string>();
        var lines = new StringBuilder();
        foreach (var f in files) lines.Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))).Append("  ").Append(Path.GetFileName(f)).Append('\n');
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines.ToString())));
    }

    private static string AkkaVersion()
    {
        var asm = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Akka");
        if (asm is null)
        {
            try { asm = Assembly.Load("Akka"); }
            catch (Exception) { return "unknown"; }
        }
        var v = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? asm.GetName().Version?.ToString() ?? "unknown";
        return v.Split('+')[0];
    }

    /// <summary>The action of <c>--version</c>/<c>-V</c>, on every command as in the Java CLI.</summary>
    internal sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(VersionLine());
            return ExitCodes.Ok;
        }
    }
}
