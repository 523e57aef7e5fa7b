using System.Globalization;
using System.Text.RegularExpressions;
using Dream.Core.Domain;
using Dream.Trials.Actuators;

namespace Dream.Trials.Gpu;

/// <summary>
/// <c>nvidia-smi</c>: a setting of one NVIDIA GPU (actuator <c>gpu</c>, default 0), applied with nvidia-smi and put
/// back after the trial (and after a crash, from the apply-journal, which keeps the GPU, the setting and the value
/// found before). <c>power-limit-pct</c>: percent of the GPU's default power limit (<c>power.default_limit</c>),
/// clamped to the card's <c>power.min_limit</c>..<c>power.max_limit</c>, set with <c>nvidia-smi -i N -pl W</c>;
/// <c>power-limit-w</c>: watts, which must lie in that range; <c>persistence-mode</c>: a bool, set with
/// <c>-pm 1|0</c>. Setting these needs root; nvidia-smi's refusal fails the trial with its words.
/// </summary>
public sealed class NvidiaSmiActuator(NvidiaSmi smi) : IKnobActuator
{
    private static readonly Regex Digits = new(@"^\d+$");
    private static readonly Regex Decimal = new(@"^[0-9.]+$");

    public bool ChangesSystem => true;

    private static string Setting(Knob knob) =>
        knob.Actuator.Params.TryGetValue("setting", out var s) && s is not null
            ? Convert.ToString(s, CultureInfo.InvariantCulture)!
            : throw new ArgumentException("knob " + knob.Name + ": nvidia-smi actuator has no setting");

    private static int Gpu(Knob knob) =>
        knob.Actuator.Params.TryGetValue("gpu", out var g) && g is long or int or double
            ? Convert.ToInt32(g, CultureInfo.InvariantCulture)
            : 0;

    public IReadOnlyDictionary<string, string> ReadStock(Knob knob)
    {
        var setting = Setting(knob);
        var gpu = Gpu(knob);
        var id = gpu.ToString(CultureInfo.InvariantCulture);
        if (setting == "persistence-mode")
        {
            var mode = Field(gpu, "persistence_mode");
            return new Dictionary<string, string>
            {
                ["gpu"] = id, ["setting"] = setting, ["value"] = mode.Equals("Enabled", StringComparison.OrdinalIgnoreCase) ? "1" : "0",
            };
        }
        return new Dictionary<string, string> { ["gpu"] = id, ["setting"] = "power-limit", ["value"] = Watts(Number(gpu, "power.limit")) };
    }

    public void Apply(Knob knob, object value, KnobEffects effects)
    {
        var setting = Setting(knob);
        var gpu = Gpu(knob);
        var id = gpu.ToString(CultureInfo.InvariantCulture);
        switch (setting)
        {
            case "persistence-mode":
                smi.Run(["-i", id, "-pm", value is true ? "1" : "0"]);
                break;
            case "power-limit-pct" or "power-limit-w":
                var r = Row(gpu, ["power.default_limit", "power.min_limit", "power.max_limit"]);
                var min = Required(r, "power.min_limit", gpu);
                var max = Required(r, "power.max_limit", gpu);
                double w;
                if (setting == "power-limit-pct")
                {
                    w = Math.Min(max, Math.Max(min, Required(r, "power.default_limit", gpu) * Convert.ToDouble(value, CultureInfo.InvariantCulture) / 100));
                }
                else
                {
                    w = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (w < min || w > max)
                        throw new IOException("knob " + knob.Name + " = " + KnobValues.PlainDecimal(w) + " W is outside GPU " + gpu
                            + "'s power limit range " + KnobValues.PlainDecimal(min) + ".." + KnobValues.PlainDecimal(max) + " W");
                }
                smi.Run(["-i", id, "-pl", Watts(w)]);
                break;
            default:
                throw new ArgumentException("knob " + knob.Name + ": unknown nvidia-smi setting " + setting);
        }
    }

    public void Restore(ActuatorSpec spec, IReadOnlyDictionary<string, string> stock)
    {
        stock.TryGetValue("gpu", out var gpu);
        stock.TryGetValue("value", out var value);
        if (gpu is null || value is null || !Digits.IsMatch(gpu) || !Decimal.IsMatch(value))
            throw new ArgumentException("not an nvidia-smi stock record: {" + string.Join(", ", stock.Select(p => p.Key + "=" + p.Value)) + "}");
        var flag = stock.TryGetValue("setting", out var s) && s == "persistence-mode" ? "-pm" : "-pl";
        smi.Run(["-i", gpu, flag, value]);
    }

    private string Field(int gpu, string name) =>
        Row(gpu, [name]).TryGetValue(name, out var v) ? v : throw new IOException("nvidia-smi reports no " + name + " for GPU " + gpu);

    private double Number(int gpu, string name) =>
        NvidiaSmiCsv.Number(Field(gpu, name)) ?? throw new IOException("nvidia-smi's " + name + " of GPU " + gpu + " is not a number");

    private IReadOnlyDictionary<string, string> Row(int gpu, IReadOnlyList<string> fields)
    {
        var rows = smi.Query(gpu, fields);
        if (rows.Count == 0) throw new IOException("nvidia-smi lists no GPU " + gpu);
        return rows[0];
    }

    private static double Required(IReadOnlyDictionary<string, string> r, string name, int gpu) =>
        NvidiaSmiCsv.Number(r.TryGetValue(name, out var v) ? v : null)
        ?? throw new IOException("nvidia-smi reports no " + name + " for GPU " + gpu + " (power management not supported?)");

    /// <summary>Watts with two decimals, half up ("150.00"), as nvidia-smi -pl takes them.</summary>
    internal static string Watts(double w) =>
        Math.Round((decimal)w, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
}
