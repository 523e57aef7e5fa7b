using Akka.Actor;
using Akka.Persistence;

namespace Dream.Cluster.Runs;

/// <summary>
/// One per run: records the run's spec once, so that <c>--resume RUN_ID</c> finds every setting and the parsed
/// configuration in the journal. Asking for an unknown run writes nothing. Both commands are answered with a
/// StatusReply of the recorded spec.
/// </summary>
public sealed class RunRegistry : ReceivePersistentActor
{
    public const string TypeName = "Run";

    public static string PersistenceIdOf(string runId) => TypeName + "|" + runId;

    public interface ICommand : CborSerializable;

    /// <summary>Records the spec unless one is recorded already; answers with the recorded one (the first, always).</summary>
    public sealed record Create(RunSpec Spec) : ICommand, IEntityMessage
    {
        string IEntityMessage.EntityId => Spec.RunId;
    }

    /// <summary>Answers with the recorded spec, or an error reply when the run is unknown.</summary>
    public sealed record Get(string RunId) : ICommand, IEntityMessage
    {
        string IEntityMessage.EntityId => RunId;
    }

    public sealed record Created(RunSpec Spec) : IJournalEvent;

    public sealed record State(RunSpec? Spec) : IJournalEvent;

    private State _state = new(null);

    public override string PersistenceId { get; }

    public static Props Props(string runId) => Akka.Actor.Props.Create(() => new RunRegistry(runId));

    public RunRegistry(string runId)
    {
        PersistenceId = PersistenceIdOf(runId);
        Recover<Created>(e => _state = new State(e.Spec));
        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is State s) _state = s;
        });
        Command<Create>(c =>
        {
            var sender = Sender;
            if (_state.Spec != null)
            {
                sender.Tell(StatusReply<RunSpec>.Success(_state.Spec));
                return;
            }
            Persist(new Created(c.Spec), e =>
            {
                _state = new State(e.Spec);
                sender.Tell(StatusReply<RunSpec>.Success(e.Spec));
            });
        });
        Command<Get>(_ => Sender.Tell(_state.Spec == null ? StatusReply<RunSpec>.Failure("unknown run") : StatusReply<RunSpec>.Success(_state.Spec)));
    }
}
