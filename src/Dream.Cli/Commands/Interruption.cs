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
    private static readonly List<Action> Stops = new();
    private static readonly ManualResetEventSlim CommandEnded = new();

    /// <summary>How long the stop waits, once the stops are done, for the command to print its last lines.</summary>
    private static readonly TimeSpan LastWords = TimeSpan.FromSeconds(10);

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
        // Not on the signal thread: a stop and Exit's ProcessExit handlers may need that thread's runtime.
        new Thread(() =>
        {
            Action[] stops;
            lock (Stops) stops = Stops.ToArray();
            foreach (var stop in stops)
            {
                try
                {
                    stop();
                }
                catch (Exception e)
                {
                    System.Console.Error.WriteLine("dream: " + e.Message);
                }
            }
            // A stopped node ends the command, which then says so ("left the cluster", how to resume): let it.
            if (stops.Length > 0) CommandEnded.Wait(LastWords);
            Environment.Exit(ExitCodes.Interrupted);
        }) { IsBackground = false, Name = "dream-stop" }.Start();
    }

    /// <summary>
    /// What a signal stops before the process exits, e.g. a node, which drains its trials in flight and leaves the
    /// cluster. Done before Environment.Exit on purpose: ProcessExit handlers run in the order they were added, and the
    /// trial executor's (which cancels whatever still runs) was added before the node existed.
    /// </summary>
    /// <returns>what takes <paramref name="stop"/> off the list again</returns>
    public static Action OnSignalStop(Action stop)
    {
        lock (Stops) Stops.Add(stop);
        return () =>
        {
            lock (Stops) Stops.Remove(stop);
        };
    }

    /// <summary>Called by Main when the command has returned: nothing more is going to be printed.</summary>
    public static void Ended() => CommandEnded.Set();

    /// <summary>Whether a signal is stopping this process: whatever fails from then on is a consequence of the stop.</summary>
    public static bool Happened() => Volatile.Read(ref signalled) == 1;

    /// <summary>What a signal prints, e.g. how to resume the run it interrupts; null for the default.</summary>
    public static void Notice(string? text) => notice = text ?? DefaultNotice;
}
