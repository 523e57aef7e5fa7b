using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MathNet.Numerics.Random;

namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// <c>builtin-storage</c>: random block reads and writes in a scratch file.
/// <para>
/// Parameters: <c>file_size_mb</c> (default 64), <c>block_kb</c> (default 4), <c>pattern</c>: <c>read</c>,
/// <c>write</c> or <c>randrw</c> (half reads, half writes; default), <c>fsync</c>: whether each write is followed by
/// fdatasync (default true), <c>threads</c>: workers issuing I/O at once, each one operation at a time (default 1),
/// and <c>dir</c> (default: the trial's scratch directory, under the node's data directory; run Dream with --data
/// on the device to be measured). A write's latency includes its fdatasync. The file is opened with O_DIRECT where
/// the file system supports it, so reads reach the device rather than the page cache. Offsets follow random
/// streams seeded by the trial index and worker, the same on every node. KPIs: <c>iops</c>, <c>mb_per_s</c>
/// (10^6 bytes), <c>p50/p95/p99_latency_ms</c>.
/// </para>
/// </summary>
public sealed class StorageWorkload : IWorkload
{
    public const string Iops = "iops";
    public const string Mbps = "mb_per_s";

    private string? _dir;
    private BlockFile? _file;
    private int _blockBytes;
    private long _blocks;
    private double _readFraction;
    private bool _fsync;
    private int _threads;
    private long _seed;

    public IReadOnlySet<string> Kpis => Latencies.WithPercentiles(Iops, Mbps);

    public void WarmUp(WorkloadContext ctx) => SetUpWarmUp.Run(ctx, () => SetUp(ctx), seconds => Operate(seconds, ctx, 1000));

    internal static double ReadFraction(string pattern) => pattern switch
    {
        "read" => 1.0,
        "write" => 0.0,
        "randrw" => 0.5,
        _ => throw new ArgumentException($"workload builtin-storage: pattern must be read, write or randrw, got {pattern}"),
    };

    private void SetUp(WorkloadContext ctx)
    {
        if (_file is not null) return;
        var p = ctx.Param();
        var fileMb = p.Integer("file_size_mb", 64, 1, 1 << 20);
        _blockBytes = (int)p.Integer("block_kb", 4, 1, 64 * 1024) * 1024;
        _readFraction = ReadFraction(p.String("pattern", "randrw")!);
        var f = p.Raw("fsync");
        if (f is not null and not bool)
            throw new ArgumentException($"workload builtin-storage: fsync must be true or false, got {f}");
        _fsync = f is null || (bool)f;
        _threads = (int)p.Integer("threads", 1, 1, 1024);
        _seed = 0x5107A6E0L + 7919L * ctx.Spec.Index;
        var parent = p.Has("dir") ? p.String("dir", null)! : ctx.ScratchDir();
        Directory.CreateDirectory(parent);
        _dir = CreateUniqueDirectory(parent, "dream-storage-");
        var path = Path.Combine(_dir, "data");
        _blocks = Math.Max(1, (fileMb << 20) / _blockBytes);
        var total = _blocks * _blockBytes;
        using (var fill = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
        {
            var chunk = new byte[1 << 20];
            for (long written = 0; written < total;)
            {
                // A large file takes a while to lay out: a cancelled trial stops here, not after the whole file.
                if (ctx.Cancelled()) throw new OperationCanceledException("trial cancelled");
                var n = (int)Math.Min(chunk.Length, total - written);
                fill.Write(chunk, 0, n);
                written += n;
            }
            fill.Flush(flushToDisk: true);
        }
        _file = BlockFile.Open(path, _blockBytes % BlockFile.Alignment == 0);
    }

    private static string CreateUniqueDirectory(string parent, string prefix)
    {
        while (true)
        {
            var d = Path.Combine(parent, prefix + Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
            if (Directory.Exists(d)) continue;
            Directory.CreateDirectory(d);
            return d;
        }
    }

    public WorkloadResult Run(WorkloadContext ctx)
    {
        SetUp(ctx);
        var start = Nanos.Now();
        var lat = Operate(ctx.DurationS(), ctx, 0);
        var elapsed = Nanos.SecondsSince(start);
        var ops = lat.Count();
        var none = $"no I/O operation completed in {elapsed} s";
        var b = new WorkloadResult.Builder()
            .Put(Iops, ops > 0 ? ops / elapsed : double.NaN, none)
            .Put(Mbps, ops > 0 ? ops * (double)_blockBytes / elapsed / 1e6 : double.NaN, none);
        return lat.PutPercentiles(b, none).Build();
    }

    /// <summary>Runs the workers for <paramref name="seconds"/>; returns the latency of every operation they did.</summary>
    private Latencies Operate(double seconds, WorkloadContext ctx, long seedOffset)
    {
        var end = Nanos.Now() + Nanos.FromSeconds(seconds);
        var per = new Latencies.PerWorker(_threads);
        var file = _file!;
        Workers.RunAll("dream-storage", _threads, w =>
        {
            var rng = Stream(_seed + seedOffset + 104729L * w);
            var raw = GC.AllocateArray<byte>(_blockBytes + BlockFile.Alignment, pinned: true);
            var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(raw, 0);
            var skip = (int)((BlockFile.Alignment - address % BlockFile.Alignment) % BlockFile.Alignment);
            var l = per.Of(w);
            while (Nanos.Now() < end && !ctx.Cancelled())
            {
                var offset = NextBelow(rng, _blocks) * _blockBytes;
                var read = rng.NextDouble() < _readFraction;
                var t = Nanos.Now();
                var block = raw.AsSpan(skip, _blockBytes);
                if (read)
                {
                    for (var done = 0; done < block.Length;)
                    {
                        var n = RandomAccess.Read(file.Handle, block[done..], offset + done);
                        if (n <= 0) break;
                        done += n;
                    }
                }
                else
                {
                    BinaryPrimitives.WriteInt64LittleEndian(block, t); // new content each write, so nothing can skip it as unchanged
                    RandomAccess.Write(file.Handle, (ReadOnlySpan<byte>)block, offset);
                    if (_fsync) file.DataSync();
                }
                l.Record(Nanos.Now() - t);
            }
        }, () => { });
        return per.Merged();
    }

    /// <summary>A reproducible stream per worker from a 64-bit seed, folded to the 32 bits MathNet's generator takes.</summary>
    private static Xoshiro256StarStar Stream(long seed) => new(unchecked((int)(seed ^ (seed >>> 32))), threadSafe: false);

    /// <summary>Uniform in [0, bound), without modulo bias.</summary>
    private static long NextBelow(Xoshiro256StarStar rng, long bound)
    {
        var b = (ulong)bound;
        var limit = ulong.MaxValue - ulong.MaxValue % b;
        ulong r;
        do r = (ulong)rng.NextFullRangeInt64(); while (r >= limit);
        return (long)(r % b);
    }

    public void Close()
    {
        _file?.Dispose();
        _file = null;
        if (_dir is not null && Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        _dir = null;
    }
}
