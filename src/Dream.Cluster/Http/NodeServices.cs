using Akka.Actor;

namespace Dream.Cluster.Http;

/// <summary>What the management routes need from the node that serves them: the TrialDispatcher (its singleton proxy) and this node's class.</summary>
public sealed record NodeServices(IActorRef? Dispatcher, string NodeClass);
