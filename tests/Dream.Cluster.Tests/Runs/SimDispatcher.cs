using Akka.Actor;
using Dream.Cluster.Dispatch;
using Dream.Trials;

namespace Dream.Cluster.Tests.Runs;

/// <summary>
/// The TrialDispatcher's protocol as the coordinator sees it, answered by an executor on a thread of its own: every
/// Submit is run (again, if submitted again) and its Completed goes to the submit's ReplyTo. Cancel is noted only.
/// The real dispatcher's leasing is tested with it, in Dispatch.
/// </summary>
public sealed class SimDispatcher : ReceiveActor
{
    public static Props Props(ITrialExecutor executor) => Akka.Actor.Props.Create(() => new SimDispatcher(executor));

    public SimDispatcher(ITrialExecutor executor)
    {
        Receive<TrialDispatcher.Submit>(s =>
        {
            var replyTo = s.ReplyTo;
            Task.Run(() => replyTo.Tell(new TrialDispatcher.Completed(executor.Run(s.Spec))));
        });
        Receive<TrialDispatcher.Cancel>(_ => { });
    }
}
