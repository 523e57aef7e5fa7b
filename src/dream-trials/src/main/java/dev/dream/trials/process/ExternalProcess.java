package dev.dream.trials.process;

import dev.dream.trials.workload.ProcessTrees;
import dev.dream.trials.workload.WorkloadContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * One program a workload runs: started from an argv list (never through a shell) in the trial's scratch
 * directory, under the trial's {@link Placement}, with the {@code env} knobs in its environment, stdin
 * closed and its output in files. Cancelling the trial kills its whole process tree, and so does the end
 * of {@link #waitFor()}: nothing it started may outlive the trial and disturb the next one. Its PID is
 * journaled ({@link ProcessRecorder}) from just after its start until its tree has been killed, so that a
 * node killed with SIGKILL stops it when it starts again.
 */
public final class ExternalProcess implements AutoCloseable {
  private final Process process;
  private final String program;
  private final Path stdout;
  private final Path stderr;
  private final WorkloadContext ctx;
  private final Runnable forget;

  private ExternalProcess(Process process, String program, Path stdout, Path stderr, WorkloadContext ctx, Runnable forget) {
    this.process = process;
    this.program = program;
    this.stdout = stdout;
    this.stderr = stderr;
    this.ctx = ctx;
    this.forget = forget;
  }

  /**
   * Starts {@code command} (its program is looked up on the node's search path, so that a missing one is
   * a clear error). {@code label} names the output files in the scratch directory.
   */
  public static ExternalProcess start(WorkloadContext ctx, Tools tools, List<String> command, String label) throws IOException {
    if (command.isEmpty()) throw new IllegalArgumentException("no program to run");
    if (ctx.cancelled()) throw new CancellationException("trial cancelled");
    String program = command.get(0);
    List<String> located = new ArrayList<>(command);
    located.set(0, tools.require(program).toString());
    List<String> argv = ctx.placement().wrap(located, tools);
    Path dir = ctx.scratchDir();
    Path out = dir.resolve(label + ".stdout");
    Path err = dir.resolve(label + ".stderr");
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().putAll(ctx.env());
    Process p = pb.start();
    Runnable forget;
    try {
      // First of all: from here on, a node killed with SIGKILL leaves this process running with nobody to stop it.
      forget = ctx.processes().started(p.pid(), argv);
    } catch (IOException | RuntimeException e) {
      ProcessTrees.kill(p.toHandle());
      throw new IOException("cannot journal " + program + " (pid " + p.pid() + "), so it was stopped: " + e.getMessage(), e);
    }
    p.getOutputStream().close();
    ExternalProcess ep = new ExternalProcess(p, program, out, err, ctx, forget);
    ctx.onCancel(ep::close);
    if (ctx.placement().cgroup() != null) {
      try {
        placeInCgroup(p, ctx.placement().cgroup());
      } catch (IOException e) {
        ep.close();
        throw new IOException("cannot move " + program + " into cgroup " + ctx.placement().cgroup() + ": " + e.getMessage(), e);
      }
    }
    return ep;
  }

  /**
   * Starts {@code command} and waits for it to end (see {@link #start} and {@link #waitFor()}); an exit
   * status other than 0 fails the trial with "{@code what} exited with status N" and the end of its stderr.
   */
  public static ExternalProcess runToEnd(WorkloadContext ctx, Tools tools, List<String> command, String label, String what)
      throws IOException, InterruptedException {
    ExternalProcess p = start(ctx, tools, command, label);
    int code = p.waitFor();
    if (code != 0) throw new IOException(what + " exited with status " + code + ": " + p.stderrTail());
    return p;
  }

  /**
   * Moves the process into the cgroup, then whatever it forked in the microseconds before: writing a PID
   * to cgroup.procs moves that one process, and only children forked after it inherit the cgroup.
   */
  private static void placeInCgroup(Process p, Path cgroup) throws IOException {
    Path procs = cgroup.resolve("cgroup.procs");
    write(procs, p.pid());
    for (ProcessHandle d : p.descendants().toList()) write(procs, d.pid());
  }

  private static void write(Path procs, long pid) throws IOException {
    // One PID per write(2): the kernel takes exactly one per call.
    Files.writeString(procs, pid + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  public long pid() {
    return process.pid();
  }

  public String program() {
    return program;
  }

  public Process process() {
    return process;
  }

  /** Waits for the program to end, then kills what it left behind; throws if the trial was cancelled. */
  public int waitFor() throws InterruptedException {
    int code;
    try {
      code = process.waitFor();
    } finally {
      close();
    }
    if (ctx.cancelled()) throw new CancellationException("trial cancelled");
    return code;
  }

  /** Waits at most {@code ms}; true when the program ended. */
  public boolean waitFor(long ms) throws InterruptedException {
    return process.waitFor(ms, TimeUnit.MILLISECONDS);
  }

  public boolean alive() {
    return process.isAlive();
  }

  public String stdoutText() throws IOException {
    return Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
  }

  /** The end of what the program wrote to stderr, for error messages. */
  public String stderrTail() {
    try {
      String s = Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8).strip() : "";
      if (s.isEmpty()) return "(nothing on stderr)";
      return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }

  /** Kills the process and everything it started, then removes its journal note. Idempotent. */
  @Override
  public void close() {
    ProcessTrees.kill(process.toHandle());
    forget.run();
  }
}
