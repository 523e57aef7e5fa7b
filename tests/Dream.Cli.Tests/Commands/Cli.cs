using System.CommandLine;
using System.Runtime.CompilerServices;
using Dream.Cli.Commands;

namespace Dream.Cli.Tests.Commands;

/// <summary>Runs <c>dream</c> in-process with captured streams.</summary>
public sealed record Cli(int ExitCode, string Out, string Err)
{
    public static Cli Run(params string[] args) => Run(Program.CommandLine(), args);

    public static Cli Run(RootCommand root, params string[] args)
    {
        var @out = new StringWriter();
        var err = new StringWriter();
        var code = Program.Execute(root, @out, err, args);
        return new Cli(code, @out.ToString(), err.ToString());
    }

    /// <summary>
    /// The repository root: the first ancestor with Dream.sln and config/ of the test's directory or, when the build writes its
    /// output elsewhere (DREAM_ARTIFACTS), of the current directory or of this source file.
    /// </summary>
    public static string RepoRoot([CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(source) ?? "" })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Dream.sln")) && Directory.Exists(Path.Combine(d.FullName, "config"))) return d.FullName;
            }
        }
        throw new InvalidOperationException("no repository root above " + AppContext.BaseDirectory);
    }
}

/// <summary>A directory of its own for one test, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dream-cli-" + Guid.NewGuid().ToString("N"))).FullName;

    public string Path { get; }

    public string Resolve(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
