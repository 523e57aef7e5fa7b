using Dream.Core.Domain;
using Dream.Trials.Actuators;
using Dream.Trials.Gpu;
using Dream.Trials.Processes;
using Dream.Trials.Tests.Probes;

namespace Dream.Trials.Tests.Gpu;

/// <summary>
/// nvidia-smi parsing on REAL recorded output (Trials/data/recorded/nvidia-smi, from the nvidia_gpu_exporter project's
/// captures of real GPUs; see the README there), and the probe's and actuator's logic against a test double of
/// nvidia-smi (<see cref="FakeNvidiaSmi"/>, made-up values).
/// </summary>
public sealed class NvidiaSmiTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static IReadOnlyList<string> Fields => NvidiaSmiProbe.Base;

    /// <summary>
    /// A recording of the source tree, found by walking up from the test binaries to Dream.sln, or from this source
    /// file where the binaries are built elsewhere ($DREAM_ARTIFACTS).
    /// </summary>
    private static string Recording(string name, [System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source) ?? "" })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "Dream.sln")))
                    return File.ReadAllText(Path.Combine(d.FullName, "tests", "Dream.Trials.Tests", "Trials", "data", "recorded", "nvidia-smi", name));
        throw new InvalidOperationException("no Dream.sln above " + AppContext.BaseDirectory + " or " + source);
    }

    private static IReadOnlyDictionary<string, string> Only(string recording)
    {
        var rows = NvidiaSmiCsv.Parse(Recording(recording), Fields);
        Assert.Single(rows);
        return rows[0];
    }

    [Fact]
    public void RealH100UnderLoadGivesPowerTemperaturesUtilizationMemoryAndClearThrottleBits()
    {
        var row = Only("linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load.csv");
        Assert.Equal("631.95 W", row["power.draw"]);
        var s = GpuSample.Of([row], "clocks_event_reasons.active");
        Assert.Equal(631.95, s.PowerW);
        Assert.Equal(59.0, s.TempC);
        Assert.Equal(54.0, s.MemoryTempC);
        Assert.Equal(100.0, s.UtilizationPct);
        Assert.Equal(19818.0, s.MemoryUsedMib);
        Assert.Equal(0.0, s.SlowdownMask);
        Assert.Equal(0.0, s.EccUncorrected);
    }

    [Fact]
    public void RealGeForceReportsNoMemoryTemperatureNoEccAndASoftwarePowerCapThatIsNotASlowdown()
    {
        var row = Only("linux-x86_64__nvidia-geforce-rtx-2080-super__595.71.05__idle.csv");
        Assert.False(row.ContainsKey("temperature.memory")); // N/A is left out
        Assert.False(row.ContainsKey("ecc.errors.uncorrected.volatile.total")); // [N/A] is left out
        Assert.Equal("0x0000000000000004", row["clocks_event_reasons.active"]);
        var s = GpuSample.Of([row], "clocks_event_reasons.active");
        Assert.Equal(39.32, s.PowerW);
        Assert.Equal(40.0, s.TempC);
        Assert.True(double.IsNaN(s.MemoryTempC));
        Assert.True(double.IsNaN(s.EccUncorrected));
        Assert.Equal(0.0, s.SlowdownMask); // SW power cap (0x4) is not counted as a slowdown
        var load = GpuSample.Of([Only("linux-x86_64__nvidia-geforce-rtx-2080-super__595.71.05__load.csv")], "clocks_event_reasons.active");
        Assert.Equal(111.50, load.PowerW);
        Assert.Equal(8.0, load.UtilizationPct);
        Assert.Equal(819.0, load.MemoryUsedMib);
    }

    [Fact]
    public void RealMigGpuHasNoUtilizationAndL40sRecordingsParse()
    {
        var mig = GpuSample.Of([Only("linux-x86_64__nvidia-h200-mig__590.48.01__load.csv")], "clocks_event_reasons.active");
        Assert.Equal(295.01, mig.PowerW);
        Assert.True(double.IsNaN(mig.UtilizationPct)); // MIG mode reports [N/A] utilization
        Assert.Equal(16959.0, mig.MemoryUsedMib);
        var l40s = GpuSample.Of([Only("linux-x86_64__nvidia-l40s__595.80__load.csv")], "clocks_event_reasons.active");
        Assert.Equal(110.23, l40s.PowerW);
        Assert.Equal(54.0, l40s.TempC);
        Assert.True(double.IsNaN(l40s.MemoryTempC));
        var h100 = Only("linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__idle.csv");
        Assert.Equal(700.0, NvidiaSmiCsv.Number(h100["power.default_limit"]));
        Assert.Equal(200.0, NvidiaSmiCsv.Number(h100["power.min_limit"]));
        Assert.Equal("Enabled", h100["persistence_mode"]);
    }

    /// <summary>
    /// HAND-WRITTEN sample, not a recording: the noheader,nounits form of NVIDIA's documented format (values in the
    /// order of the requested fields), which the recordings above (taken with a header) do not show.
    /// </summary>
    [Fact]
    public void NoHeaderNoUnitsFormIsReadByTheOrderOfTheRequestedFields()
    {
        IReadOnlyList<string> fields = ["index", "power.draw", "temperature.gpu", "persistence_mode"];
        var rows = NvidiaSmiCsv.Parse("0, 71.24, 45, Enabled\n1, [N/A], 39, Disabled\n", fields);
        Assert.Equal(2, rows.Count);
        Assert.Equal(71.24, NvidiaSmiCsv.Number(rows[0]["power.draw"]));
        Assert.False(rows[1].ContainsKey("power.draw"));
        Assert.Equal("Disabled", rows[1]["persistence_mode"]);
        var enabledOnly = NvidiaSmiCsv.Parse("Enabled\n", ["persistence_mode"]);
        Assert.Equal("Enabled", enabledOnly[0]["persistence_mode"]); // a value that looks like a name is still a value
        Assert.Throws<IOException>(() => NvidiaSmiCsv.Parse("0, 71.24\n", fields));
    }

    [Fact]
    public void NumbersWithAndWithoutUnitsAndMasks()
    {
        Assert.Equal(631.95, NvidiaSmiCsv.Number("631.95 W"));
        Assert.Equal(100.0, NvidiaSmiCsv.Number("100 %"));
        Assert.Equal(4.0, NvidiaSmiCsv.Number("0x0000000000000004"));
        Assert.Null(NvidiaSmiCsv.Number("[Requested functionality has been deprecated]"));
        Assert.Null(NvidiaSmiCsv.Number("Enabled"));
    }

    [Fact]
    public void ProbeWithoutNvidiaSmiSaysSoForEveryGpuKpi()
    {
        var p = new NvidiaSmiProbe(new NvidiaSmi(Tools.OnPath(_tmp.Resolve("empty"))));
        var r = p.Open().Finish();
        Assert.Empty(r.Values);
        Assert.True(p.Kpis.SetEquals(r.Unavailable.Keys));
        Assert.Contains("nvidia-smi is not installed on this node", r.Unavailable["gpu_power_w"]);
    }

    [Fact]
    public void ProbeReadsAllGpuKpisAndCountsEccAsAChange()
    {
        var fake = new FakeNvidiaSmi(_tmp.Resolve("bin"));
        var p = new NvidiaSmiProbe(new NvidiaSmi(fake.Tools()));
        var s = p.Open();
        var first = s.Sample();
        Assert.Equal(0.0, first.Values["gpu_ecc_uncorrected_errors"]); // a counter starts at its change, 0
        var r = s.Finish();
        Assert.Equal(250.5, r.Values["gpu_power_w"]);
        Assert.Equal(61.0, r.Values["gpu_temp_c"]);
        Assert.Equal(97.0, r.Values["gpu_utilization_pct"]);
        Assert.Equal(1024.0, r.Values["gpu_memory_used_mib"]);
        Assert.Equal(100.0, r.Values["gpu_slowdown_pct"]); // 0x20, SW thermal slowdown, in every sample
        Assert.Equal(1.0, r.Values["gpu_ecc_uncorrected_errors"]); // the fake's counter grew by one between the two readings
        Assert.Contains("no memory temperature", r.Unavailable["gpu_memory_temp_c"]);
    }

    [Fact]
    public void ProbeFallsBackToTheOldThrottleFieldNameOnOlderDrivers()
    {
        var fake = new FakeNvidiaSmi(_tmp.Resolve("bin"));
        fake.Set("old-driver", true);
        var p = new NvidiaSmiProbe(new NvidiaSmi(fake.Tools()));
        var r = p.Open().Finish();
        Assert.Equal(100.0, r.Values["gpu_slowdown_pct"]);
        Assert.Contains("clocks_throttle_reasons.active", fake.Calls());
        fake.Set("broken", true);
        var broken = p.Open().Finish();
        Assert.Contains("couldn't communicate with the NVIDIA driver", broken.Unavailable["gpu_power_w"]);
    }

    private static Knob PowerKnob(string setting) =>
        new IntKnob("power_limit_pct", 50, 100, 10, false, null,
            new ActuatorSpec("nvidia-smi", null, null, [new("setting", setting), new("gpu", 0L)]));

    [Fact]
    public void PowerLimitIsAPercentOfTheDefaultClampedToTheCardsRangeAndRestored()
    {
        var fake = new FakeNvidiaSmi(_tmp.Resolve("bin"));
        var a = new NvidiaSmiActuator(new NvidiaSmi(fake.Tools()));
        var knob = PowerKnob("power-limit-pct");
        var stock = a.ReadStock(knob);
        Assert.Equal(new Dictionary<string, string> { ["gpu"] = "0", ["setting"] = "power-limit", ["value"] = "280.00" }, stock);
        a.Apply(knob, 50L, new KnobEffects());
        Assert.Equal("150.00", fake.PowerLimit()); // 50% of the 300 W default
        a.Apply(knob, 20L, new KnobEffects());
        Assert.Equal("100.00", fake.PowerLimit()); // clamped to power.min_limit
        a.Restore(knob.Actuator, stock);
        Assert.Equal("280.00", fake.PowerLimit());

        fake.Set("deny", true);
        var e = Assert.Throws<IOException>(() => a.Apply(knob, 70L, new KnobEffects()));
        Assert.Contains("not supported in current scheduler", e.Message);
        Assert.Equal("280.00", fake.PowerLimit());
        Assert.Throws<ArgumentException>(() => a.Restore(knob.Actuator, new Dictionary<string, string> { ["gpu"] = "0; rm", ["value"] = "1" }));
    }

    [Fact]
    public void AJournaledPowerLimitIsRestoredByALaterProcess()
    {
        var fake = new FakeNvidiaSmi(_tmp.Resolve("bin"));
        var a = new NvidiaSmiActuator(new NvidiaSmi(fake.Tools()));
        var knob = PowerKnob("power-limit-w");
        var journal = new ApplyJournal(_tmp.Resolve("journal"));
        journal.Record(ApplyJournal.NewEntry("t/1", knob.Name, knob.Actuator, a.ReadStock(knob)));
        a.Apply(knob, 120L, new KnobEffects());
        Assert.Equal("120.00", fake.PowerLimit());
        // A new process: only the journal is left, without the actuator's params.
        var restored = new ApplyJournal(_tmp.Resolve("journal")).RestorePending(new Dictionary<string, IKnobActuator> { ["nvidia-smi"] = a });
        Assert.True(restored[0].Ok, restored[0].Error);
        Assert.Equal("280.00", fake.PowerLimit());
        Assert.Throws<IOException>(() => a.Apply(knob, 400L, new KnobEffects())); // 400 W is above power.max_limit
    }

    [Fact]
    public void WattsHaveTwoDecimalsRoundedHalfUp()
    {
        Assert.Equal("150.00", NvidiaSmiActuator.Watts(150));
        Assert.Equal("212.35", NvidiaSmiActuator.Watts(212.345));
    }
}
