using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// A container engine on this machine, as the image test drives it: podman (or DREAM_E2E_CONTAINER_ENGINE), with the
/// settings a container needs where the engine's defaults do not fit the machine. Podman asks for more open files
/// and processes than a sandbox's hard limits allow ("setrlimit RLIMIT_NOFILE: Operation not permitted"), so every
/// container gets limits no higher than this process's own hard limits; crun refuses a host with cgroups v1 and v2
/// mounted together ("cgroups in hybrid mode not supported"), runc does not, so runc is used where it is installed.
/// </summary>
public sealed class ContainerEngine(string command, IReadOnlyList<string> runtimeArgs)
{
    public string Command => command;

    /// <summary>The engine's options for every build and run here (runtime and limits).</summary>
    public IReadOnlyList<string> RuntimeArgs => runtimeArgs;

    /// <summary>The engine, or why none can run a container here.</summary>
    public static (ContainerEngine? Engine, string? Why) Find()
    {
        var name = Environment.GetEnvironmentVariable("DREAM_E2E_CONTAINER_ENGINE") is { Length: > 0 } e ? e : "podman";
        if (Which(name) is null)
            return (null, name + " is not installed (apt-get install podman runc; the Docker client alone has no daemon here)");
        var args = new List<string>();
        if (name.EndsWith("podman", StringComparison.Ordinal) && Which("runc") is not null) args.AddRange(["--runtime", "runc"]);
        var (nofile, nproc) = HardLimits();
        if (nofile is { } n) args.AddRange(["--ulimit", "nofile=" + n + ":" + n]);
        // Well below the hard limit: measured here (hard limit 96367), runc accepted 4096, 8192 and 32768 and refused
        // 48183 and 96367 ("error setting rlimit type 6: operation not permitted"); a dream container needs few.
        if (nproc is { } p) args.AddRange(["--ulimit", "nproc=" + Math.Min(p, 4096) + ":" + Math.Min(p, 4096)]);
        var engine = new ContainerEngine(name, args);
        var probe = engine.Exec(120, ["info"]);
        if (probe.Code != 0) return (null, name + " info failed (exit " + probe.Code + "): " + FirstLines(probe.Output));
        return (engine, null);
    }

    private static string? Which(string name) =>
        Path.IsPathRooted(name) ? (File.Exists(name) ? name : null)
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>This process's hard limits of open files and processes (/proc/self/limits), null where unlimited.</summary>
    public static (long? NoFile, long? NProc) HardLimits()
    {
        long? Hard(string[] lines, string what)
        {
            var line = lines.FirstOrDefault(l => l.StartsWith(what, StringComparison.Ordinal));
            if (line is null) return null;
            var cols = Regex.Split(line[what.Length..].Trim(), @"\s+");
            return cols.Length > 1 && long.TryParse(cols[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        if (!File.Exists("/proc/self/limits")) return (null, null);
        var all = File.ReadAllLines("/proc/self/limits");
        return (Hard(all, "Max open files"), Hard(all, "Max processes"));
    }

    public static string FirstLines(string text, int n = 6) => string.Join("\n", text.Split('\n').Where(l => l.Trim().Length > 0).Take(n));

    public sealed record Result(int Code, string Output);

    /// <summary>The engine with <paramref name="args"/>; "build" and "run" get <see cref="RuntimeArgs"/> after the verb.</summary>
    public Result Exec(int timeoutS, IReadOnlyList<string> args, string? workDir = null)
    {
        var psi = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workDir ?? "" };
        if (args.Count > 0) psi.ArgumentList.Add(args[0]);
        if (args.Count > 0 && args[0] is "build" or "run" or "create") foreach (var a in runtimeArgs) psi.ArgumentList.Add(a);
        foreach (var a in args.Skip(1)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = new System.Text.StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutS)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            lock (output) return new Result(124, output + "\n(" + command + " " + string.Join(' ', args) + ": killed after " + timeoutS + " s)");
        }
        p.WaitForExit();
        lock (output) return new Result(p.ExitCode, output.ToString());
    }
}

/// <summary>
/// The Docker image (docker/Dockerfile) built and run by a real container engine: <c>dream --version</c> in it, then
/// compose.yaml's shape (a seed node, two runners and a campaign, each in a container of its own, on a PostgreSQL
/// journal). No registry serves base images here, so the build uses the base images that docker/base/debian-base.sh
/// makes from Debian packages (or DREAM_E2E_SDK_IMAGE / DREAM_E2E_RUNTIME_IMAGE); the containers share the host's
/// network, so that the journal is the tests' own PostgreSQL and the nodes reach each other on 127.0.0.1. Skipped,
/// saying why, where no engine can run a container, the base images are missing, or no PostgreSQL answers.
/// </summary>
public sealed class ContainerImageEndToEndTests(ITestOutputHelper output)
{
    private const string Image = "localhost/dream:e2e";

    private static string BaseImage(string variable, string tag) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v : "localhost/dream-base:" + tag;

    private ContainerEngine? EngineOrSkip()
    {
        var (engine, why) = ContainerEngine.Find();
        if (engine is null)
        {
            output.WriteLine("skipped: no container engine can run here: " + why);
            return null;
        }
        var sdk = BaseImage("DREAM_E2E_SDK_IMAGE", "sdk");
        var runtime = BaseImage("DREAM_E2E_RUNTIME_IMAGE", "runtime");
        foreach (var image in new[] { sdk, runtime })
            if (engine.Exec(60, ["image", "exists", image]).Code != 0 && engine.Exec(60, ["image", "inspect", image]).Code != 0)
            {
                output.WriteLine("skipped: base image " + image + " is missing (make it with: sudo docker/base/debian-base.sh " + engine.Command + ")");
                return null;
            }
        return engine;
    }

    private void Build(ContainerEngine engine)
    {
        var sw = Stopwatch.StartNew();
        var build = engine.Exec(1500, ["build", "--network", "host", "-f", "docker/Dockerfile",
            "--build-arg", "SDK_IMAGE=" + BaseImage("DREAM_E2E_SDK_IMAGE", "sdk"),
            "--build-arg", "RUNTIME_IMAGE=" + BaseImage("DREAM_E2E_RUNTIME_IMAGE", "runtime"), "-t", Image, "."], E2e.RepositoryRoot());
        output.WriteLine(engine.Command + " build: exit " + build.Code + " in " + sw.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture) + " s");
        Assert.True(build.Code == 0, "image build failed:\n" + Tail(build.Output));
    }

    private static string Tail(string text, int lines = 40) => string.Join("\n", text.Split('\n').TakeLast(lines));

    [Fact]
    public void ImageBuildsAndRunsCampaignOnPostgres()
    {
        if (EngineOrSkip() is not { } engine) return;
        Build(engine);

        var version = engine.Exec(120, ["run", "--rm", Image, "--version"]);
        output.WriteLine("dream --version in the image: " + version.Output.Trim());
        Assert.True(version.Code == 0, version.Output);
        // The same version as this build's (the code hash differs: the image compiles the sources itself).
        var host = DreamProcess.Run(Path.Combine(Path.GetTempPath(), "dream-e2e-image"), E2e.NoEnv, 60, "--version");
        string Version(string text) => Regex.Match(text, @"^dream (\S+) \(", RegexOptions.Multiline).Groups[1].Value;
        Assert.NotEqual("", Version(version.Output));
        Assert.Equal(Version(host.Output), Version(version.Output));

        if (!E2e.PostgresOrSkip(output)) return;
        using var db = PostgresDatabase.Create("dream_image_");
        var config = E2e.Copy(E2e.Config, Path.Combine(Path.GetTempPath(), "dream-e2e-image-config-" + Guid.NewGuid().ToString("N")[..8]));
        var tag = Guid.NewGuid().ToString("N")[..8];
        var names = new List<string>();
        try
        {
            int Port() => LocalClusterPorts.Free();
            var seedPort = Port();
            string Node(string name, int port, string roles, params string[] more)
            {
                var container = "dream-e2e-" + name + "-" + tag;
                names.Add(container);
                var args = new List<string> { "run", "-d", "--name", container, "--network", "host", "-e", "DREAM_DB_URL=" + db.Url(),
                    "-e", "DREAM_LOG_LEVEL=INFO", "-v", config + ":/cfg:ro", Image, "node", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
                    "--roles", roles, "--management-port", "0", "--hocon", "/opt/dream/hocon/cluster.conf", "--data", "/var/lib/dream/data" };
                args.AddRange(more);
                var started = engine.Exec(120, args);
                Assert.True(started.Code == 0, name + " did not start:\n" + started.Output);
                return container;
            }
            var seed = Node("seed", seedPort, "coordinator");
            var runner1 = Node("runner1", Port(), "runner", "--join", "127.0.0.1:" + seedPort);
            var runner2 = Node("runner2", Port(), "runner", "--join", "127.0.0.1:" + seedPort);

            var campaignName = "dream-e2e-campaign-" + tag;
            names.Add(campaignName);
            var campaign = engine.Exec(900, ["run", "--name", campaignName, "--network", "host", "-e", "DREAM_DB_URL=" + db.Url(),
                "-v", config + ":/cfg:ro", Image, "run", "--join", "127.0.0.1:" + seedPort, "--host", "127.0.0.1",
                "--port", Port().ToString(CultureInfo.InvariantCulture), "--management-port", "0", "--roles", "coordinator",
                "--hocon", "/opt/dream/hocon/cluster.conf", "--data", "/var/lib/dream/data", "--config-dir", "/cfg",
                "--domain", "sim", "--population", "4", "--generations", "2", "--trials", "2", "--seed", "7"]);
            output.WriteLine("campaign: exit " + campaign.Code + "\n" + Tail(campaign.Output, 15));
            Assert.True(campaign.Code == 0, "the campaign failed:\n" + Tail(campaign.Output));
            Assert.Matches(new Regex(@"^run \S+  seed 7", RegexOptions.Multiline), campaign.Output);

            var trialsOn = new Dictionary<string, int>();
            foreach (var runner in new[] { runner1, runner2 })
            {
                var logs = engine.Exec(60, ["logs", runner]).Output;
                trialsOn[runner] = Regex.Matches(logs, @"trial \S+ started").Count;
            }
            output.WriteLine("trials started: " + string.Join(", ", trialsOn.Select(kv => kv.Key + " " + kv.Value)));
            Assert.True(trialsOn.Values.Sum() > 0, "no runner container ran a trial:\n" + Tail(engine.Exec(60, ["logs", runner1]).Output));
            var finished = db.Scalar<long>("SELECT count(*) FROM journal WHERE manifest = 'domain-finished.v1'");
            Assert.True(finished >= 1, "no domain-finished.v1 event in the journal");
            Assert.Equal("true", engine.Exec(30, ["inspect", "-f", "{{.State.Running}}", seed]).Output.Trim());
        }
        finally
        {
            foreach (var n in names) engine.Exec(120, ["rm", "-f", "-v", n]);
            Directory.Delete(config, recursive: true);
        }
    }
}

/// <summary>Free TCP ports on 127.0.0.1 for the containers' cluster ports (they share the host's network).</summary>
public static class LocalClusterPorts
{
    public static int Free()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
