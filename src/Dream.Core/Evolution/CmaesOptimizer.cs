using MathNet.Numerics.LinearAlgebra;

namespace Dream.Core.Evolution;

/// <summary>
/// Active CMA-ES (Hansen's cmaes.m 3.51, as Hipparchus's CMAESOptimizer translates it) in ask/tell form,
/// minimizing on a box. It is the Java tree's optimizer with the settings Dream used there fixed: active
/// covariance update, full covariance from the start, no stop fitness, bounds by repair (points clipped,
/// the distance clipped added as a penalty scaled by the generation's value range), no resampling of
/// infeasible points. Ask/tell replaces the Java closed loop (an objective that threw to stop it): the
/// caller asks for a generation, evaluates the repaired points, and tells their values.
/// </summary>
internal sealed class CmaesOptimizer
{
    private static readonly MatrixBuilder<double> M = Matrix<double>.Build;

    private readonly int _lambda;
    private readonly int _dimension;
    private readonly int _maxIterations;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly SeededRandom _random;

    // termination criteria
    private readonly double _stopTolUpX;
    private readonly double _stopTolX;
    private const double StopTolFun = 1e-12;
    private const double StopTolHistFun = 1e-13;

    // selection strategy parameters
    private readonly int _mu;
    private readonly Matrix<double> _weights;
    private readonly double _mueff;

    // dynamic strategy parameters and constants
    private double _sigma;
    private readonly double _cc;
    private readonly double _cs;
    private readonly double _damps;
    private readonly double _ccov1;
    private readonly double _ccovmu;
    private readonly double _chiN;

    // state, updated each generation
    private Matrix<double> _xmean;
    private Matrix<double> _pc;
    private Matrix<double> _ps;
    private double _normps;
    private Matrix<double> _b;
    private Matrix<double> _bd;
    private Matrix<double> _diagD;
    private Matrix<double> _c;
    private Matrix<double> _diagC;
    private int _iterations;
    private double _bestValue;
    private readonly double[] _fitnessHistory;

    // the generation asked and not yet told
    private Matrix<double>? _arz;
    private Matrix<double>? _arx;

    /// <param name="guess">start point, inside the bounds</param>
    /// <param name="inputSigma">initial standard deviation per coordinate</param>
    /// <param name="startValue">the objective value of the start point, as the first evaluation gave it</param>
    public CmaesOptimizer(double[] guess, double[] inputSigma, int lambda, double[] lower, double[] upper,
        SeededRandom random, int maxIterations, double startValue)
    {
        if (lambda <= 0) throw new ArgumentException($"population must be positive, got {lambda}");
        if (inputSigma.Length != guess.Length) throw new ArgumentException("one sigma per coordinate");
        for (var i = 0; i < guess.Length; i++)
        {
            if (inputSigma[i] < 0 || inputSigma[i] > upper[i] - lower[i])
                throw new ArgumentException($"sigma {inputSigma[i]} is outside [0, {upper[i] - lower[i]}]");
        }
        _lambda = lambda;
        _dimension = guess.Length;
        _maxIterations = maxIterations;
        _lower = lower;
        _upper = upper;
        _random = random;
        var d = _dimension;

        var insigma = M.Dense(d, 1, (i, _) => inputSigma[i]);
        _sigma = Max(insigma);
        _stopTolUpX = 1e3 * Max(insigma);
        _stopTolX = 1e-11 * Max(insigma);

        _mu = lambda / 2;
        var logMu2 = Math.Log(_mu + 0.5);
        var weights = M.Dense(_mu, 1, (i, _) => logMu2 - Math.Log(i + 1.0));
        double sumw = 0, sumwq = 0;
        for (var i = 0; i < _mu; i++)
        {
            var w = weights[i, 0];
            sumw += w;
            sumwq += w * w;
        }
        _weights = weights * (1 / sumw);
        _mueff = sumw * sumw / sumwq;

        _cc = (4 + _mueff / d) / (d + 4 + 2 * _mueff / d);
        _cs = (_mueff + 2) / (d + _mueff + 3.0);
        _damps = (1 + 2 * Math.Max(0, Math.Sqrt((_mueff - 1) / (d + 1)) - 1)) *
            Math.Max(0.3, 1 - d / (1e-6 + maxIterations)) + _cs;
        _ccov1 = 2 / ((d + 1.3) * (d + 1.3) + _mueff);
        _ccovmu = Math.Min(1 - _ccov1, 2 * (_mueff - 2 + 1 / _mueff) / ((d + 2) * (d + 2) + _mueff));
        _chiN = Math.Sqrt(d) * (1 - 1 / (4.0 * d) + 1 / (21.0 * d * d));

        _xmean = M.Dense(d, 1, (i, _) => guess[i]);
        _diagD = insigma * (1 / _sigma);
        _diagC = _diagD.PointwiseMultiply(_diagD);
        _pc = M.Dense(d, 1);
        _ps = M.Dense(d, 1);
        _normps = 0;
        _b = M.DenseIdentity(d);
        _bd = TimesRows(_b, _diagD);
        _c = _b * M.DenseIdentity(d) * _b.Transpose(); // D = ones: C = I
        var historySize = 10 + (int)(3 * 10 * d / (double)lambda);
        _fitnessHistory = Enumerable.Repeat(double.MaxValue, historySize).ToArray();

        _bestValue = startValue;
        Push(_fitnessHistory, _bestValue);
    }

    /// <summary>Whether a termination criterion (tolerances, condition, iteration limit) has stopped the run.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The generation's lambda points, repaired into the bounds, in sampling order.</summary>
    public double[][] Ask()
    {
        if (Stopped) throw new InvalidOperationException("the optimizer has stopped");
        if (_arz is not null) throw new InvalidOperationException("tell the values of the last generation first");
        if (_iterations + 1 > _maxIterations)
        {
            Stopped = true;
            throw new InvalidOperationException("the optimizer has stopped");
        }
        _iterations++;
        // Row by row, as randn1(dimension, lambda) fills it: the stream's order is part of the replay.
        var arz = M.Dense(_dimension, _lambda);
        for (var r = 0; r < _dimension; r++)
            for (var c = 0; c < _lambda; c++)
                arz[r, c] = _random.NextGaussian();
        var arx = M.Dense(_dimension, _lambda);
        for (var k = 0; k < _lambda; k++)
        {
            var column = _xmean + _bd * arz.SubMatrix(0, _dimension, k, 1) * _sigma; // m + sig * Normal(0,C)
            arx.SetSubMatrix(0, k, column);
        }
        _arz = arz;
        _arx = arx;
        var points = new double[_lambda][];
        for (var k = 0; k < _lambda; k++) points[k] = Repair(arx.Column(k).ToArray());
        return points;
    }

    /// <summary>The objective values of the points <see cref="Ask"/> gave, in the same order.</summary>
    public void Tell(double[] values)
    {
        var arz = _arz ?? throw new InvalidOperationException("ask for a generation first");
        var arx = _arx!;
        if (values.Length != _lambda) throw new ArgumentException($"expected {_lambda} values, got {values.Length}");
        _arz = null;
        _arx = null;

        var penalties = new double[_lambda];
        for (var k = 0; k < _lambda; k++)
        {
            var x = arx.Column(k).ToArray();
            var repaired = Repair(x);
            for (var i = 0; i < x.Length; i++) penalties[k] += Math.Abs(x[i] - repaired[i]);
        }
        var valueRange = ValueRange(values);
        var fitness = new double[_lambda];
        for (var k = 0; k < _lambda; k++) fitness[k] = values[k] + penalties[k] * valueRange;

        // Sort by fitness and compute the weighted mean into xmean: selection and recombination.
        var arindex = SortedIndices(fitness);
        var xold = _xmean;
        var best = arindex[.._mu];
        var bestArx = SelectColumns(arx, best);
        _xmean = bestArx * _weights;
        var bestArz = SelectColumns(arz, best);
        var zmean = bestArz * _weights;
        var hsig = UpdateEvolutionPaths(zmean, xold);
        UpdateCovariance(hsig, bestArx, arz, arindex, xold);
        // Adapt step size sigma - Eq. (5)
        _sigma *= Math.Exp(Math.Min(1, (_normps / _chiN - 1) * _cs / _damps));
        var bestFitness = fitness[arindex[0]];
        var worstFitness = fitness[arindex[^1]];
        if (_bestValue > bestFitness) _bestValue = bestFitness;

        var sqrtDiagC = _diagC.PointwiseSqrt().Column(0).ToArray();
        var pcCol = _pc.Column(0).ToArray();
        for (var i = 0; i < _dimension; i++)
        {
            if (_sigma * Math.Max(Math.Abs(pcCol[i]), sqrtDiagC[i]) > _stopTolX) break;
            if (i >= _dimension - 1) { Stopped = true; return; }
        }
        for (var i = 0; i < _dimension; i++)
        {
            if (_sigma * sqrtDiagC[i] > _stopTolUpX) { Stopped = true; return; }
        }
        var historyBest = _fitnessHistory.Min();
        var historyWorst = _fitnessHistory.Max();
        if (_iterations > 2 && Math.Max(historyWorst, worstFitness) - Math.Min(historyBest, bestFitness) < StopTolFun)
        {
            Stopped = true;
            return;
        }
        if (_iterations > _fitnessHistory.Length && historyWorst - historyBest < StopTolHistFun)
        {
            Stopped = true;
            return;
        }
        // condition number of the covariance matrix exceeds 1e14
        if (Max(_diagD) / Min(_diagD) > 1e7)
        {
            Stopped = true;
            return;
        }
        // Adjust step size in case of equal function values (flat fitness)
        if (_bestValue == fitness[arindex[(int)(0.1 + _lambda / 4.0)]]) _sigma *= Math.Exp(0.2 + _cs / _damps);
        if (_iterations > 2 && Math.Max(historyWorst, bestFitness) - Math.Min(historyBest, bestFitness) == 0)
            _sigma *= Math.Exp(0.2 + _cs / _damps);
        Push(_fitnessHistory, bestFitness);
        if (_iterations >= _maxIterations) Stopped = true;
    }

    private bool UpdateEvolutionPaths(Matrix<double> zmean, Matrix<double> xold)
    {
        _ps = _ps * (1 - _cs) + _b * zmean * Math.Sqrt(_cs * (2 - _cs) * _mueff);
        _normps = _ps.FrobeniusNorm();
        var hsig = _normps / Math.Sqrt(1 - Math.Pow(1 - _cs, 2 * _iterations)) / _chiN < 1.4 + 2 / ((double)_dimension + 1);
        _pc = _pc * (1 - _cc);
        if (hsig) _pc = _pc + (_xmean - xold) * (Math.Sqrt(_cc * (2 - _cc) * _mueff) / _sigma);
        return hsig;
    }

    private void UpdateCovariance(bool hsig, Matrix<double> bestArx, Matrix<double> arz, int[] arindex, Matrix<double> xold)
    {
        var d = _dimension;
        double negccov = 0;
        if (_ccov1 + _ccovmu > 0)
        {
            var arpos = (bestArx - Repmat(xold, 1, _mu)) * (1 / _sigma); // mu difference vectors
            var roneu = _pc * _pc.Transpose() * _ccov1; // rank one update
            // minor correction if hsig==false
            var oldFac = hsig ? 0 : _ccov1 * _cc * (2 - _cc);
            oldFac += 1 - _ccov1 - _ccovmu;
            // Active CMA: a negative update from the worst points.
            negccov = (1 - _ccovmu) * 0.25 * _mueff / (Math.Pow(d + 2, 1.5) + 2 * _mueff);
            // keep at least 0.66 in all directions, small popsize are most critical
            const double negMinResidualVariance = 0.66;
            // where to make up for the variance loss
            const double negAlphaOld = 0.5;
            var arReverseIndex = Reverse(arindex);
            var arzneg = SelectColumns(arz, arReverseIndex[.._mu]);
            var arnorms = SumRows(arzneg.PointwiseMultiply(arzneg)).PointwiseSqrt();
            var idxnorms = SortedIndices(arnorms.Row(0).ToArray());
            var arnormsSorted = SelectColumns(arnorms, idxnorms);
            var idxReverse = Reverse(idxnorms);
            var arnormsReverse = SelectColumns(arnorms, idxReverse);
            arnorms = arnormsReverse.PointwiseDivide(arnormsSorted);
            var idxInv = Inverse(idxnorms);
            var arnormsInv = SelectColumns(arnorms, idxInv);
            // check and set learning rate negccov
            var negcovMax = (1 - negMinResidualVariance) / (arnormsInv.PointwiseMultiply(arnormsInv) * _weights)[0, 0];
            if (negccov > negcovMax) negccov = negcovMax;
            arzneg = arzneg.PointwiseMultiply(Repmat(arnormsInv, d, 1));
            var artmp = _bd * arzneg;
            var cneg = artmp * M.DenseOfDiagonalVector(_weights.Column(0)) * artmp.Transpose();
            oldFac += negAlphaOld * negccov;
            _c = _c * oldFac
                + roneu
                + arpos * (_ccovmu + (1 - negAlphaOld) * negccov) * Repmat(_weights, 1, d).PointwiseMultiply(arpos.Transpose())
                - cneg * negccov;
        }
        UpdateBD(negccov);
    }

    private void UpdateBD(double negccov)
    {
        // Hipparchus guards with (iterations % 1. / (...) / dimension / 10.) < 1, which always holds: the
        // decomposition runs every generation.
        if (!(_ccov1 + _ccovmu + negccov > 0)) return;
        var d = _dimension;
        // enforce symmetry to prevent complex numbers
        _c = _c.UpperTriangle() + _c.StrictlyUpperTriangle().Transpose();
        var eig = _c.Evd(Symmetricity.Symmetric);
        _b = eig.EigenVectors;
        var diagD = M.Dense(d, 1, (i, _) => eig.EigenValues[i].Real);
        if (Min(diagD) <= 0)
        {
            for (var i = 0; i < d; i++) if (diagD[i, 0] < 0) diagD[i, 0] = 0;
            var tfac = Max(diagD) / 1e14;
            _c = _c + M.DenseIdentity(d) * tfac;
            diagD = diagD + M.Dense(d, 1, tfac);
        }
        if (Max(diagD) > 1e14 * Min(diagD))
        {
            var tfac = Max(diagD) / 1e14 - Min(diagD);
            _c = _c + M.DenseIdentity(d) * tfac;
            diagD = diagD + M.Dense(d, 1, tfac);
        }
        _diagC = M.Dense(d, 1, (i, _) => _c[i, i]);
        _diagD = diagD.PointwiseSqrt(); // D contains standard deviations now
        _bd = TimesRows(_b, _diagD);
    }

    private double[] Repair(double[] x)
    {
        var repaired = new double[x.Length];
        for (var i = 0; i < x.Length; i++) repaired[i] = x[i] < _lower[i] ? _lower[i] : x[i] > _upper[i] ? _upper[i] : x[i];
        return repaired;
    }

    private static double ValueRange(double[] values)
    {
        var max = double.NegativeInfinity;
        var min = double.MaxValue;
        foreach (var v in values)
        {
            if (v > max) max = v;
            if (v < min) min = v;
        }
        return max - min;
    }

    private static void Push(double[] values, double value)
    {
        for (var i = values.Length - 1; i > 0; i--) values[i] = values[i - 1];
        values[0] = value;
    }

    /// <summary>Indices by ascending value; a stable sort, so equal values keep their order.</summary>
    private static int[] SortedIndices(double[] values) =>
        Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();

    /// <summary>B with column j scaled by diagD[j]: times(B, repmat(diagD', d, 1)).</summary>
    private static Matrix<double> TimesRows(Matrix<double> b, Matrix<double> diagD) =>
        M.Dense(b.RowCount, b.ColumnCount, (r, c) => b[r, c] * diagD[c, 0]);

    private static Matrix<double> SelectColumns(Matrix<double> m, int[] cols) =>
        M.Dense(m.RowCount, cols.Length, (r, c) => m[r, cols[c]]);

    private static Matrix<double> SumRows(Matrix<double> m) =>
        M.Dense(1, m.ColumnCount, (_, c) => m.Column(c).Sum());

    private static Matrix<double> Repmat(Matrix<double> m, int n, int k) =>
        M.Dense(n * m.RowCount, k * m.ColumnCount, (r, c) => m[r % m.RowCount, c % m.ColumnCount]);

    private static int[] Inverse(int[] indices)
    {
        var inverse = new int[indices.Length];
        for (var i = 0; i < indices.Length; i++) inverse[indices[i]] = i;
        return inverse;
    }

    private static int[] Reverse(int[] indices) => indices.Reverse().ToArray();

    private static double Max(Matrix<double> m)
    {
        var max = -double.MaxValue;
        foreach (var e in m.Enumerate()) if (max < e) max = e;
        return max;
    }

    private static double Min(Matrix<double> m)
    {
        var min = double.MaxValue;
        foreach (var e in m.Enumerate()) if (min > e) min = e;
        return min;
    }
}
