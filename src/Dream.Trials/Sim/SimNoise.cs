using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dream.Core.Domain;
using MathNet.Numerics.Random;

namespace Dream.Trials.Sim;

/// <summary>
/// The random stream of one sim trial, fixed by (run seed, candidate knob values, regime, trial index) so that
/// the same trial gives the same numbers on any node, process or retry.
/// </summary>
/// <remarks>
/// The seed is the SHA-256 of a binary encoding of those four, made independent of what does not identify the
/// trial: knobs are taken in ordinal name order (not genome order), and a float is encoded by its IEEE bits
/// rather than by its text. The 32 digest bytes are the whole state of a xoshiro256** generator: MathNet's
/// <see cref="Xoshiro256StarStar"/> takes only a 32-bit seed, which would let distinct trials share a stream.
/// </remarks>
public static class SimNoise
{
    private const string DomainTag = "dream.sim.noise.v1";

    public static System.Random Stream(long runSeed, Genome genome, string regime, int trial)
    {
        var digest = SHA256.HashData(Encode(runSeed, genome, regime, trial));
        var state = new ulong[4];
        for (var i = 0; i < 4; i++) state[i] = BinaryPrimitives.ReadUInt64BigEndian(digest.AsSpan(i * 8, 8));
        return new Xoshiro256(state);
    }

    internal static byte[] Encode(long runSeed, Genome genome, string regime, int trial)
    {
        using var bytes = new MemoryStream();
        using (var w = new BigEndianWriter(bytes))
        {
            w.Utf(DomainTag);
            w.Long(runSeed);
            var sorted = genome.Values.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            w.Int(sorted.Count);
            foreach (var (knob, value) in sorted)
            {
                w.Utf(knob);
                WriteValue(w, value);
            }
            w.Utf(regime);
            w.Int(trial);
        }
        return bytes.ToArray();
    }

    private static void WriteValue(BigEndianWriter w, object v)
    {
        switch (v)
        {
            case long l:
                w.Byte((byte)'l');
                w.Long(l);
                break;
            case double d:
                w.Byte((byte)'d');
                w.Long(BitConverter.DoubleToInt64Bits(d == 0.0 ? 0.0 : d)); // -0.0 and 0.0 are the same knob value
                break;
            case bool b:
                w.Byte((byte)'b');
                w.Byte(b ? (byte)1 : (byte)0);
                break;
            default:
                w.Byte((byte)'s');
                w.Utf(Canonical.Text(v));
                break;
        }
    }

    private sealed class BigEndianWriter(Stream s) : IDisposable
    {
        private readonly byte[] _buf = new byte[8];

        public void Byte(byte b) => s.WriteByte(b);

        public void Int(int i)
        {
            BinaryPrimitives.WriteInt32BigEndian(_buf, i);
            s.Write(_buf, 0, 4);
        }

        public void Long(long l)
        {
            BinaryPrimitives.WriteInt64BigEndian(_buf, l);
            s.Write(_buf, 0, 8);
        }

        /// <summary>Length-prefixed UTF-8, so that no string can run into the next field.</summary>
        public void Utf(string text)
        {
            var b = Encoding.UTF8.GetBytes(text);
            Int(b.Length);
            s.Write(b, 0, b.Length);
        }

        public void Dispose() => s.Flush();
    }

    /// <summary>xoshiro256** (Blackman and Vigna) over a full 256-bit state.</summary>
    private sealed class Xoshiro256 : RandomSource
    {
        private ulong _s0, _s1, _s2, _s3;

        public Xoshiro256(ulong[] state) : base(false)
        {
            (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
            if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 0x9E3779B97F4A7C15UL; // the all-zero state is a fixed point
        }

        private ulong NextULong()
        {
            var result = RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotateLeft(_s3, 45);
            return result;
        }

        private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

        /// <summary>53 random bits in [0, 1).</summary>
        protected override double DoSample() => (NextULong() >> 11) * (1.0 / (1UL << 53));

        protected override int DoSampleInteger() => (int)(NextULong() >> 33);

        protected override void DoSampleBytes(byte[] buffer)
        {
            for (var i = 0; i < buffer.Length; i += 8)
            {
                var v = NextULong();
                for (var j = 0; j < 8 && i + j < buffer.Length; j++) buffer[i + j] = (byte)(v >> (8 * j));
            }
        }
    }
}
