using System.Text.Json;
using Dream.Cluster.Http;

namespace Dream.Cluster.Tests.Http;

public sealed class ViewsTests
{
    [Fact]
    public void BodiesAreSnakeCaseAndReadBack()
    {
        var trials = new Views.Trials(1, 0, [new("r/sim/c/n/0", "akka.tcp://Dream@127.0.0.1:1", 5, 0)], 3, 1);
        var json = JsonSerializer.Serialize(trials, Views.Json);
        Assert.Contains("\"in_flight\"", json);
        Assert.Contains("\"trial_id\"", json);
        Assert.Contains("\"age_ms\"", json);
        var back = JsonSerializer.Deserialize<Views.Trials>(json, Views.Json)!;
        Assert.Equal(trials.InFlight, back.InFlight);
        Assert.Equal((1, 0, 3L, 1L), (back.Runners, back.Queued, back.Dispatched, back.Redispatched));
        Assert.Equal("{\n  \"error\": \"x\"\n}", JsonSerializer.Serialize(new Views.Error("x"), Views.Json).ReplaceLineEndings("\n"));
        Assert.Contains("\"runs\": []", JsonSerializer.Serialize(new Views.Runs([]), Views.Json));
        var domain = new Views.DomainProgress("sim", Views.Stopped, null, -1, 2, 3, ["normal"], 2, 0, null, null, null);
        var d = JsonSerializer.Serialize(domain, Views.Json);
        Assert.Contains("\"coordinator\": null", d);
        Assert.Contains("\"trials_per_candidate\": 2", d);
    }
}
