namespace Dream.Cluster.Runs;

/// <summary>
/// Marker of every journal event and snapshot of Dream's persistent actors. Bound to
/// <see cref="JournalSerializer"/> (never Hyperion), so that each is stored as JSON under an explicit, versioned
/// manifest and a renamed class still reads old journals.
/// </summary>
public interface IJournalEvent;
