using System.Runtime.InteropServices;

namespace Dream.Cli.Commands;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM (a supervisor stopping Dream) end every command with status 130, "interrupted; the
/// state is kept" (DESIGN.md section 5), whichever of the two it was. The stop is the runtime's usual one:
/// <see cref="Environment.Exit"/> runs the ProcessExit handlers to their end (Akka.NET's coordinated shutdown drains
/// this node's trials in flight, stops the coordinators, leaves the cluster and closes the journal) and only then
/// ends the process. Left to itself, .NET would end with 128 + the signal's number: 143 for SIGTERM.
/// </summary>
public static class Interruption
{
    public const string DefaultNotice = "dream: interrupted";

    private static int signalled;
    private static volatile string notice = DefaultNotice;
    private static readonly List<PosixSignalRegistration> Registrations = new();

    /// <summary>Called by Main only: the real process, never a test that runs commands in its own process.</summary>
    public static void ExitWith130OnSignals()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                Registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    // The default would end the process at once; the clean stop below is what keeps the journal whole.
                    context.Cancel = true;
                    Stop();
                }));
            }
            catch (PlatformNotSupportedException)
            {
                // not ours to handle on this platform: the signal keeps its default effect
            }
        }
    }

    private static void Stop()
    {
        // A second Ctrl-C changes nothing: the clean stop under way is what keeps the journal whole.
        if (Interlocked.Exchange(ref signalled, 1) == 1) return;
        System.Console.Error.WriteLine();
        System.Console.Error.WriteLine(notice);
        System.Console.Error.Flush();
        // Not on the signal thread: Exit waits for the ProcessExit handlers, which may need that thread's runtime.
        new Thread(() => Environment.Exit(ExitCodes.Interrupted)) { IsBackground = false, Name = "dream-stop" }.Start();
    }

    /// <summary>Whether a signal is stopping this process: whatever fails from then on is a consequence of the stop.</summary>
    public static bool Happened() => Volatile.Read(ref signalled) == 1;

    /// <summary>What a signal prints, e.g. how to resume the run it interrupts; null for the default.</summary>
    public static void Notice(string? text) => notice = text ?? DefaultNotice;
}
