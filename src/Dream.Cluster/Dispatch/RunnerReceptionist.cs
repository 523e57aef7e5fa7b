using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;

namespace Dream.Cluster.Dispatch;

/// <summary>
/// Where TrialRunners make themselves known to dispatchers: Pekko's typed Receptionist for the one service key
/// Dream has, which Akka.NET lacks. One per node (<see cref="Get"/>). On a cluster the registrations are a
/// replicated set (Distributed Data), so a dispatcher anywhere sees every runner; on a local actor system they
/// are this node's only. A subscriber gets a <see cref="Listing"/> at once and after every change: the runners on
/// reachable nodes, and all registered ones. Runners on a removed node, and local runners that stop, are dropped.
/// </summary>
public sealed class RunnerReceptionist : ReceiveActor
{
    public sealed record Register(IActorRef Runner, IActorRef? ReplyTo = null);

    public sealed record Registered(IActorRef Runner);

    public sealed record Deregister(IActorRef Runner, IActorRef? ReplyTo = null);

    public sealed record Deregistered(IActorRef Runner);

    public sealed record Subscribe(IActorRef Subscriber);

    /// <summary><see cref="Reachable"/>: registered runners on reachable nodes; <see cref="All"/>: every registered runner.</summary>
    public sealed record Listing(IReadOnlySet<IActorRef> Reachable, IReadOnlySet<IActorRef> All);

    private static readonly ORSetKey<IActorRef> Key = new("dream-trial-runners");

    /// <summary>This node's receptionist (a system actor, started on first use).</summary>
    public static IActorRef Get(ActorSystem system) => system.WithExtension<Extension, ExtensionId>().Ref;

    private readonly Akka.Cluster.Cluster? _cluster;
    private readonly IActorRef? _replicator;
    private readonly HashSet<IActorRef> _subscribers = [];
    private ImmutableHashSet<IActorRef> _registered = ImmutableHashSet<IActorRef>.Empty;
    private readonly HashSet<Address> _unreachable = [];
    private readonly HashSet<Address> _removed = [];
    private Listing? _last;

    public RunnerReceptionist()
    {
        if (Context.System is ExtendedActorSystem ext && ext.Provider is Akka.Cluster.ClusterActorRefProvider)
        {
            _cluster = Akka.Cluster.Cluster.Get(Context.System);
            _replicator = DistributedData.Get(Context.System).Replicator;
        }

        Receive<Register>(r =>
        {
            Context.Watch(r.Runner);
            Change(set => set.Add(r.Runner), orset => orset.Add(_cluster!, r.Runner));
            r.ReplyTo?.Tell(new Registered(r.Runner));
        });
        Receive<Deregister>(d =>
        {
            Change(set => set.Remove(d.Runner), orset => orset.Remove(_cluster!, d.Runner));
            d.ReplyTo?.Tell(new Deregistered(d.Runner));
        });
        Receive<Terminated>(t =>
        {
            bool subscriber = _subscribers.Remove(t.ActorRef);
            // besides subscribers, only local runners are watched (they registered here); a remote one goes with its node
            if (!subscriber || _registered.Contains(t.ActorRef))
                Change(set => set.Remove(t.ActorRef), orset => orset.Remove(_cluster!, t.ActorRef));
        });
        Receive<Subscribe>(s =>
        {
            _subscribers.Add(s.Subscriber);
            Context.Watch(s.Subscriber);
            s.Subscriber.Tell(CurrentListing());
        });
        Receive<Changed>(c =>
        {
            if (!c.Key.Equals(Key)) return;
            _registered = c.Get(Key).Elements.ToImmutableHashSet();
            Publish();
        });
        Receive<IUpdateResponse>(_ => { });
        Receive<ClusterEvent.UnreachableMember>(u => { _unreachable.Add(u.Member.Address); Publish(); });
        Receive<ClusterEvent.ReachableMember>(r => { _unreachable.Remove(r.Member.Address); Publish(); });
        Receive<ClusterEvent.MemberRemoved>(m =>
        {
            _unreachable.Remove(m.Member.Address);
            _removed.Add(m.Member.Address);
            // The removed node cannot deregister its runners; any node may drop them from the set.
            foreach (var gone in _registered.Where(r => r.Path.Address == m.Member.Address).ToList())
                Change(set => set.Remove(gone), orset => orset.Remove(_cluster!, gone));
            Publish();
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            foreach (var m in s.Unreachable) _unreachable.Add(m.Address);
            Publish();
        });
    }

    protected override void PreStart()
    {
        if (_cluster == null) return;
        _replicator!.Tell(Dsl.Subscribe(Key, Self));
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.IMemberEvent));
    }

    protected override void PostStop() => _cluster?.Unsubscribe(Self);

    private void Change(Func<ImmutableHashSet<IActorRef>, ImmutableHashSet<IActorRef>> local,
        Func<ORSet<IActorRef>, ORSet<IActorRef>> replicated)
    {
        if (_cluster == null)
        {
            _registered = local(_registered);
            Publish();
            return;
        }
        // Seen here, as everywhere, when the replicator says so: applying it locally first could be undone by a
        // notification computed before the update, and a runner that seems to deregister is taken for leaving.
        _replicator!.Tell(Dsl.Update(Key, ORSet<IActorRef>.Empty, WriteLocal.Instance, replicated));
    }

    private Listing CurrentListing()
    {
        var all = _registered.Where(r => !_removed.Contains(r.Path.Address)).ToHashSet();
        var reachable = all.Where(r => !_unreachable.Contains(r.Path.Address)).ToHashSet();
        return new Listing(reachable, all);
    }

    private void Publish()
    {
        var now = CurrentListing();
        if (_last != null && _last.All.SetEquals(now.All) && _last.Reachable.SetEquals(now.Reachable)) return;
        _last = now;
        foreach (var s in _subscribers) s.Tell(now);
    }

    private sealed class Extension(IActorRef actor) : IExtension
    {
        public IActorRef Ref { get; } = actor;
    }

    private sealed class ExtensionId : ExtensionIdProvider<Extension>
    {
        public override Extension CreateExtension(ExtendedActorSystem system) =>
            new(system.SystemActorOf(Props.Create(() => new RunnerReceptionist()), "dream-runner-receptionist"));
    }
}
