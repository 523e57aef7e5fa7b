using System.Text;
using System.Text.Json;
using Dream.Trials.Processes;

namespace Dream.Trials.Workloads;

/// <summary>
/// <c>command</c>: runs an argv list (never a shell string) and reads its stdout as a JSON object of KPIs.
/// <para>
/// In each argument, <c>{knob}</c> is replaced by the candidate's value of that knob, and <c>{duration_s}</c> and
/// <c>{warmup_s}</c> by the regime's times (<see cref="Placeholders"/>); an unknown placeholder fails the trial
/// rather than run a wrong command. Each argument reaches the program as one argument, exactly as written: nothing
/// is interpreted by a shell. The <c>env</c> knobs are added to the environment, and the placement knobs (affinity,
/// nice, policy, cgroup) apply to the process. The program runs in the trial's scratch directory. On cancellation
/// the whole process tree is killed. A program that is not installed, a non-zero exit, or stdout that is not a
/// JSON object fails the trial; a KPI given as null is unavailable.
/// </para>
/// </summary>
public sealed class CommandWorkload(Tools tools) : IWorkload
{
    private static readonly IReadOnlySet<string> NoKpis = new HashSet<string>();

    public CommandWorkload() : this(Tools.System())
    {
    }

    /// <summary>None: known only from its output.</summary>
    public IReadOnlySet<string> Kpis => NoKpis;

    public bool StartsProcesses => true;

    public WorkloadResult Run(WorkloadContext ctx)
    {
        var argv = Argv(ctx);
        var p = ExternalProcess.RunToEnd(ctx, tools, argv, "command", "command " + argv[0]);
        return Parse(p.StdoutText(), argv[0]);
    }

    internal static IReadOnlyList<string> Argv(WorkloadContext ctx) =>
        Placeholders.Substitute(ctx.Spec.RegimeSpec.Workload.Params.GetValueOrDefault("argv"), "argv", ctx);

    /// <summary>The KPIs of the first JSON value on stdout, which must be an object; what follows it is not read.</summary>
    internal static WorkloadResult Parse(string stdout, string command)
    {
        JsonDocument? doc;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(stdout), new JsonReaderOptions { AllowMultipleValues = true });
            doc = JsonDocument.TryParseValue(ref reader, out var d) ? d : null;
        }
        catch (JsonException e)
        {
            throw new IOException($"command {command} did not print a JSON object of KPIs: {e.Message}");
        }
        using (doc)
        {
            if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new IOException($"command {command} did not print a JSON object of KPIs");
            var b = new WorkloadResult.Builder();
            foreach (var e in doc.RootElement.EnumerateObject())
            {
                if (e.Value.ValueKind == JsonValueKind.Number)
                    b.Put(e.Name, e.Value.TryGetDouble(out var n) ? n : double.NaN, $"command {command} reported a non-finite {e.Name}");
                else if (e.Value.ValueKind == JsonValueKind.Null)
                    b.Unavailable(e.Name, $"command {command} reported {e.Name} as null");
            }
            return b.Build();
        }
    }
}
