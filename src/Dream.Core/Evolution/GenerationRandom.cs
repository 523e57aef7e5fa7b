using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Dream.Core.Evolution;

/// <summary>
/// Random streams derived only from what a replay knows: the run seed, the domain and a position (the
/// generation, or a named purpose and index). There is no shared or global generator, so a replayed journal
/// draws exactly the same numbers, whatever else ran before.
/// </summary>
public static class GenerationRandom
{
    /// <summary>The stream of one generation's decisions.</summary>
    public static SeededRandom Stream(long seed, string domain, int generation) =>
        Derive(seed, domain, "generation", generation);

    /// <summary>
    /// A stream for another purpose (e.g. CMA-ES restarts). SHA-256 of the fields, length-prefixed so that no
    /// two tuples collide by concatenation, seeds the generator.
    /// </summary>
    public static SeededRandom Derive(long seed, string domain, string purpose, long index)
    {
        var d = Encoding.UTF8.GetBytes(domain);
        var p = Encoding.UTF8.GetBytes(purpose);
        var buf = new byte[8 + 4 + d.Length + 4 + p.Length + 8];
        var at = 0;
        BinaryPrimitives.WriteInt64BigEndian(buf.AsSpan(at), seed); at += 8;
        BinaryPrimitives.WriteInt32BigEndian(buf.AsSpan(at), d.Length); at += 4;
        d.CopyTo(buf, at); at += d.Length;
        BinaryPrimitives.WriteInt32BigEndian(buf.AsSpan(at), p.Length); at += 4;
        p.CopyTo(buf, at); at += p.Length;
        BinaryPrimitives.WriteInt64BigEndian(buf.AsSpan(at), index);
        var h = SHA256.HashData(buf);
        return new SeededRandom(BinaryPrimitives.ReadInt32BigEndian(h));
    }
}
