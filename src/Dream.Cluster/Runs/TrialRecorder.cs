using System.Diagnostics;
using Akka;
using Akka.Actor;
using Dream.Cluster.Metrics;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// Batches trial outcomes into the coordinator's journal: while one write is in flight, the next outcomes wait here
/// and go together in the next write. An evaluator counts a trial only once it is acknowledged, so nothing it has
/// used can be lost in a crash.
/// </summary>
public sealed class TrialRecorder : ReceiveActor
{
    /// <summary>Journal this outcome; the sender is answered <see cref="Recorded"/> once it is in the journal.</summary>
    public sealed record Record(TrialResult Result);

    public sealed record Recorded(string TrialId);

    private sealed record Waiting(TrialResult Result, IActorRef ReplyTo);

    private readonly IActorRef _coordinator;
    private List<Waiting> _buffer = new();
    private List<Waiting> _inFlight = new();
    private readonly Stopwatch _write = new();

    public static Props Props(IActorRef coordinator) => Akka.Actor.Props.Create(() => new TrialRecorder(coordinator));

    public TrialRecorder(IActorRef coordinator)
    {
        _coordinator = coordinator;
        Receive<Record>(r =>
        {
            _buffer.Add(new Waiting(r.Result, Sender));
            Flush();
        });
        // The coordinator's acknowledgement of the write in flight.
        Receive<Done>(_ =>
        {
            Metrics.Metrics.Get(Context.System).JournalWrite(_write.Elapsed);
            foreach (var w in _inFlight) w.ReplyTo.Tell(new Recorded(w.Result.TrialId));
            _inFlight = new();
            Flush();
        });
    }

    private void Flush()
    {
        if (_inFlight.Count > 0 || _buffer.Count == 0) return;
        _inFlight = _buffer;
        _buffer = new();
        _write.Restart();
        _coordinator.Tell(new DomainCoordinator.PersistTrials(_inFlight.Select(w => w.Result).ToList().AsReadOnly()));
    }
}
