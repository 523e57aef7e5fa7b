package dev.dream.cluster.http;

import dev.dream.cluster.trial.TrialDispatcher;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * What the Dream routes need from the node that serves them. pekko-management builds route providers by
 * reflection from the actor system alone, so the node leaves these here (one holder per actor system)
 * before the management endpoint starts.
 */
public record NodeServices(ActorRef<TrialDispatcher.Command> dispatcher, String nodeClass) {

  static void set(ActorSystem<?> system, NodeServices services) {
    Holder.ID.apply(system).services = services;
  }

  static NodeServices of(ActorSystem<?> system) {
    NodeServices s = Holder.ID.apply(system).services;
    if (s == null) throw new IllegalStateException("the Dream management routes run only on a Dream node");
    return s;
  }

  private static final class Holder implements Extension {
    static final ExtensionId<Holder> ID = new ExtensionId<>() {
      @Override
      public Holder createExtension(ActorSystem<?> system) {
        return new Holder();
      }
    };

    volatile NodeServices services;
  }
}
