using System.Globalization;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Dream.Cluster.Nodes;

/// <summary>
/// Akka.NET's log events as one line each on stderr, <c>HH:mm:ss.fff LEVEL source - message</c> in local time:
/// the CLI speaks to people on stdout, so the log stays on stderr and short. The level comes from
/// <c>akka.loglevel</c>, which dream-defaults.conf takes from DREAM_LOG_LEVEL (WARNING unless set).
/// </summary>
public sealed class DreamLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private static readonly object Gate = new();

    public DreamLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private static void Write(LogEvent e)
    {
        var line = Format(e);
        lock (Gate) global::System.Console.Error.WriteLine(line);
    }

    /// <summary>The line of one event, with the cause's message (not its stack) for a warning or error.</summary>
    public static string Format(LogEvent e)
    {
        var time = e.Timestamp.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var level = e.LogLevel() switch
        {
            LogLevel.DebugLevel => "DEBUG",
            LogLevel.InfoLevel => "INFO ",
            LogLevel.WarningLevel => "WARN ",
            _ => "ERROR",
        };
        var cause = e is Error { Cause: { } c } ? ": " + c.Message : "";
        return $"{time} {level} {Source(e.LogSource)} - {e.Message}{cause}";
    }

    // The actor's own name (the last path element) is what tells one source from another in a node's log.
    private static string Source(string source)
    {
        if (!source.StartsWith("akka", StringComparison.Ordinal) || !source.Contains("://", StringComparison.Ordinal)) return source;
        var s = source.Split(' ')[0].TrimEnd('/');
        var i = s.LastIndexOf('/');
        return i > s.IndexOf("://", StringComparison.Ordinal) + 2 && i < s.Length - 1 ? s[(i + 1)..] : s;
    }
}
