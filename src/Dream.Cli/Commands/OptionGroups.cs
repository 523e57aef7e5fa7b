using System.CommandLine;

namespace Dream.Cli.Commands;

/// <summary>The roles a node can have (DreamNode.COORDINATOR and DreamNode.RUNNER in the Java tree).</summary>
public static class Roles
{
    public const string Coordinator = "coordinator";
    public const string Runner = "runner";
    public static readonly IReadOnlyList<string> All = new[] { Coordinator, Runner };
}

/// <summary>
/// How this process joins the cluster: shared by <c>run</c>, <c>node</c> and <c>service</c>, with one validation.
/// </summary>
public sealed class NodeOptions
{
    private readonly Option<string?> host = Options.Text("--host", "host",
        "Address to bind and advertise (default 127.0.0.1: nothing listens beyond loopback unless you say so).");
    private readonly Option<int?> port;
    private readonly Option<List<string>> join = Options.List("--join", "HOST:PORT", "Join this cluster instead of forming a single-node one.");
    private readonly Option<List<string>> roles = Options.List("--roles", "roles", "Roles of this node: runner, coordinator or both (default both).");
    private readonly Option<int?> managementPort = Options.Int("--management-port",
        "Port of the management endpoint (dream ctl, /metrics); 0 for a free one. Default: 7626, or a free one when 7626 is taken.", "PORT");
    private readonly int? defaultPort;

    /// <param name="defaultPort">The cluster port when --port is absent; null for a free one.</param>
    public NodeOptions(Command command, int? defaultPort)
    {
        this.defaultPort = defaultPort;
        port = Options.Int("--port", defaultPort is { } p ? $"Cluster port (default {p})." : "Cluster port (default: a free one).");
        command.Add(host);
        command.Add(port);
        command.Add(join);
        command.Add(roles);
        command.Add(managementPort);
    }

    public NodeValues Read(ParseResult r)
    {
        var given = r.GetValue(roles) ?? new List<string>();
        return new NodeValues(r.GetValue(host), r.GetValue(port) ?? defaultPort, r.GetValue(join) ?? new List<string>(),
            given.Count == 0 ? Roles.All.ToList() : given.Distinct().ToList(), r.GetValue(managementPort));
    }
}

/// <summary>The node options of one invocation.</summary>
public sealed record NodeValues(string? Host, int? Port, IReadOnlyList<string> Join, IReadOnlyList<string> Roles, int? ManagementPort)
{
    /// <summary>Refuses (exit 2) a role that is not one, or a management port out of range.</summary>
    public NodeValues Validated()
    {
        foreach (var r in Roles)
        {
            if (!Commands.Roles.All.Contains(r))
                throw new CommandFailure(ExitCodes.Usage, "unknown role '" + r + "'; roles are runner and coordinator");
        }
        if (Port is < 0 or > 65535) throw new CommandFailure(ExitCodes.Usage, "--port must be between 0 and 65535 (got " + Port + ")");
        if (ManagementPort is < 0 or > 65535)
            throw new CommandFailure(ExitCodes.Usage, "--management-port must be between 0 and 65535 (got " + ManagementPort + ")");
        return this;
    }

    public bool Has(string role) => Roles.Contains(role);

    /// <summary>
    /// The settings --management-port stands for: that port, and failing (exit 3) when it is taken, since the user
    /// chose it; none when the option is absent.
    /// </summary>
    /// <param name="warmRunList">
    /// a long-lived node (dream node, dream service) builds the run list's projection from the journal in the background
    /// as it starts, so that the dashboard's first ask does not replay the whole journal (seconds with 100,000 trials); a
    /// dream run does not pay for that unless asked
    /// </param>
    public IReadOnlyDictionary<string, object> ManagementOverrides(bool warmRunList = false)
    {
        var o = new Dictionary<string, object>();
        if (ManagementPort is { } p)
        {
            o["akka.management.http.port"] = p;
            o["dream.management.port-in-use"] = "fail";
        }
        if (warmRunList) o["dream.management.warm-run-list"] = "on";
        return o;
    }
}

/// <summary>What each campaign is: shared by <c>run</c> and <c>service</c>, with one validation.</summary>
public sealed class CampaignOptions
{
    public static readonly IReadOnlyList<string> Strategies = new[] { "ga", "cmaes", "tpe" };

    private readonly Option<int?> population = Options.Int("--population", "Candidates per generation (default 20).");
    private readonly Option<int?> generations;
    private readonly Option<int?> trials = Options.Int("--trials", "Trials per candidate and regime (default: regimes.yaml execution.trials).");
    private readonly Option<List<string>> regimes = Options.List("--regimes", "R", "Only these regimes (default: all of the domain).");
    private readonly Option<string?> strategy = Options.Text("--strategy", "strategy", "tpe (default; Tree-structured Parzen Estimator), ga (genetic algorithm) or cmaes.");
    private readonly Option<bool> operators = Options.Flag("--operators",
        "Population operators: DIVERSIFY (newcomers from unmeasured regions) when the best stagnates or diversity collapses, SPECIALIZE (neighbours of the elites) late in the run; each decision a journal event shown by dream report.");
    private readonly Option<bool> allowSystemChanges = Options.Flag("--allow-system-changes",
        "Apply knobs that change the machine (sysfs, procfs, cgroups, nvidia-smi).");

    public CampaignOptions(Command command, string generationsDescription = "Generations (default 10).")
    {
        generations = Options.Int("--generations", generationsDescription);
        command.Add(population);
        command.Add(generations);
        command.Add(trials);
        command.Add(regimes);
        command.Add(strategy);
        command.Add(operators);
        command.Add(allowSystemChanges);
    }

    public CampaignValues Read(ParseResult r) => new(r.GetValue(population), r.GetValue(generations), r.GetValue(trials),
        r.GetValue(regimes) ?? new List<string>(), r.GetValue(strategy), r.GetValue(allowSystemChanges)) { Operators = r.GetValue(operators) };
}

/// <summary>The campaign options of one invocation; null where not given.</summary>
public sealed record CampaignValues(int? Population, int? Generations, int? Trials, IReadOnlyList<string> Regimes, string? Strategy,
    bool AllowSystemChanges)
{
    /// <summary>--operators: the run applies the population operators (off by default).</summary>
    public bool Operators { get; init; }

    /// <summary>Refuses (exit 2) values no campaign can have.</summary>
    public CampaignValues Validated()
    {
        AtLeast("--population", Population, 2);
        AtLeast("--generations", Generations, 1);
        AtLeast("--trials", Trials, 1);
        if (Strategy is not null && !CampaignOptions.Strategies.Contains(Strategy))
            throw new CommandFailure(ExitCodes.Usage, "--strategy must be ga, cmaes or tpe");
        return this;
    }

    public static void AtLeast(string name, int? v, int min)
    {
        if (v is { } n && n < min) throw new CommandFailure(ExitCodes.Usage, name + " must be at least " + min + " (got " + n + ")");
    }
}
