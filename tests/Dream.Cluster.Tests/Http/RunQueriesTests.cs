using Dream.Cluster.Http;
using Dream.Cluster.Runs;

namespace Dream.Cluster.Tests.Http;

/// <summary>How the journal and the live coordinators combine into a domain's and a run's state.</summary>
public sealed class RunQueriesTests
{
    private static readonly DomainCoordinator.Progress InProgress = new("r", "sim", true, 1, 3, 10, "gen0_c1", 0.2, null);
    private static readonly DomainCoordinator.Progress Done = new("r", "sim", true, 2, 3, 30, "gen2_c0", 0.3, "completed");

    [Fact]
    public void ADomainsState()
    {
        Assert.Equal(Views.Finished, RunQueries.DomainState(Done, false, true));
        Assert.Equal(Views.Finished, RunQueries.DomainState(Done, true, true)); // a finished coordinator not yet passivated
        Assert.Equal(Views.Running, RunQueries.DomainState(InProgress, true, false));
        Assert.Equal(Views.Stopped, RunQueries.DomainState(InProgress, false, true));
        Assert.Equal(Views.Unknown, RunQueries.DomainState(InProgress, false, false));
        Assert.Equal(Views.NotStarted, RunQueries.DomainState(null, false, true));
    }

    private static Views.DomainProgress Domain(string state) => new("d", state, null, 0, 1, 2, ["normal"], 1, 0, null, null, null);

    [Fact]
    public void ARunsStateFollowsItsDomains()
    {
        Assert.Equal(Views.Running, RunQueries.RunState([Domain(Views.Finished), Domain(Views.Running)]));
        Assert.Equal(Views.Finished, RunQueries.RunState([Domain(Views.Finished), Domain(Views.Finished)]));
        Assert.Equal(Views.Stopped, RunQueries.RunState([Domain(Views.Finished), Domain(Views.Stopped), Domain(Views.Unknown)]));
        Assert.Equal(Views.Unknown, RunQueries.RunState([Domain(Views.Finished), Domain(Views.Unknown)]));
        Assert.Equal(Views.NotStarted, RunQueries.RunState([Domain(Views.NotStarted)]));
        Assert.Equal(Views.Stopped, RunQueries.RunState([Domain(Views.Finished), Domain(Views.NotStarted)]));
    }

    [Fact]
    public void ATimeoutIsServiceUnavailableAndAnythingElseAnError()
    {
        Assert.Equal(503, ((Microsoft.AspNetCore.Http.IStatusCodeHttpResult)DreamRoutes.Failure(new Akka.Actor.AskTimeoutException("late"))).StatusCode);
        Assert.Equal(500, ((Microsoft.AspNetCore.Http.IStatusCodeHttpResult)DreamRoutes.Failure(new InvalidOperationException("x"))).StatusCode);
    }
}
