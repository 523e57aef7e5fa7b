using Akka.Actor;
using Akka.Event;
using Dream.Cluster.Runs;

namespace Dream.Cli.Commands;

/// <summary>
/// Ends a run's command with exit status 3 when its journal cannot be written. A domain coordinator whose write fails
/// is stopped and, being a remembered entity, started again by sharding after its restart backoff: it recovers, runs
/// the trials it had not recorded again, fails to write again, and so on for ever (a full disk: measured by
/// <c>dream bench recovery</c>, scenario f). <see cref="Counter.FatalFailures"/> failed writes of the run's journal with
/// no trial recorded in between say the journal will not come back by itself. A database that is unreachable for a
/// while (PostgreSQL restarting) is not that: the coordinators then fail to recover, not to write, and the run waits.
/// </summary>
public sealed class JournalWatch : IDisposable
{
    /// <summary>The failed writes of one run, and when they are fatal. Pure, so that it can be tested without a cluster.</summary>
    public sealed class Counter(string runId)
    {
        public const int FatalFailures = 3;

        private readonly object gate = new();
        private int failures;
        private long trials = -1;
        private string? cause;

        /// <summary>Whether <paramref name="message"/>, an error log event's text, is a failed write of this run's domain journals.</summary>
        public bool IsFailedWrite(string message) =>
            message.StartsWith("Failed to persist event", StringComparison.Ordinal)
            && message.Contains("[" + DomainCoordinator.PersistenceIdOf(runId, ""), StringComparison.Ordinal);

        public void Failed(string why)
        {
            lock (gate)
            {
                failures++;
                cause = why;
            }
        }

        /// <summary>
        /// The run has recorded <paramref name="recorded"/> trials so far; returns why the command must end when the
        /// journal has failed <see cref="FatalFailures"/> writes since a trial was last recorded, else null.
        /// </summary>
        public string? Observe(long recorded)
        {
            lock (gate)
            {
                if (recorded > trials)
                {
                    trials = recorded;
                    failures = 0;
                    return null;
                }
                if (failures < FatalFailures) return null;
                return "the journal cannot be written (" + cause + "): " + failures + " writes of run " + runId + " failed with no trial"
                    + " recorded in between; every trial recorded before is kept. Free the space (or repair the database) and continue"
                    + " with: dream run --resume " + runId;
            }
        }
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(Counter counter) =>
            Receive<Error>(e =>
            {
                var text = e.Message?.ToString() ?? "";
                if (counter.IsFailedWrite(text)) counter.Failed(e.Cause?.GetBaseException().Message ?? text);
            });
    }

    private readonly ActorSystem system;
    private readonly IActorRef listener;

    private JournalWatch(ActorSystem system, string runId)
    {
        this.system = system;
        Runs = new Counter(runId);
        listener = system.ActorOf(Props.Create(() => new Listener(Runs)));
        system.EventStream.Subscribe(listener, typeof(Error));
    }

    public Counter Runs { get; }

    /// <summary>Watches <paramref name="system"/>'s error log events for failed writes of <paramref name="runId"/>'s journals.</summary>
    public static JournalWatch Start(ActorSystem system, string runId) => new(system, runId);

    /// <summary>For the progress view's every tick: throws the command's failure (exit 3) once the journal is found unwritable.</summary>
    public void Check(long recorded)
    {
        if (Runs.Observe(recorded) is { } why) throw new CommandFailure(ExitCodes.Infrastructure, why);
    }

    public void Dispose()
    {
        system.EventStream.Unsubscribe(listener);
        system.Stop(listener);
    }
}
