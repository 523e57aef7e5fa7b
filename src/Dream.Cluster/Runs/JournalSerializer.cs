using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Dream.Cluster.Baselines;
using Dream.Cluster.Service;

namespace Dream.Cluster.Runs;

/// <summary>
/// The serializer of every <see cref="IJournalEvent"/>: JSON (<see cref="JournalJson"/>) under an explicit, versioned
/// manifest per event and snapshot, so that renaming a class never breaks a journal. A change of an event's form
/// gets a new manifest (".v2") and a reader here for each older one. The service schedule's events keep their own
/// codec (<see cref="ServiceScheduleJournal"/>), to which this one hands them.
/// </summary>
public sealed class JournalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>As bound in dream-defaults.conf (akka.actor.serialization-identifiers).</summary>
    public const int Id = 4711;

    public static class Manifests
    {
        public const string DomainStarted = "domain-started.v1";
        public const string BaselinesFixed = "baselines-fixed.v1";
        public const string GenerationProposed = "generation-proposed.v1";
        public const string TrialsRecorded = "trials-recorded.v1";
        public const string CandidateAssessed = "candidate-assessed.v1";
        public const string GenerationCompleted = "generation-completed.v1";
        public const string CandidateEliminated = "candidate-eliminated.v1";
        public const string AnomalyDetected = "anomaly-detected.v1";
        public const string OperatorDecided = "operator-decided.v1";
        public const string BanditChosen = "bandit-chosen.v1";
        public const string DomainFinished = "domain-finished.v1";
        public const string DomainState = "domain-state.v1";
        public const string RunCreated = "run-created.v1";
        public const string RunState = "run-state.v1";
        public const string BaselineRecorded = "baseline-recorded.v1";
        public const string BaselinesRetired = "baselines-retired.v1";
        public const string BaselineStoreState = "baseline-store-state.v1";
        public const string TrialsReused = "trials-reused.v1";
        public const string EvidenceRecorded = "evidence-recorded.v1";
        public const string EvidenceStoreState = "evidence-store-state.v1";
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => ServiceScheduleJournal.Handles(o) ? ServiceScheduleJournal.Manifest(o) : o switch
    {
        DomainEvent.Started => Manifests.DomainStarted,
        DomainEvent.BaselinesFixed => Manifests.BaselinesFixed,
        DomainEvent.GenerationProposed => Manifests.GenerationProposed,
        DomainEvent.TrialsRecorded => Manifests.TrialsRecorded,
        DomainEvent.TrialsReused => Manifests.TrialsReused,
        DomainEvent.CandidateAssessed => Manifests.CandidateAssessed,
        DomainEvent.GenerationCompleted => Manifests.GenerationCompleted,
        DomainEvent.CandidateEliminated => Manifests.CandidateEliminated,
        DomainEvent.AnomalyDetected => Manifests.AnomalyDetected,
        DomainEvent.OperatorDecided => Manifests.OperatorDecided,
        DomainEvent.BanditChosen => Manifests.BanditChosen,
        DomainEvent.Finished => Manifests.DomainFinished,
        DomainState => Manifests.DomainState,
        RunRegistry.Created => Manifests.RunCreated,
        RunRegistry.State => Manifests.RunState,
        BaselineStore.Recorded => Manifests.BaselineRecorded,
        BaselineStore.Retired => Manifests.BaselinesRetired,
        BaselineStore.State => Manifests.BaselineStoreState,
        EvidenceStore.Recorded => Manifests.EvidenceRecorded,
        EvidenceStore.State => Manifests.EvidenceStoreState,
        _ => throw new ArgumentException($"{o.GetType().FullName} is not a journal event of Dream's"),
    };

    public override byte[] ToBinary(object obj) => ServiceScheduleJournal.Handles(obj) ? ServiceScheduleJournal.ToBinary(obj) : JournalJson.Bytes(w =>
    {
        switch (obj)
        {
            case DomainEvent e: JournalJson.Write(w, e); break;
            case DomainState s: JournalJson.Write(w, s); break;
            case RunRegistry.Created c: JournalJson.Write(w, c); break;
            case RunRegistry.State s: JournalJson.Write(w, s); break;
            case BaselineStore.Event e: JournalJson.Write(w, e); break;
            case BaselineStore.State s: JournalJson.Write(w, s); break;
            case EvidenceStore.Recorded r: EvidenceJson.Write(w, r); break;
            case EvidenceStore.State s: EvidenceJson.Write(w, s); break;
            default: throw new ArgumentException($"{obj.GetType().FullName} is not a journal event of Dream's");
        }
    });

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (ServiceScheduleJournal.HandlesManifest(manifest)) return ServiceScheduleJournal.FromBinary(bytes, manifest);
        var e = JournalJson.Parse(bytes);
        return manifest switch
        {
            Manifests.DomainStarted => JournalJson.ReadStarted(e),
            Manifests.BaselinesFixed => JournalJson.ReadBaselinesFixed(e),
            Manifests.GenerationProposed => JournalJson.ReadGenerationProposed(e),
            Manifests.TrialsRecorded => JournalJson.ReadTrialsRecorded(e),
            Manifests.CandidateAssessed => JournalJson.ReadCandidateAssessed(e),
            Manifests.GenerationCompleted => JournalJson.ReadGenerationCompleted(e),
            Manifests.CandidateEliminated => JournalJson.ReadCandidateEliminated(e),
            Manifests.AnomalyDetected => JournalJson.ReadAnomalyDetected(e),
            Manifests.OperatorDecided => JournalJson.ReadOperatorDecided(e),
            Manifests.BanditChosen => JournalJson.ReadBanditChosen(e),
            Manifests.DomainFinished => JournalJson.ReadFinished(e),
            Manifests.DomainState => JournalJson.ReadDomainState(e),
            Manifests.RunCreated => new RunRegistry.Created(JournalJson.ReadRunSpec(e.GetProperty("spec"))),
            Manifests.RunState => new RunRegistry.State(e.GetProperty("spec").ValueKind == System.Text.Json.JsonValueKind.Null
                ? null : JournalJson.ReadRunSpec(e.GetProperty("spec"))),
            Manifests.BaselineRecorded => new BaselineStore.Recorded(JournalJson.ReadStored(e.GetProperty("stored"))),
            Manifests.BaselinesRetired => new BaselineStore.Retired(e.GetProperty("reason").GetString()!, e.GetProperty("at_utc").GetString()!),
            Manifests.BaselineStoreState => JournalJson.ReadBaselineStoreState(e),
            Manifests.TrialsReused => EvidenceJson.ReadTrialsReused(e),
            Manifests.EvidenceRecorded => EvidenceJson.ReadRecorded(e),
            Manifests.EvidenceStoreState => EvidenceJson.ReadState(e),
            _ => throw new SerializationException($"unknown journal manifest '{manifest}': written by a newer build of Dream?"),
        };
    }
}
