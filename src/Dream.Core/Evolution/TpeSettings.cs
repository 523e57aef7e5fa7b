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
/// <para>Tried with <c>tpe+race</c> (the default run, before the race's futility stop), seeds 1 to 10 (default: median f wide8 0.1371, 0 of 10 under
/// 0.01; mixed3 0.0022, 10/10; mixed6 0.0016, 9/10), each replacing the last proposals of a generation with genomes
/// built from the history: one-knob moves of one of the 3 best genomes with the knob drawn uniformly (SMAC's
/// one-exchange neighbourhood), 12 of 20 from generation 2 and 19 while the best has not risen for 2 generations: wide8
/// 0.0740 (0/10; seeds 1 to 30 0.0954, 0/30), mixed3 0.0041 (9/10, worse than Optuna's 0.0027), mixed6 0.0027 (9/10);
/// 15 of 20 from generation 2: wide8 0.0733 (1/10; 30 seeds 0.1085, 1/30), mixed3 0.0041, mixed6 0.0067 (6/10); 10 of
/// 20 only while the best has not risen for 2 generations: wide8 0.1097 (0/10; 30 seeds 0.1335, 0/30), mixed3 0.0020
/// (10/10), mixed6 0.0018 (8/10). Also, on wide8 alone (10 seeds): the best genome with one knob, or each knob with
/// probability 1/d, copied from another of the best 25 to all genomes, or uniform crossovers of two of the good set:
/// 0.082-0.200, 0/10; DE/best/1/bin (F 0.5 or 1, crossover 1/d or 0.3, donors the best 25 to all): 0.116-0.186, 0-1/10;
/// the one-knob move's value chosen by a one-dimensional TPE over the best genome's one-knob neighbours measured, or in
/// the widest gap of the values that knob has been moved to: 0.090-0.152, 0-1/10; one-knob moves with a Gaussian step
/// (sigma 0.2, or 0.05 half the time): 0.121-0.172, 0/10; gamma cap 50 (gamma 0.1 or 0.15), 48 candidates, or flat
/// weights for the 50 or 100 most recent: 0.129-0.225, 0-1/10. The one-knob moves lower wide8's median (fewer knobs in
/// a wrong basin: 2 rather than 3 on average) but not its count: from a neighbouring basin's floor (Rastrigin ≈ 1 per
/// knob) a move improves the score only within about ±0.014 of the knob's range around the optimum (the basin's walls
/// rise as 198 s², s = 5.12 z), 2.8 % of a linear knob's coordinate and 0.9 % of the log-scaled n's, so each knob left
/// in a wrong basin costs some 36 to 110 uniform tries, more than the 200 to 260 candidates left once the TPE has
/// settled (by generation 6 to 9 of 18 or 19) with 2 to 4 such knobs; even drawing an int knob's move uniformly over
/// its levels rather than its log coordinate gave 0.074-0.119, 0-1/10. None reached 2 of 10 under 0.01 on wide8, so
/// none is a default.</para>
/// </remarks>
public sealed record TpeSettings(double GammaFraction, int GammaCap, int Candidates, double PriorWeight, int FlatRecent, bool Multivariate)
{
    public static readonly TpeSettings Default = new(0.1, 25, 24, 1.0, 25, false);

    /// <summary>How many of <paramref name="n"/> candidates form the good set.</summary>
    public int Good(int n) => Math.Min((int)Math.Ceiling(GammaFraction * n), GammaCap);
}
