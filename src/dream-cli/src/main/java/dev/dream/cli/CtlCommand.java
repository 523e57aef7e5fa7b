package dev.dream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.dream.cluster.http.Views;
import dev.dream.cluster.metrics.PrometheusText;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dream ctl}: a live cluster seen through the management endpoint of any of its nodes, as
 * Petabridge.Cmd shows an Akka.NET cluster. Read commands print tables (or the endpoint's JSON with
 * {@code --json}); {@code leave} and {@code down} work only where the node allows changes.
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
    description = "Inspect a running cluster through a node's management endpoint (default http://127.0.0.1:7626).",
    subcommands = {CtlCommand.Members.class, CtlCommand.Runs.class, CtlCommand.RunProgress.class, CtlCommand.Baselines.class,
        CtlCommand.Trials.class, CtlCommand.MetricsTable.class, CtlCommand.Leave.class, CtlCommand.Down.class})
public final class CtlCommand {
  static final String DEFAULT_ENDPOINT = "http://127.0.0.1:7626";

  /** Where to ask; every ctl command takes it. */
  static final class Target {
    @Option(names = "--endpoint", paramLabel = "URL",
        description = "Management endpoint of any node of the cluster. Default: the pekko.management.http hostname and port "
            + "of the --hocon files, else " + DEFAULT_ENDPOINT + ".")
    String endpoint;

    @Option(names = "--hocon", paramLabel = "FILE", description = "HOCON files of the node (later files win); only its management address is read.")
    List<Path> hocon = new ArrayList<>();

    CtlClient client() {
      return new CtlClient(resolve());
    }

    URI resolve() {
      if (endpoint != null) {
        URI uri;
        try {
          uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
          throw new CommandFailure(ExitCodes.USAGE, "--endpoint " + endpoint + " is not a URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
          throw new CommandFailure(ExitCodes.USAGE, "--endpoint must be an http(s) URL such as " + DEFAULT_ENDPOINT + ", not " + endpoint);
        }
        return uri;
      }
      if (hocon.isEmpty()) return URI.create(DEFAULT_ENDPOINT);
      Config c = ConfigFactory.empty();
      List<Path> files = new ArrayList<>(hocon);
      Collections.reverse(files);
      for (Path f : files) {
        if (!Files.isRegularFile(f)) throw new CommandFailure(ExitCodes.USAGE, "--hocon " + f + ": no such file");
        try {
          c = c.withFallback(ConfigFactory.parseFile(f.toFile()));
        } catch (ConfigException e) {
          throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
      }
      c = c.withFallback(ConfigFactory.parseResources("dream-defaults.conf")).resolve();
      String host = c.getString("pekko.management.http.hostname");
      if (host.equals("0.0.0.0") || host.equals("::") || host.startsWith("<")) host = "127.0.0.1";
      if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
      return URI.create("http://" + host + ":" + c.getInt("pekko.management.http.port"));
    }
  }

  abstract static class Read implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Option(names = "--json", description = "The endpoint's JSON instead of a table.") boolean json;

    abstract String path();

    abstract void table(CtlClient client, String body, PrintWriter out) throws Exception;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      CtlClient client = target.client();
      String body = client.get(path());
      if (json) out.println(CtlClient.pretty(body));
      else table(client, body, out);
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "members", mixinStandardHelpOptions = true, description = "The cluster's members: address, status, roles, leader, reachability.")
  static final class Members extends Read {
    @Override
    String path() {
      return "/cluster/members";
    }

    @Override
    void table(CtlClient client, String body, PrintWriter out) throws Exception {
      JsonNode m = CtlClient.LENIENT.readTree(body);
      Map<String, List<String>> unreachable = new TreeMap<>();
      for (JsonNode u : m.path("unreachable")) {
        List<String> by = new ArrayList<>();
        u.path("observedBy").forEach(o -> by.add(o.asText()));
        unreachable.put(u.path("node").asText(), by);
      }
      String leader = m.path("leader").asText("");
      String oldest = m.path("oldest").asText("");
      String self = m.path("selfNode").asText("");
      Table t = new Table("NODE", "STATUS", "ROLES", "REACHABLE", "");
      Map<String, Integer> byStatus = new TreeMap<>();
      for (JsonNode member : m.path("members")) {
        String node = member.path("node").asText();
        List<String> roles = new ArrayList<>();
        member.path("roles").forEach(r -> {
          if (!r.asText().startsWith("dc-")) roles.add(r.asText());
        });
        Collections.sort(roles);
        List<String> notes = new ArrayList<>();
        if (node.equals(leader)) notes.add("leader");
        if (node.equals(oldest)) notes.add("oldest");
        if (node.equals(self)) notes.add("(this endpoint)");
        String status = member.path("status").asText();
        byStatus.merge(status, 1, Integer::sum);
        t.row(node, status, String.join(",", roles),
            unreachable.containsKey(node) ? "no (seen by " + String.join(", ", unreachable.get(node)) + ")" : "yes",
            String.join(" ", notes));
      }
      t.print(out);
      List<String> counts = new ArrayList<>();
      byStatus.forEach((s, n) -> counts.add(n + " " + s));
      out.println(t.size() + " member(s): " + String.join(", ", counts) + (unreachable.isEmpty() ? "" : "; " + unreachable.size() + " unreachable"));
    }
  }

  @Command(name = "runs", mixinStandardHelpOptions = true, description = "The runs in the cluster's journal, newest first, with their state.")
  static final class Runs extends Read {
    @Override
    String path() {
      return "/dream/runs";
    }

    @Override
    void table(CtlClient client, String body, PrintWriter out) throws Exception {
      Views.Runs runs = CtlClient.LENIENT.readValue(body, Views.Runs.class);
      if (runs.runs().isEmpty()) {
        out.println("no runs in the journal of " + client.endpoint());
        return;
      }
      Table t = new Table("RUN", "STATE", "STARTED", "DOMAINS", "GENERATIONS", "SEED");
      for (Views.RunSummary r : runs.runs()) {
        t.row(r.runId(), r.state(), r.startedAtUtc(), String.join(",", r.domains()), r.generations(), r.seed());
      }
      t.print(out);
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true, description = "One run's progress per domain: generation, trials, best candidate.")
  static final class RunProgress extends Read {
    @Parameters(paramLabel = "RUN_ID", description = "e.g. 2025-10-08T15-46-00_rk3x9q2 (dream ctl runs lists them)") String runId;

    @Override
    String path() {
      if (runId.isBlank() || runId.contains("/")) throw new CommandFailure(ExitCodes.USAGE, "not a run id: '" + runId + "'");
      return "/dream/runs/" + runId;
    }

    @Override
    void table(CtlClient client, String body, PrintWriter out) throws Exception {
      Views.RunDetail d = CtlClient.LENIENT.readValue(body, Views.RunDetail.class);
      Views.RunSummary r = d.run();
      out.printf("run %s  %s  seed %d  started %s  node class %s%n", r.runId(), r.state(), r.seed(), r.startedAtUtc(), r.nodeClass());
      if (Views.STOPPED.equals(r.state())) out.println("no coordinator runs it; continue it with: dream run --resume " + r.runId());
      Table t = new Table("DOMAIN", "STATE", "GENERATION", "TRIALS", "BEST", "SCORE_V2", "COORDINATOR / OUTCOME");
      for (Views.DomainProgress p : d.domains()) {
        String generation = p.generation() < 0
            ? (Views.NOT_STARTED.equals(p.state()) ? "-" : "baselines")
            : "gen" + p.generation() + " (" + (p.generation() + 1) + "/" + p.generations() + ")";
        t.row(p.domain(), p.state(), generation, p.trialsRecorded(), p.bestCandId(),
            p.bestScore() == null ? null : String.format(Locale.ROOT, "%.4f", p.bestScore()),
            p.coordinator() != null ? p.coordinator() : p.outcome());
      }
      t.print(out);
      for (Views.DomainProgress p : d.domains()) {
        out.printf("%s: population %d, %d generation(s), regimes %s, %d trial(s) per candidate and regime%n",
            p.domain(), p.population(), p.generations(), String.join(",", p.regimes()), p.trialsPerCandidate());
      }
    }
  }

  @Command(name = "baselines", mixinStandardHelpOptions = true, description = "The baselines of a domain on a node class (the endpoint node's by default).")
  static final class Baselines extends Read {
    @Parameters(paramLabel = "DOMAIN") String domain;
    @Option(names = "--node-class", paramLabel = "CLASS", description = "Another node class than the endpoint node's.") String nodeClass;

    @Override
    String path() {
      if (domain.isBlank() || domain.contains("/")) throw new CommandFailure(ExitCodes.USAGE, "not a domain name: '" + domain + "'");
      return "/dream/baselines/" + domain + (nodeClass == null ? "" : "?node_class=" + java.net.URLEncoder.encode(nodeClass, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    void table(CtlClient client, String body, PrintWriter out) throws Exception {
      JsonNode regimes = CtlClient.LENIENT.readTree(body).path(domain);
      if (regimes.isMissingNode() || regimes.isEmpty()) {
        out.println("no baselines of " + domain + " for node class " + (nodeClass != null ? nodeClass : "of " + client.endpoint())
            + "; the next run of " + domain + " measures them");
        return;
      }
      Table t = new Table("REGIME", "KPI", "MEAN", "CI95", "TRIALS", "BASELINE_ID");
      String nc = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = regimes.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode b = e.getValue();
        nc = b.path("node_class").asText();
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> k = b.path("kpis").fields(); k.hasNext(); ) {
          Map.Entry<String, JsonNode> kpi = k.next();
          JsonNode ci = b.path("ci95").path(kpi.getKey());
          t.row(first ? e.getKey() : "", kpi.getKey(), String.format(Locale.ROOT, "%.4f", kpi.getValue().asDouble()),
              ci.isArray() ? String.format(Locale.ROOT, "[%.4f, %.4f]", ci.get(0).asDouble(), ci.get(1).asDouble()) : null,
              first ? b.path("trials").asText() : "", first ? b.path("baseline_id").asText() : "");
          first = false;
        }
      }
      out.println("baselines of " + domain + ", node class " + nc);
      t.print(out);
    }
  }

  @Command(name = "trials", mixinStandardHelpOptions = true, description = "Trials in flight (trial, node, age, attempt) and queued, from the TrialDispatcher.")
  static final class Trials extends Read {
    @Override
    String path() {
      return "/dream/trials";
    }

    @Override
    void table(CtlClient client, String body, PrintWriter out) throws Exception {
      Views.Trials s = CtlClient.LENIENT.readValue(body, Views.Trials.class);
      out.printf("%d runner(s), %d trial(s) in flight, %d queued; %d dispatched, %d re-dispatched since the dispatcher started%n",
          s.runners(), s.inFlight().size(), s.queued(), s.dispatched(), s.redispatched());
      if (s.inFlight().isEmpty()) return;
      Table t = new Table("TRIAL", "NODE", "AGE", "ATTEMPT");
      for (Views.TrialInFlight f : s.inFlight()) {
        t.row(f.trialId(), f.node(), String.format(Locale.ROOT, "%.1f s", f.ageMs() / 1000.0), f.attempt() + 1);
      }
      t.print(out);
    }
  }

  @Command(name = "metrics", mixinStandardHelpOptions = true,
      description = "The node's Prometheus metrics, checked against the text format and shown as a table (histogram buckets left out).")
  static final class MetricsTable implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Option(names = "--raw", description = "The text as the node serves it.") boolean raw;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      CtlClient client = target.client();
      String body = client.get("/metrics");
      List<PrometheusText.Sample> samples;
      try {
        samples = PrometheusText.parse(body);
      } catch (PrometheusText.Invalid e) {
        throw new CommandFailure(ExitCodes.INFRASTRUCTURE, client.endpoint() + "/metrics is not valid Prometheus text: " + e.getMessage());
      }
      if (raw) {
        out.print(body);
      } else {
        Table t = new Table("METRIC", "LABELS", "VALUE");
        for (PrometheusText.Sample x : samples) {
          if (x.name().endsWith("_bucket")) continue;
          List<String> labels = new ArrayList<>();
          new TreeMap<>(x.labels()).forEach((k, v) -> labels.add(k + "=" + v));
          double v = x.value();
          t.row(x.name(), String.join(",", labels),
              v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.6g", v));
        }
        t.print(out);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  abstract static class Change implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Parameters(paramLabel = "NODE", description = "The member's address, pekko://Dream@HOST:PORT or HOST:PORT (dream ctl members lists them).")
    String node;

    abstract String operation();

    @Override
    public Integer call() {
      String message = target.client().memberOperation(node, operation());
      spec.commandLine().getOut().println(message);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "leave", mixinStandardHelpOptions = true,
      description = "Ask a member to leave the cluster gracefully (needs pekko.management.http.route-providers-read-only = false on the endpoint node).")
  static final class Leave extends Change {
    @Override
    String operation() {
      return "Leave";
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Mark a member down, e.g. an unreachable one that will not come back (needs pekko.management.http.route-providers-read-only = false on the endpoint node).")
  static final class Down extends Change {
    @Override
    String operation() {
      return "Down";
    }
  }
}
