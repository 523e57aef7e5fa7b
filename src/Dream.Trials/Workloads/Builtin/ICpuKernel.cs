namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// The compute kernels of the CPU workloads; one call is one timed operation of a few microseconds, on state
/// private to its worker thread. <c>hash</c>: a chain of dependent integer mix rounds (ALU latency);
/// <c>matmul</c>: a 24×24 double matrix product (floating-point throughput, L1 cache); <c>sort</c>: sorting 512
/// pseudo-random ints (branches and memory access). Each folds its result into the value it returns, so that the
/// JIT cannot drop the work.
/// </summary>
internal interface ICpuKernel
{
    long Step(long x);

    static ICpuKernel Create(string name) => name switch
    {
        "hash" => new HashKernel(),
        "matmul" => new MatMul(),
        "sort" => new Sort(),
        _ => throw new ArgumentException($"workload builtin-cpu: unknown kernel '{name}' (hash, matmul or sort)"),
    };

    static long Hash(long x)
    {
        const long golden = unchecked((long)0x9E3779B97F4A7C15UL);
        for (var i = 0; i < 2048; i++)
        {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            x = unchecked(x * golden + i);
        }
        return x;
    }

    private sealed class HashKernel : ICpuKernel
    {
        public long Step(long x) => Hash(x);
    }

    sealed class MatMul : ICpuKernel
    {
        private const int N = 24;
        private readonly double[] _a = new double[N * N];
        private readonly double[] _b = new double[N * N];
        private readonly double[] _c = new double[N * N];

        public MatMul()
        {
            for (var i = 0; i < _a.Length; i++)
            {
                _a[i] = (i % 7) * 0.25 + 1;
                _b[i] = (i % 5) * 0.5 - 1;
            }
        }

        public long Step(long x)
        {
            _a[FloorMod(x, N * N)] += 1e-9; // a changing input: the product cannot be hoisted out of the loop
            for (var i = 0; i < N; i++)
            {
                for (var j = 0; j < N; j++)
                {
                    double s = 0;
                    for (var k = 0; k < N; k++) s += _a[i * N + k] * _b[k * N + j];
                    _c[i * N + j] = s;
                }
            }
            return unchecked(x * 31 + BitConverter.DoubleToInt64Bits(_c[FloorMod(x >>> 1, N * N)]));
        }
    }

    sealed class Sort : ICpuKernel
    {
        private readonly int[] _data = new int[512];

        public long Step(long x)
        {
            var s = x | 1;
            for (var i = 0; i < _data.Length; i++)
            {
                s ^= s << 13;
                s ^= s >>> 7;
                s ^= s << 17;
                _data[i] = unchecked((int)s);
            }
            Array.Sort(_data);
            return unchecked(x * 31 + _data[(int)((x >>> 3) & 511)]);
        }
    }

    private static int FloorMod(long x, int n) => (int)(((x % n) + n) % n);
}
