namespace Dream.Cluster;

/// <summary>
/// Marker for every message, event and state that crosses a node or reaches the journal. The name is the
/// Java one (so that ported code keeps its shape); here it is bound to Hyperion in dream-defaults.conf,
/// as is System.Object, so that nothing falls back to Akka.NET's default JSON serializer.
/// </summary>
public interface CborSerializable;
