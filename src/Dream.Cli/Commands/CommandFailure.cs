namespace Dream.Cli.Commands;

/// <summary>
/// Ends a command with a contract exit status and a message for the user, without a stack trace; e.g.
/// <c>throw new CommandFailure(ExitCodes.Infrastructure, "database unreachable at ...")</c>.
/// </summary>
public sealed class CommandFailure : Exception
{
    public CommandFailure(int exitCode, string message, Exception? cause = null) : base(message, cause) => ExitCode = exitCode;

    public int ExitCode { get; }
}
