namespace Dream.Trials;

/// <summary>
/// Runs one trial on this node: apply knobs, warm up, run the regime's workload while sampling KPIs and checking
/// caps, restore knobs. Blocking (callers put it on a dedicated dispatcher); never throws: every failure is a
/// <see cref="TrialResult"/> with its outcome and error.
/// </summary>
public interface ITrialExecutor
{
    TrialResult Run(TrialSpec spec);

    /// <summary>
    /// As <see cref="Run(TrialSpec)"/>; cancelling <paramref name="cancel"/> stops the trial as a stopping node does
    /// (its workload is cancelled and its knobs restored) and fails it. Executors that cannot stop a trial early
    /// ignore it.
    /// </summary>
    TrialResult Run(TrialSpec spec, CancellationToken cancel) => Run(spec);

    /// <summary>
    /// How long trials in flight may go on when the process shuts down before they are cancelled (their knobs are
    /// restored either way). By default they are cancelled at once, as an interrupted run wants; a node that leaves
    /// gracefully gives them time to finish, so that their measurements are not lost.
    /// </summary>
    void FinishTrialsOnShutdown(TimeSpan grace) { }
}
