using System.Globalization;
using Dream.Core.Domain;

namespace Dream.Trials.Workloads;

/// <summary>Typed reading of a workload's parameters, with errors that name the parameter and what was expected.</summary>
public sealed class Params(IReadOnlyDictionary<string, object> values, string owner)
{
    public bool Has(string key) => Get(key) is not null;

    public double Number(string key, double fallback)
    {
        var v = Get(key);
        if (v is null) return fallback;
        return AsDouble(v) ?? throw new ArgumentException($"{owner}: parameter {key} must be a number, got {Show(v)}");
    }

    public double Number(string key, double fallback, double min, double max)
    {
        var d = Number(key, fallback);
        if (!(d >= min && d <= max))
            throw new ArgumentException($"{owner}: parameter {key} must be in [{Show(min)}, {Show(max)}], got {Show(d)}");
        return d;
    }

    public long Integer(string key, long fallback, long min, long max)
    {
        var v = Get(key);
        if (v is null) return fallback;
        long l = v switch
        {
            long x => x,
            int x => x,
            short x => x,
            _ when AsDouble(v) is { } d && d == Math.Round(d) && Math.Abs(d) < 9.2e18 => (long)d,
            _ => throw new ArgumentException($"{owner}: parameter {key} must be an integer, got {Show(v)}"),
        };
        if (l < min || l > max)
            throw new ArgumentException($"{owner}: parameter {key} must be in [{min}, {max}], got {l}");
        return l;
    }

    public string? String(string key, string? fallback)
    {
        var v = Get(key);
        return v is null ? fallback : Show(v);
    }

    public object? Raw(string key) => Get(key);

    private object? Get(string key) => values.TryGetValue(key, out var v) ? v : null;

    private static double? AsDouble(object v) => v switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        decimal m => (double)m,
        _ => null,
    };

    private static string Show(object v) => v is double d ? Canonical.FormatDouble(d) : Canonical.Text(v);
}
