using System.Globalization;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Dream.Core.Scheduling;

namespace Dream.Cluster.Service;

/// <summary>
/// How the schedule's events and snapshot are journaled: JSON under explicit, versioned manifests
/// (<c>service-campaign-begun.v1</c> ...), never Hyperion, so that renaming a class never breaks a journal. Times are
/// ISO-8601 UTC, intervals whole milliseconds. <see cref="Serializer"/> is the codec as a serializer of its own;
/// DreamNode binds the schedule's types to it by exact type (<see cref="Serializer.Hocon"/>), which wins over the
/// IJournalEvent binding of the journal serializer. (JournalSerializer may instead delegate to
/// <see cref="Handles(object)"/>/<see cref="HandlesManifest"/>; a journal written by one is not read by the other.)
/// </summary>
public static class ServiceScheduleJournal
{
    public const string CampaignBegun = "service-campaign-begun.v1";
    public const string CampaignEnded = "service-campaign-ended.v1";
    public const string CampaignFailed = "service-campaign-failed.v1";
    public const string StateSnapshot = "service-schedule-state.v1";

    public static bool Handles(object o) => o is ServiceSchedule.Event or ServiceSchedule.State;

    public static bool HandlesManifest(string manifest) => manifest.StartsWith("service-", StringComparison.Ordinal);

    public static string Manifest(object o) => o switch
    {
        ServiceSchedule.CampaignBegun => CampaignBegun,
        ServiceSchedule.CampaignEnded => CampaignEnded,
        ServiceSchedule.CampaignFailed => CampaignFailed,
        ServiceSchedule.State => StateSnapshot,
        _ => throw new ArgumentException($"{o.GetType().FullName} is not an event of the service schedule"),
    };

    public static byte[] ToBinary(object o)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            switch (o)
            {
                case ServiceSchedule.CampaignBegun b:
                    w.WriteString("run_id", b.RunId);
                    Time(w, "planned", b.Planned);
                    Time(w, "at", b.At);
                    break;
                case ServiceSchedule.CampaignEnded x:
                    w.WriteString("run_id", x.RunId);
                    w.WriteString("outcome", x.Outcome);
                    Time(w, "at", x.At);
                    w.WriteNumber("every_ms", (long)x.Every.TotalMilliseconds);
                    Time(w, "next_due", x.NextDue);
                    w.WriteNumber("missed_slots", x.MissedSlots);
                    break;
                case ServiceSchedule.CampaignFailed f:
                    Str(w, "run_id", f.RunId);
                    w.WriteString("reason", f.Reason);
                    Time(w, "at", f.At);
                    w.WriteNumber("failures_in_a_row", f.FailuresInARow);
                    Time(w, "retry_at", f.RetryAt);
                    break;
                case ServiceSchedule.State s:
                    if (s.Active is { } a)
                    {
                        w.WriteStartObject("active");
                        w.WriteString("run_id", a.RunId);
                        Time(w, "planned", a.Planned);
                        Time(w, "started_at", a.StartedAt);
                        w.WriteEndObject();
                    }
                    else w.WriteNull("active");
                    Time(w, "next_due", s.NextDue);
                    Time(w, "last_planned", s.LastPlanned);
                    Time(w, "last_ended_at", s.LastEndedAt);
                    if (s.Every is { } every) w.WriteNumber("every_ms", (long)every.TotalMilliseconds);
                    else w.WriteNull("every_ms");
                    w.WriteNumber("failures_in_a_row", s.FailuresInARow);
                    w.WriteNumber("campaigns", s.Campaigns);
                    Str(w, "last_run_id", s.LastRunId);
                    Str(w, "last_outcome", s.LastOutcome);
                    break;
                default:
                    throw new ArgumentException($"{o.GetType().FullName} is not an event of the service schedule");
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static object FromBinary(byte[] bytes, string manifest)
    {
        using var doc = JsonDocument.Parse(bytes);
        var e = doc.RootElement;
        return manifest switch
        {
            CampaignBegun => new ServiceSchedule.CampaignBegun(S(e, "run_id")!, T(e, "planned")!.Value, T(e, "at")!.Value),
            CampaignEnded => new ServiceSchedule.CampaignEnded(S(e, "run_id")!, S(e, "outcome")!, T(e, "at")!.Value,
                TimeSpan.FromMilliseconds(e.GetProperty("every_ms").GetInt64()), T(e, "next_due")!.Value, e.GetProperty("missed_slots").GetInt64()),
            CampaignFailed => new ServiceSchedule.CampaignFailed(S(e, "run_id"), S(e, "reason")!, T(e, "at")!.Value,
                e.GetProperty("failures_in_a_row").GetInt32(), T(e, "retry_at")!.Value),
            StateSnapshot => new ServiceSchedule.State(
                e.GetProperty("active").ValueKind == JsonValueKind.Null ? null
                    : new ServiceSchedule.Active(S(e.GetProperty("active"), "run_id")!, T(e.GetProperty("active"), "planned")!.Value,
                        T(e.GetProperty("active"), "started_at")!.Value),
                T(e, "next_due"), T(e, "last_planned"), T(e, "last_ended_at"),
                e.GetProperty("every_ms").ValueKind == JsonValueKind.Null ? null : TimeSpan.FromMilliseconds(e.GetProperty("every_ms").GetInt64()),
                e.GetProperty("failures_in_a_row").GetInt32(), e.GetProperty("campaigns").GetInt64(), S(e, "last_run_id"), S(e, "last_outcome")),
            _ => throw new System.Runtime.Serialization.SerializationException($"unknown manifest of the service schedule: {manifest}"),
        };
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is { } v) w.WriteString(name, v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        else w.WriteNull(name);
    }

    private static void Str(Utf8JsonWriter w, string name, string? v)
    {
        if (v is null) w.WriteNull(name);
        else w.WriteString(name, v);
    }

    private static string? S(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetString() : null;

    private static DateTimeOffset? T(JsonElement e, string name) =>
        S(e, name) is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal) : null;

    /// <summary>The same codec as a serializer of its own (identifier 4713), for systems that bind the schedule's types to it.</summary>
    public sealed class Serializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
    {
        public const int Id = 4713;

        /// <summary>Binds the schedule's event and snapshot types, by exact type, to this serializer.</summary>
        public static readonly string Hocon = $$"""
            akka.actor {
              serializers.dream-service-schedule = "{{typeof(Serializer).AssemblyQualifiedNameShort()}}"
              serialization-identifiers { "{{typeof(Serializer).AssemblyQualifiedNameShort()}}" = {{Id}} }
              serialization-bindings {
                "{{typeof(ServiceSchedule.CampaignBegun).AssemblyQualifiedNameShort()}}" = dream-service-schedule
                "{{typeof(ServiceSchedule.CampaignEnded).AssemblyQualifiedNameShort()}}" = dream-service-schedule
                "{{typeof(ServiceSchedule.CampaignFailed).AssemblyQualifiedNameShort()}}" = dream-service-schedule
                "{{typeof(ServiceSchedule.State).AssemblyQualifiedNameShort()}}" = dream-service-schedule
              }
            }
            """;

        public override int Identifier => Id;

        public override string Manifest(object o) => ServiceScheduleJournal.Manifest(o);

        public override byte[] ToBinary(object obj) => ServiceScheduleJournal.ToBinary(obj);

        public override object FromBinary(byte[] bytes, string manifest) => ServiceScheduleJournal.FromBinary(bytes, manifest);
    }

    private static string AssemblyQualifiedNameShort(this Type t) => t.FullName + ", " + t.Assembly.GetName().Name;
}
