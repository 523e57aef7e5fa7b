using Dream.Core.Domain;

namespace Dream.Core.Config;

/// <summary>
/// A validated configuration directory: domains (sorted by name), their regimes (in file order), execution
/// settings and caps. <c>FileHashes</c> maps each file, relative to the directory, to its sha256 (for
/// manifests and resume), sorted by file.
/// </summary>
public sealed record DreamConfig(
    string Dir,
    IReadOnlyDictionary<string, DomainSpec> Domains,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, RegimeSpec>> Regimes,
    ExecutionSpec Execution,
    Caps Caps,
    IReadOnlyDictionary<string, string> FileHashes);
