using System.Net;
using Dream.Trials;
using Dream.Trials.Probes;

namespace Dream.Cli.Commands;

/// <summary>This node's trial machinery: the executor its TrialRunner uses, and the node class it reports.</summary>
public static class Trials
{
    /// <summary>
    /// The standard executor: built-in workloads, the probes and actuators of this machine under $DREAM_SYS_ROOT; its
    /// apply-journal lives under &lt;data&gt;/node, and before it takes a trial it kills the workload processes a crashed
    /// predecessor left running and restores the knobs it left applied.
    /// </summary>
    public static ITrialExecutor Executor(string dataDir)
    {
        var journal = Path.Combine(dataDir, "node");
        try
        {
            var executor = LocalTrialExecutor.Standard(LocalTrialExecutor.Options.Defaults(Host(), journal));
            foreach (var r in executor.Recovery) System.Console.Error.WriteLine("dream: after a crash: " + r.Message);
            return executor;
        }
        catch (IOException e)
        {
            throw new CommandFailure(ExitCodes.Infrastructure, "cannot open this node's apply-journal under " + journal + ": " + e.Message, e);
        }
    }

    public static string NodeClass() => Dream.Trials.Probes.NodeClass.Detect().Id;

    private static string Host()
    {
        try
        {
            return Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "localhost";
        }
    }
}
