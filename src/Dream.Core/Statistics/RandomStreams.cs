using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MathNet.Numerics.Random;

namespace Dream.Core.Statistics;

/// <summary>
/// Independent random streams, one per (seed, stream name). The original reseeded Python's global generator
/// with one fixed seed for every metric, so all intervals shared one resample sequence; here every metric gets
/// its own reproducible stream and no global state is touched.
/// </summary>
public static class RandomStreams
{
    /// <summary>
    /// A generator (MathNet's xoshiro256**) seeded by SHA-256(seed, name): distinct names give unrelated
    /// streams, the same pair always gives the same stream. Not thread-safe: a stream belongs to one computation.
    /// </summary>
    public static Random Of(long seed, string stream) => new Xoshiro256StarStar(SeedOf(seed, stream), threadSafe: false);

    /// <summary>The same stream as <see cref="Of"/>, as bootstrap indices only (see <see cref="ResampleIndices"/>).</summary>
    public static ResampleIndices IndicesOf(long seed, string stream) => new(SeedOf(seed, stream));

    private static int SeedOf(long seed, string stream)
    {
        var name = Encoding.UTF8.GetBytes(stream);
        var buf = new byte[8 + name.Length];
        BinaryPrimitives.WriteInt64BigEndian(buf, seed);
        name.CopyTo(buf, 8);
        var digest = SHA256.HashData(buf);
        // MathNet's generator takes a 32-bit seed (expanded by SplitMix64): fold the digest's first 64 bits.
        var folded = BinaryPrimitives.ReadInt64BigEndian(digest);
        return unchecked((int)(folded ^ (folded >>> 32)));
    }
}
