using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dream.Core.Domain;
using Dream.Trials.Probes;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Trials;

/// <summary>
/// A node that is killed in the middle of a trial, for <see cref="CrashRecoveryTests"/>: run as a process of its own
/// (<c>dotnet exec Dream.Trials.Tests.dll JOURNAL SCRATCH [no-cgroup]</c> with <c>DREAM_CRASH_CHILD=1</c> and
/// <c>DREAM_SYS_ROOT</c> pointing at a fake tree), it applies a sysfs knob (the CPU governor) and a cgroup knob
/// (cpu.max of the trial's cgroup, unless told "no-cgroup") with the real actuators and starts a command that
/// sleeps, then waits to be killed.
/// </summary>
/// <remarks>
/// The test assembly's entry point is the test SDK's empty one, so the child is started by a module initializer,
/// which runs before it, on a foreground thread that keeps the process alive after that Main has returned.
/// </remarks>
public static class CrashChild
{
    /// <summary>The id of the trial the child is killed in (Fixtures.Trial's).</summary>
    public static readonly string TrialId = TrialSpec.IdOf("run1", "crash", "gen0_c0", "normal", 0);

    public const string EnvSwitch = "DREAM_CRASH_CHILD";

    public static DomainSpec Domain() => Fixtures.Domain("crash",
    [
        new ChoiceKnob("governor", ["performance", "schedutil"], null,
            new ActuatorSpec("sysfs", "/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor", null, null)),
        new ChoiceKnob("bandwidth", ["full", "half"], null,
            new ActuatorSpec("cgroup", "cpu.max", new Dictionary<string, string> { ["full"] = "max 100000", ["half"] = "50000 100000" }, null)),
    ], new Dictionary<string, Kpi>());

    /// <summary>Only the governor: the workload runs in no cgroup, so nothing but the apply-journal knows its PID.</summary>
    public static DomainSpec DomainWithoutCgroup() => Fixtures.Domain("crash", [Domain().Knob("governor")], new Dictionary<string, Kpi>());

#pragma warning disable CA2255 // a module initializer in a library: it does nothing unless DREAM_CRASH_CHILD is set
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RunIfAsked()
    {
        if (Environment.GetEnvironmentVariable(EnvSwitch) != "1") return;
        var args = Environment.GetCommandLineArgs().Skip(1).ToArray();
        // A foreground thread of its own, so that the initializer ends (a thread that touches this assembly while
        // it runs would wait for it): the empty Main returns, and the process lives on until this thread ends.
        new Thread(() =>
        {
            // As the dream command does (Dream.Cli's Interruption): SIGTERM becomes Environment.Exit, which runs the
            // ProcessExit handlers, the executor's among them. Left to itself, .NET ends at once on SIGTERM.
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                new Thread(() => Environment.Exit(143)) { IsBackground = false }.Start();
            });
            RunChild(args);
        }) { IsBackground = false, Name = "crash-child" }.Start();
    }

    /// <summary>Arguments: journal, scratch, and "no-cgroup" to run the workload outside a trial cgroup.</summary>
    private static void RunChild(string[] args)
    {
        var o = new LocalTrialExecutor.Options("crashing-node", args[0], args[1],
            TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        using var ex = new LocalTrialExecutor(o, WorkloadRegistry.Standard(), [], Dream.Trials.Actuators.Actuators.Standard(SysRoot.FromEnv()));
        var sleep = Fixtures.Workload("command", "argv", new List<object> { "sleep", "600" });
        var noCgroup = args.Length > 2 && args[2] == "no-cgroup";
        var t = noCgroup
            ? Fixtures.Trial(DomainWithoutCgroup(), Fixtures.Genome("governor", "performance"), sleep, 0, 600, 0, new Dictionary<string, Cap>(), true)
            : Fixtures.Trial(Domain(), Fixtures.Genome("governor", "performance", "bandwidth", "half"), sleep, 0, 600, 0, new Dictionary<string, Cap>(), true);
        t = t with { Global = new GlobalCaps(3, 900, 2) };
        var r = ex.Run(t); // killed long before it ends
        Console.WriteLine("trial ended, which it should not have: " + r);
    }
}
