using Akka.Actor;

namespace Dream.Cluster.Runs;

/// <summary>
/// Props of an actor made by a plain factory, for the actors a coordinator starts per candidate or generation.
/// <c>Props.Create(() =&gt; new X(a, b, ...))</c> compiles an expression tree for every argument each time it is
/// called (about half a millisecond for a few arguments, and a DynamicMethod left for the finalizer): with
/// zero-second trials that was a seventh of the pipeline's CPU in the finalizer thread alone.
/// </summary>
public static class Started
{
    public static Props By<TActor>(Func<TActor> factory) where TActor : ActorBase => Props.CreateBy(new Producer<TActor>(factory));

    private sealed class Producer<TActor>(Func<TActor> factory) : IIndirectActorProducer where TActor : ActorBase
    {
        public ActorBase Produce() => factory();

        public Type ActorType => typeof(TActor);

        public void Release(ActorBase actor) { }
    }
}
