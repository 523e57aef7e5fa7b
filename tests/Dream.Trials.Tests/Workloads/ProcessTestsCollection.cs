namespace Dream.Trials.Tests.Workloads;

/// <summary>The workload tests that start and kill processes run one after another, so that their process checks do not see each other's.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessTestsCollection
{
    public const string Name = "workload processes";
}
