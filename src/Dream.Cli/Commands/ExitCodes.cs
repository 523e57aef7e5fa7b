namespace Dream.Cli.Commands;

/// <summary>The exit status of every <c>dream</c> command (DESIGN.md section 5).</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>Not part of the contract: an unexpected internal error (a bug); the stack trace is printed.</summary>
    public const int InternalError = 1;

    /// <summary>Bad usage or bad config; nothing was written.</summary>
    public const int Usage = 2;

    /// <summary>Infrastructure unavailable: the database or the cluster.</summary>
    public const int Infrastructure = 3;

    /// <summary>The run ended without any safe candidate.</summary>
    public const int NoSafeCandidate = 4;

    /// <summary>Interrupted (SIGINT or SIGTERM, see <see cref="Interruption"/>); the state is kept and --resume continues.</summary>
    public const int Interrupted = 130;
}
