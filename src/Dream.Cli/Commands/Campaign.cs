using Akka.Actor;
using Akka.Pattern;
using Dream.Cli.Console;
using Dream.Cluster.Baselines;
using Dream.Cluster.Nodes;
using Dream.Cluster.Reports;
using Dream.Cluster.Runs;

namespace Dream.Cli.Commands;

/// <summary>
/// Drives one run from this process: starts its domain coordinators (wherever sharding places them), follows their
/// journals into the run's files with a progress display, and ends with the summary.
/// </summary>
public static class Campaign
{
    /// <summary>The data directory of --data, made one when it does not exist yet (or is empty).</summary>
    public static DataDir.Opened DataDir(CommonValues common)
    {
        try
        {
            return Dream.Cluster.Nodes.DataDir.Prepare(common.DataDir());
        }
        catch (Dream.Cluster.Nodes.DataDir.Rejected e)
        {
            throw new CommandFailure(ExitCodes.Usage, e.Message);
        }
    }

    /// <summary>
    /// Starts this command's node on <paramref name="data"/>. A start that fails (exit 3: the journal database or the
    /// cluster cannot be reached; exit 2: a refused setting) recorded nothing, so it leaves the data directory as it
    /// found it. A node that opens the journal (a coordinator) then warns on <paramref name="err"/> of runs whose files
    /// are in the data directory but that the journal has lost, except <paramref name="ownRuns"/>, which the command
    /// reports itself (exit 3).
    /// </summary>
    public static DreamNode StartNode(DataDir.Opened data, TextWriter err, IReadOnlySet<string> ownRuns, Func<string, NodeSettings> settings)
    {
        NodeSettings s;
        DreamNode node;
        try
        {
            s = settings(data.Dir);
            node = StartNode(s);
        }
        catch (CommandFailure f)
        {
            throw Undo(data, f);
        }
        if (s.Roles.Contains(Roles.Coordinator)) JournalCheck.WarnOfLostRuns(node, data.Dir, ownRuns, err);
        return node;
    }

    /// <summary><paramref name="failure"/>, after <paramref name="data"/> is put back as this command found it.</summary>
    public static CommandFailure Undo(DataDir.Opened data, CommandFailure failure)
    {
        try
        {
            data.Undo();
            return failure;
        }
        catch (IOException e)
        {
            return new CommandFailure(failure.ExitCode, failure.Message + " (and " + data.Dir + ", made by this command, could not be removed: "
                + e.Message + ")", failure);
        }
    }

    public static DreamNode StartNode(NodeSettings settings)
    {
        try
        {
            var node = DreamNode.Start(settings);
            var forget = Interruption.OnSignalStop(node.StopForExit);
            node.System.WhenTerminated.ContinueWith(_ => forget(), TaskScheduler.Default);
            return node;
        }
        catch (InfrastructureException e)
        {
            throw new CommandFailure(ExitCodes.Infrastructure, e.Message, e);
        }
        catch (DreamNode.Refused e)
        {
            throw new CommandFailure(ExitCodes.Usage, e.Message);
        }
    }

    /// <summary>Runs <paramref name="run"/> to its end; returns 0, or 4 when no domain found a safe candidate.</summary>
    public static int Drive(DreamNode node, string data, RunSpec run, bool resumed, TextWriter @out, TextWriter err)
    {
        var runId = run.RunId;
        Interruption.Notice("dream: interrupted; the journal keeps every recorded trial. Continue with: dream run --resume " + runId);
        @out.WriteLine((resumed ? "resuming run " : "run ") + runId + "  seed " + run.Seed + "  domains " + string.Join(",", run.Domains)
            + "  node class " + run.NodeClass);
        @out.Flush();
        var launched = Launch(node, data, run, resumed);
        using (var journal = JournalWatch.Start(node.System, runId))
            new ProgressView(run, launched.Files, err).FollowUntil(launched.Done, journal.Check);
        Interruption.Notice(null);
        return run.Generations == 0 ? ExitCodes.Ok : Summary.Print(run, launched.Files, @out);
    }

    /// <summary>A started run: its files, kept up to date from the journal, and what completes when every domain has finished.</summary>
    public sealed record Launched(RunFiles Files, Task Done);

    /// <summary>
    /// Starts the run's domain coordinators (or, resumed, wakes them to continue from their journals) and follows their
    /// journals into the run's files. Used by <c>dream run</c> and by each campaign of <c>dream service</c>.
    /// </summary>
    public static Launched Launch(DreamNode node, string data, RunSpec run, bool resumed)
    {
        var files = new RunFiles(data, run.RunId);
        if (resumed) files.RemoveInterruptedWrites();
        var done = RunProjector.Follow(node.System, run.RunId, run.Domains, files);
        foreach (var domain in run.Domains) Calls.StartDomain(node, run, domain);
        return new Launched(files, done);
    }

    /// <summary>
    /// Every question this command layer asks the cluster, in one place: the protocols are the Cluster area's
    /// (RunRegistry, DomainCoordinator, BaselineStore), reached through the shard regions DreamNode exposes.
    /// </summary>
    public static class Calls
    {
        public static readonly TimeSpan Ask = TimeSpan.FromSeconds(60);

        public static RunSpec CreateRun(DreamNode node, RunSpec run)
        {
            var reply = node.Region(RunRegistry.TypeName).Ask<StatusReply<RunSpec>>(new RunRegistry.Create(run), Ask).GetAwaiter().GetResult();
            if (!reply.IsSuccess) throw new InvalidOperationException("the run registry refused run " + run.RunId + ": " + reply.Error?.Message);
            return reply.Value;
        }

        /// <summary>The run, or null when the journal does not know it.</summary>
        public static RunSpec? GetRun(DreamNode node, string runId)
        {
            var reply = node.Region(RunRegistry.TypeName).Ask<StatusReply<RunSpec>>(new RunRegistry.Get(runId), Ask).GetAwaiter().GetResult();
            return reply.IsSuccess ? reply.Value : null;
        }

        public static void StartDomain(DreamNode node, RunSpec run, string domain)
        {
            var reply = node.Region(DomainCoordinator.TypeName).Ask<StatusReply<Akka.Done>>(new DomainCoordinator.Start(run, domain), TimeSpan.FromSeconds(90))
                .GetAwaiter().GetResult();
            // The Java CLI ignored this reply (java-review.md, defect 9): a refused start is an error, not a hang.
            if (!reply.IsSuccess)
                throw new InvalidOperationException("the coordinator of " + domain + " refused to start run " + run.RunId + ": " + reply.Error?.Message);
        }

        public static BaselineStore.All Baselines(DreamNode node, string domain) =>
            node.Region(BaselineStore.TypeName).Ask<BaselineStore.All>(new BaselineStore.GetAll(domain, node.NodeClass), Ask).GetAwaiter().GetResult();

        public static void RetireBaselines(DreamNode node, string domain, string reason) =>
            node.Region(BaselineStore.TypeName).Ask<Akka.Done>(new BaselineStore.Retire(domain, node.NodeClass, reason), Ask).GetAwaiter().GetResult();
    }
}
