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
/// defaults stay Optuna's. Tried again on seeds 11 to 30 (20 seeds, held out from the bench's 1 to 10; median f
/// mixed6 / wide8, default 0.0066 / 0.211): gamma 0.15 0.022 / 0.157, gamma 0.2 0.071 / 0.167, 12 candidates
/// 0.019 / 0.182, prior weight 2 0.028 / 0.211, no constant liar 0.181 / 0.220, a liar for every second candidate
/// 0.042 / 0.215, a second initial design 0.028 / 0.184, half of each generation an elite with one knob re-chosen by
/// the acquisition 0.019 / 0.243 (a quarter, re-chosen uniformly: 0.0063 / 0.204). None reached f &lt; 0.01 on wide8
/// in 20 seeds, and each but the last lost on mixed6 what it gained on wide8, so the defaults stay.
/// </remarks>
public sealed record TpeSettings(double GammaFraction, int GammaCap, int Candidates, double PriorWeight, int FlatRecent, bool Multivariate)
{
    public static readonly TpeSettings Default = new(0.1, 25, 24, 1.0, 25, false);

    /// <summary>How many of <paramref name="n"/> candidates form the good set.</summary>
    public int Good(int n) => Math.Min((int)Math.Ceiling(GammaFraction * n), GammaCap);
}
