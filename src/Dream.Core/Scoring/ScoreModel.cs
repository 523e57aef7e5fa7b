namespace Dream.Core.Scoring;

/// <summary>
/// The overall score as a function of the candidate's and the baseline's KPI means, and the independent samples
/// of trials those means come from, so that the score can be recomputed on resampled or left-out trials.
/// <para>score = Σ_r ω_r Σ_{t in r} c_t (m_rt / b_rt − 1) with ω_r the regime's share of the total regime weight,
/// c_t = sign·weight of term t, m the candidate's means and b the baseline's; a term is in regime r when
/// <see cref="Availability.ScoredIn"/> says so. The point, the regime scores, the resamples and the gradient all
/// use the same terms per regime.</para>
/// </summary>
internal sealed class ScoreModel
{
    /// <summary>
    /// Trials of one side (candidate or baseline) of one regime for some terms; row i holds trial i's value of
    /// each of those terms, so a resample keeps a trial's KPIs together.
    /// </summary>
    public sealed record Sample(int Regime, bool Baseline, int[] Terms, double[][] Rows)
    {
        public int N => Rows.Length;
    }

    private readonly double[] _share;
    private readonly double[] _coefficient;
    /// <summary>in[r][t]: term t is part of regime r's score; where it is not, its means are never read.</summary>
    private readonly bool[][] _in;
    private readonly double[][] _candidateMeans;
    private readonly double[][] _baselineMeans;

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>True when some baseline KPI has only a mean: its uncertainty cannot be part of the interval.</summary>
    public bool BaselineFixedSomewhere { get; }

    private ScoreModel(double[] share, double[] coefficient, bool[][] @in, double[][] candidateMeans,
        double[][] baselineMeans, IReadOnlyList<Sample> samples, bool baselineFixedSomewhere)
    {
        _share = share;
        _coefficient = coefficient;
        _in = @in;
        _candidateMeans = candidateMeans;
        _baselineMeans = baselineMeans;
        Samples = samples;
        BaselineFixedSomewhere = baselineFixedSomewhere;
    }

    /// <summary>
    /// Every regime must have a baseline, and values and a positive baseline mean for each term it scores (the
    /// Scorer and <see cref="Availability"/> see to this first).
    /// </summary>
    public static ScoreModel Of(Availability availability, IReadOnlyList<RegimeEvidence> regimes)
    {
        var terms = availability.Scored;
        var r = regimes.Count;
        var t = terms.Count;
        var totalWeight = regimes.Sum(e => e.Weight);
        if (!(totalWeight > 0)) throw new ArgumentException($"the regime weights sum to {totalWeight}; at least one must be positive");
        var share = new double[r];
        var coefficient = new double[t];
        var @in = new bool[r][];
        var cm = new double[r][];
        var bm = new double[r][];
        var samples = new List<Sample>();
        var fixedSomewhere = false;
        for (var j = 0; j < t; j++) coefficient[j] = terms[j].Coefficient();
        for (var i = 0; i < r; i++)
        {
            var e = regimes[i];
            @in[i] = new bool[t];
            cm[i] = new double[t];
            bm[i] = new double[t];
            share[i] = e.Weight / totalWeight;
            var baselineTrials = new Dictionary<string, IReadOnlyList<double>>();
            var candidateTrials = new Dictionary<string, IReadOnlyList<double>>();
            for (var j = 0; j < t; j++)
            {
                var kpi = terms[j].Kpi;
                @in[i][j] = availability.ScoredIn[i].Contains(kpi);
                if (!@in[i][j]) continue;
                candidateTrials[kpi] = e.Values(kpi);
                cm[i][j] = Mean(e.Values(kpi));
                bm[i][j] = e.Baseline!.Means[kpi];
                var bt = e.Baseline.Trials.TryGetValue(kpi, out var v) ? v : [];
                if (bt.Count == 0) fixedSomewhere = true;
                else baselineTrials[kpi] = bt;
            }
            samples.AddRange(SamplesOf(i, false, terms, candidateTrials));
            samples.AddRange(SamplesOf(i, true, terms, baselineTrials));
        }
        return new ScoreModel(share, coefficient, @in, cm, bm, samples, fixedSomewhere);
    }

    /// <summary>Terms whose trial lists have the same length are taken as aligned by trial and form one sample.</summary>
    private static IEnumerable<Sample> SamplesOf(int regime, bool baseline, IReadOnlyList<ScoreTerm> terms,
        Dictionary<string, IReadOnlyList<double>> trials)
    {
        var lengths = new List<int>();
        var termsByLength = new Dictionary<int, List<int>>();
        for (var j = 0; j < terms.Count; j++)
        {
            if (!trials.TryGetValue(terms[j].Kpi, out var values)) continue;
            if (!termsByLength.TryGetValue(values.Count, out var idx))
            {
                termsByLength[values.Count] = idx = new List<int>();
                lengths.Add(values.Count);
            }
            idx.Add(j);
        }
        foreach (var n in lengths)
        {
            var idx = termsByLength[n];
            var rows = new double[n][];
            for (var row = 0; row < n; row++)
            {
                rows[row] = new double[idx.Count];
                for (var c = 0; c < idx.Count; c++) rows[row][c] = trials[terms[idx[c]].Kpi][row];
            }
            yield return new Sample(regime, baseline, idx.ToArray(), rows);
        }
    }

    public double Point() => Score(_candidateMeans, _baselineMeans);

    /// <summary>The regime's score, or null when none of its terms is measured there (it then has no score to give).</summary>
    public double? RegimeScore(int regime) =>
        _in[regime].Any(b => b) ? RegimeScore(regime, _candidateMeans, _baselineMeans) : null;

    public double Score(double[][] cm, double[][] bm)
    {
        var s = 0.0;
        for (var i = 0; i < _share.Length; i++) s += _share[i] * RegimeScore(i, cm, bm);
        return s;
    }

    private double RegimeScore(int i, double[][] cm, double[][] bm)
    {
        var s = 0.0;
        for (var j = 0; j < _coefficient.Length; j++)
            if (_in[i][j]) s += _coefficient[j] * (cm[i][j] / bm[i][j] - 1);
        return s;
    }

    /// <summary>Point means with one sample's means replaced by the given ones.</summary>
    public double ScoreWith(Sample s, double[] sampleMeans)
    {
        var cm = Copy(_candidateMeans);
        var bm = Copy(_baselineMeans);
        Overwrite(s, sampleMeans, cm, bm);
        return Score(cm, bm);
    }

    public double[][] CandidateMeans() => Copy(_candidateMeans);

    public double[][] BaselineMeans() => Copy(_baselineMeans);

    public static void Overwrite(Sample s, double[] sampleMeans, double[][] cm, double[][] bm)
    {
        var target = s.Baseline ? bm : cm;
        for (var c = 0; c < s.Terms.Length; c++) target[s.Regime][s.Terms[c]] = sampleMeans[c];
    }

    /// <summary>
    /// ∂score/∂(mean of each of the sample's terms) at the point: ω c / b for a candidate mean, −ω c m / b² for a
    /// baseline mean.
    /// </summary>
    public double[] Gradient(Sample s)
    {
        var g = new double[s.Terms.Length];
        for (var c = 0; c < g.Length; c++)
        {
            var i = s.Regime;
            var j = s.Terms[c];
            var b = _baselineMeans[i][j];
            g[c] = s.Baseline
                ? -_share[i] * _coefficient[j] * _candidateMeans[i][j] / (b * b)
                : _share[i] * _coefficient[j] / b;
        }
        return g;
    }

    private static double Mean(IReadOnlyList<double> xs)
    {
        var sum = 0.0;
        foreach (var x in xs) sum += x;
        return sum / xs.Count;
    }

    private static double[][] Copy(double[][] a) => a.Select(row => (double[])row.Clone()).ToArray();
}
