namespace Dream.Cli.Commands;

/// <summary>
/// Maps what a command throws to the exit status of the contract: a <see cref="CommandFailure"/> carries its own, an
/// interruption is 130, anything else is a bug (status 1, with the stack trace to report). Once a signal is stopping
/// the process, whatever fails is the stop's doing (the actor system terminates under the command): 130, and nothing
/// more is printed than what the signal printed.
/// </summary>
public static class FailureHandler
{
    public static int Handle(Exception ex, TextWriter err)
    {
        int code;
        if (ex is AggregateException { InnerExceptions.Count: 1 } single) ex = single.InnerException!;
        if (Interruption.Happened())
        {
            code = ExitCodes.Interrupted;
        }
        else if (ex is CommandFailure f)
        {
            err.WriteLine("dream: " + f.Message);
            code = f.ExitCode;
        }
        else if (ex is OperationCanceledException or ThreadInterruptedException)
        {
            err.WriteLine("dream: interrupted");
            code = ExitCodes.Interrupted;
        }
        else
        {
            err.WriteLine("dream: internal error (please report it with this trace):");
            err.WriteLine(ex.ToString());
            code = ExitCodes.InternalError;
        }
        err.Flush();
        return code;
    }
}
