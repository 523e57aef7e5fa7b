namespace Dream.Core.Knobs;

/// <summary>How [0,1] is cut into one cell per level of a discrete knob.</summary>
internal abstract class Cells
{
    private Cells() { }

    public abstract long CellOf(double u);

    /// <summary>The coordinate a level encodes to: the middle of its cell, robust to rounding either way.</summary>
    public abstract double Centre(long k);

    /// <summary>The lower end of level k's cell: cell k is [Lower(k), Lower(k+1)), Lower(0) = 0, Lower(n) = 1.</summary>
    public abstract double Lower(long k);

    /// <summary>Equal cells: level = min(n-1, floor(u*n)).</summary>
    public sealed class Uniform(long n) : Cells
    {
        public override long CellOf(double u) => Math.Min(n - 1, (long)Math.Floor(u * n));

        public override double Centre(long k) => (k + 0.5) / n;

        public override double Lower(long k) => k >= n ? 1.0 : (double)k / n;
    }

    /// <summary>
    /// Cells of equal width on the log axis of the level values: boundary k (0 &lt; k &lt; n) is the mean of
    /// ln v(k-1) and ln v(k); the outer boundaries extend half the inner neighbour cell. Every level keeps a
    /// cell of positive measure, so all values stay reachable.
    /// </summary>
    public sealed class Log : Cells
    {
        private readonly Levels _levels;
        private readonly long _n;
        private readonly double _lo;
        private readonly double _span;

        public Log(Levels levels)
        {
            _levels = levels;
            _n = levels.Count;
            if (_n < 2) throw new ArgumentException("a log scale needs two levels");
            _lo = Boundary(0);
            _span = Boundary(_n) - _lo;
        }

        private double Position(long k) => Math.Log(_levels.Numeric(k));

        private double Boundary(long k)
        {
            if (k == 0) return Position(0) - (Position(1) - Position(0)) / 2;
            if (k == _n) return Position(_n - 1) + (Position(_n - 1) - Position(_n - 2)) / 2;
            return (Position(k - 1) + Position(k)) / 2;
        }

        public override long CellOf(double u)
        {
            if (u <= 0) return 0;
            if (u >= 1) return _n - 1;
            var t = _lo + u * _span;
            // Start from the level nearest exp(t) on the (linear) grid, then walk to the exact cell.
            var v0 = _levels.Numeric(0);
            var dv = _levels.Numeric(1) - v0;
            var guess = Math.Round((Math.Exp(t) - v0) / dv, MidpointRounding.ToEven);
            var k = (long)Math.Max(0, Math.Min(_n - 1, guess));
            while (k > 0 && t < Boundary(k)) k--;
            while (k < _n - 1 && t >= Boundary(k + 1)) k++;
            return k;
        }

        public override double Centre(long k) => ((Boundary(k) + Boundary(k + 1)) / 2 - _lo) / _span;

        public override double Lower(long k) => k <= 0 ? 0.0 : k >= _n ? 1.0 : (Boundary(k) - _lo) / _span;
    }
}
