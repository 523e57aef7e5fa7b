using System.Globalization;
using Dream.Cluster.Runs;

namespace Dream.Cli.Commands;

/// <summary><c>--dry-run</c>: what a run would do, and how long its trials alone would take.</summary>
public static class Plans
{
    public static void Print(RunSpec run, TextWriter @out)
    {
        var c = CultureInfo.InvariantCulture;
        @out.WriteLine("dry run: nothing is measured and nothing is written");
        @out.WriteLine("run " + run.RunId + "  seed " + run.Seed + "  generations " + run.Generations + "  node class " + run.NodeClass);
        double totalS = 0;
        long totalTrials = 0;
        foreach (var d in run.Domains)
        {
            var p = run.Plan(d);
            var pop = p.Evolution.Population;
            @out.WriteLine();
            @out.WriteLine(string.Format(c, "{0}: {1} knobs, strategy {2}, population {3}, {4} trials per candidate and regime",
                d, p.Domain.Knobs.Count, p.Evolution.Strategy, pop, p.Execution.Trials));
            foreach (var k in p.Domain.Knobs)
            {
                var held = k.Actuator.ChangesSystem && !run.AllowSystemChanges;
                @out.WriteLine(string.Format(c, "  knob {0,-22} {1,-14}{2}", k.Name, k.Actuator.Kind,
                    held ? "  held at stock (needs --allow-system-changes)" : ""));
            }
            foreach (var r in p.Regimes)
            {
                var sim = r.Workload.Kind == "sim"; // a sim trial has no machine to cool down
                var perTrial = p.Execution.WarmupS + r.DurationS + (sim ? 0 : p.Execution.TrialDelayS);
                var n = (long)(run.Generations + 1) * pop * p.Execution.Trials;
                totalS += perTrial * n;
                totalTrials += n;
                @out.WriteLine(string.Format(c, "  regime {0,-10} workload {1,-16} {2,6:0.0} s per trial, {3} trials (baseline included)",
                    r.Name, r.Workload.Kind, perTrial, n));
            }
        }
        @out.WriteLine();
        // A race stops measuring a candidate once it is shown to be worse: the full plan is its upper bound.
        if (run.Raced)
            @out.WriteLine(string.Format(c, "allocation race: paired t against the best, error spent over the looks (Pocock), confidence {0}, first test after {1}; ends at the floor or when further tests are futile",
                run.Racing.Confidence, run.Racing.FirstTest is { } f ? f + " blocks" : "one block per regime (at least 3)"));
        if (run.Bandited)
            @out.WriteLine(string.Format(c, "allocation {0}: a bandit chooses each runner slot's next (candidate, block), {1} blocks per generation",
                run.Allocation, run.TrialBudget));
        @out.WriteLine(string.Format(c, "at most {0} trials, about {1:0.0} h of trials on one runner", totalTrials, totalS / 3600.0));
        @out.Flush();
    }
}
