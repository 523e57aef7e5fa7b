package dev.dream.core.config;

import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.domain.RegimeSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * A validated configuration directory: domains, their regimes (in file order), execution settings and caps.
 * {@code fileHashes} maps each file, relative to the directory, to its sha256 (for manifests and resume).
 */
public record DreamConfig(
    Path dir,
    Map<String, DomainSpec> domains,
    Map<String, Map<String, RegimeSpec>> regimes,
    ExecutionSpec execution,
    Caps caps,
    Map<String, String> fileHashes) {}
