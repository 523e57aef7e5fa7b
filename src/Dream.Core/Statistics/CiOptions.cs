namespace Dream.Core.Statistics;

/// <summary>
/// How confidence intervals are computed. <see cref="Method"/> is Bca or Percentile for the bootstrap, StudentT
/// forces the t interval at every n; <see cref="MinBootstrapN"/> is the least number of observations (per
/// sample, per stratum) for which the bootstrap is used, below it the Student-t interval is used instead.
/// The default 10: below it the bootstrap distribution of a mean has few distinct values and too little spread
/// (plug-in variance, divisor n), so even the expanded BCa interval under-covers (about 90% at n = 5) while the
/// t interval is exact there; from 10 on the expanded BCa interval covers like t on normal data and better
/// than t on skewed data.
/// </summary>
public sealed record CiOptions
{
    public static readonly CiOptions Default = new(CiMethod.Bca, 2000, 0.95, 10);

    public CiMethod Method { get; }
    public int Resamples { get; }
    public double Level { get; }
    public int MinBootstrapN { get; }

    public CiOptions(CiMethod method, int resamples, double level, int minBootstrapN)
    {
        if (method == CiMethod.None || !Enum.IsDefined(method))
            throw new ArgumentException($"ci method must be bca, percentile or student-t, got {method}");
        if (resamples < 100) throw new ArgumentException($"at least 100 bootstrap resamples are needed, got {resamples}");
        if (!(level > 0 && level < 1)) throw new ArgumentException($"confidence level must be in (0, 1), got {level}");
        if (minBootstrapN < 2) throw new ArgumentException($"minBootstrapN must be at least 2, got {minBootstrapN}");
        Method = method;
        Resamples = resamples;
        Level = level;
        MinBootstrapN = minBootstrapN;
    }

    public CiOptions WithMethod(CiMethod m) => new(m, Resamples, Level, MinBootstrapN);

    public CiOptions WithResamples(int r) => new(Method, r, Level, MinBootstrapN);

    public CiOptions WithMinBootstrapN(int n) => new(Method, Resamples, Level, n);

    /// <summary>Whether a sample (or every stratum) of this many values gets a bootstrap interval.</summary>
    public bool Bootstraps(int n) => Method.IsBootstrap() && n >= MinBootstrapN;
}
