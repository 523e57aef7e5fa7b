package dev.dream.trials.workload.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a workload's worker loops on threads of their own and waits for all of them. The loops stop by
 * themselves at their end time or when the trial is cancelled; an interrupt of the waiting thread makes
 * them stop too (through {@code stop}) before it is passed on.
 */
final class Workers {
  private Workers() {}

  interface Loop {
    void run(int worker) throws Exception;
  }

  static void runAll(String name, int count, Loop loop, Runnable stop) throws Exception {
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int worker = i;
      Thread t = new Thread(() -> {
        try {
          loop.run(worker);
        } catch (Exception e) {
          failure.compareAndSet(null, e);
          stop.run();
        }
      }, name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    try {
      for (Thread t : threads) t.join();
    } catch (InterruptedException e) {
      stop.run();
      for (Thread t : threads) t.join(1000);
      throw e;
    }
    if (failure.get() != null) throw failure.get();
  }
}
