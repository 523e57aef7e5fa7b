package dev.dream.cluster;

/**
 * Marker for every message, event and state that crosses a node or the journal: bound to Jackson CBOR in
 * dream-defaults.conf, so nothing ever falls back to Java serialization.
 */
public interface CborSerializable {}
