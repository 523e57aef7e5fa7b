namespace Dream.Core.Config;

/// <summary>
/// Optional numeric settings with a lower bound: absent means the default, out of bounds is a problem. Returns
/// null when the value is unusable (the problem is already reported).
/// </summary>
internal static class Bounds
{
    public static long? AtLeast(YamlMap m, string key, long min, long dflt, string example, string why)
    {
        if (!m.Has(key)) return dflt;
        var v = m.Integer(key, false, example);
        if (v is not null && v < min)
        {
            m.Source.Problem(m.Value(key), key + " " + v + " in " + m.What + " must be at least " + min, "write e.g. " + example + "; " + why);
            return null;
        }
        return v;
    }

    public static double? AtLeast(YamlMap m, string key, double min, double dflt, string example, string? why = null)
    {
        if (!m.Has(key)) return dflt;
        var v = m.Number(key, false, example);
        if (v is not null && v < min)
        {
            m.Source.Problem(m.Value(key), key + " " + Scalars.Format(v.Value) + " in " + m.What + " must be at least " + Scalars.Format(min),
                "write e.g. " + example + (why is null ? "" : "; " + why));
            return null;
        }
        return v;
    }

    public static double? Above(YamlMap m, string key, double min, double dflt, string example)
    {
        if (!m.Has(key)) return dflt;
        var v = m.Number(key, false, example);
        if (v is not null && v <= min)
        {
            m.Source.Problem(m.Value(key), key + " " + Scalars.Format(v.Value) + " in " + m.What + " must be above " + Scalars.Format(min),
                "write e.g. " + example);
            return null;
        }
        return v;
    }
}
