namespace Dream.Core.Evolution;

/// <summary>
/// The parameters of strategy "tpe", Optuna 3.1's TPESampler defaults unless said otherwise: the good set is the
/// best min(ceil(<see cref="GammaFraction"/> n), <see cref="GammaCap"/>) of the n candidates measured;
/// <see cref="Candidates"/> draws from the good density per knob, the one with the largest l/g kept;
/// prior weight 1; kernels flat for the <see cref="FlatRecent"/> most recent observations; univariate (each knob
/// its own density, Optuna's default) unless <see cref="Multivariate"/> (one joint density, <see cref="JointParzenEstimator"/>).
/// </summary>
/// <remarks>
/// Measured with <c>dream bench search</c> on its three landscapes, 10 seeds each (the report of issue 12): gamma
/// 0.15, 0.2 and 0.25, 64 candidates, and the multivariate density with gamma 0.15 each did worse than these defaults
/// on mixed6 (median f 0.036 to 0.146 against 0.013); gamma 0.2 did better on wide8 (0.10 against 0.18). The
/// defaults stay Optuna's.
/// </remarks>
public sealed record TpeSettings(double GammaFraction, int GammaCap, int Candidates, double PriorWeight, int FlatRecent, bool Multivariate)
{
    public static readonly TpeSettings Default = new(0.1, 25, 24, 1.0, 25, false);

    /// <summary>How many of <paramref name="n"/> candidates form the good set.</summary>
    public int Good(int n) => Math.Min((int)Math.Ceiling(GammaFraction * n), GammaCap);
}
