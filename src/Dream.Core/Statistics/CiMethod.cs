namespace Dream.Core.Statistics;

/// <summary>
/// How a confidence interval was obtained. It is written next to every interval so that a reader knows how
/// much to trust it: a bootstrap interval on three trials means something else than one on thirty.
/// </summary>
public enum CiMethod
{
    /// <summary>Bias-corrected and accelerated bootstrap (Efron 1987).</summary>
    Bca,
    /// <summary>Plain percentile bootstrap.</summary>
    Percentile,
    /// <summary>Student-t interval: used below <see cref="CiOptions.MinBootstrapN"/> where the bootstrap under-covers.</summary>
    StudentT,
    /// <summary>No interval could be estimated (a single value): the interval is that value.</summary>
    None,
}

/// <summary>The wire names of <see cref="CiMethod"/> (the <c>ci_method</c> of a candidate pack).</summary>
public static class CiMethodNames
{
    public static string ToWire(this CiMethod m) => m switch
    {
        CiMethod.Bca => "bca",
        CiMethod.Percentile => "percentile",
        CiMethod.StudentT => "student-t",
        CiMethod.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(m), m, null),
    };

    public static CiMethod Parse(string name) => name switch
    {
        "bca" => CiMethod.Bca,
        "percentile" => CiMethod.Percentile,
        "student-t" => CiMethod.StudentT,
        "none" => CiMethod.None,
        _ => throw new ArgumentException($"unknown ci_method '{name}' (expected bca, percentile, student-t or none)"),
    };

    public static bool IsBootstrap(this CiMethod m) => m is CiMethod.Bca or CiMethod.Percentile;
}
