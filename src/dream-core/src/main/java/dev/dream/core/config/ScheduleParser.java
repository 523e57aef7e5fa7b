package dev.dream.core.config;

import dev.dream.core.schedule.Backoff;
import dev.dream.core.schedule.CampaignSchedule;
import dev.dream.core.schedule.DomainSchedule;
import dev.dream.core.schedule.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * A {@code dream service} schedule file, validated as strictly as the config files and against them (every
 * domain and regime it names must exist):
 * <pre>
 * version: 1
 * defaults: {every: 1h, population: 12, generations: 5}
 * backoff: {initial: 1m, max: 1h}
 * domains:
 *   cpu:     {every: 30m, regimes: [normal, stress]}
 *   memory:  {every: 2h}
 *   storage: {enabled: false}
 * </pre>
 */
public final class ScheduleParser {
  private ScheduleParser() {}

  static final List<String> KEYS = List.of("version", "defaults", "backoff", "domains");
  static final List<String> DEFAULT_KEYS = List.of("every", "population", "generations", "trials", "strategy");
  static final List<String> DOMAIN_KEYS = List.of("every", "population", "generations", "trials", "strategy", "regimes", "enabled");
  static final List<String> BACKOFF_KEYS = List.of("initial", "max");
  static final List<String> STRATEGIES = List.of("ga", "cmaes");
  static final Duration SHORTEST = Duration.ofSeconds(1);

  /** The schedule in {@code file}; every problem found, at file:line:column, when it is not valid. */
  public static CampaignSchedule load(Path file, DreamConfig config) throws ConfigException {
    Problems problems = new Problems();
    YamlSource y = YamlSource.read(file, file.toString(), problems);
    CampaignSchedule schedule = y.root() == null ? null : parse(y.source(), y.root(), config);
    if (!problems.isEmpty() || schedule == null) throw new ConfigException(problems.sorted());
    return schedule;
  }

  private static CampaignSchedule parse(Source src, Node root, DreamConfig config) {
    YamlMap doc = YamlMap.of(src, root, root, "the schedule");
    if (doc == null) return null;
    doc.onlyKeys(KEYS);
    Long version = doc.integer("version", true, "version: 1 at the top of the file");
    if (version != null && version != 1) {
      src.problem(doc.value("version"), "schedule version " + version + " is not supported; Dream reads version 1", "write version: 1");
    }
    YamlMap defaultsMap = doc.map("defaults", false, "defaults: {every: 1h}");
    DomainSchedule defaults = DomainSchedule.unset(null);
    if (defaultsMap != null) {
      defaultsMap.onlyKeys(DEFAULT_KEYS);
      defaults = settings(defaultsMap, null, config);
    }
    YamlMap backoffMap = doc.map("backoff", false, "backoff: {initial: 1m, max: 1h}");
    Backoff backoff = backoffMap == null ? Backoff.DEFAULT : backoff(backoffMap);
    YamlMap domainsMap = doc.map("domains", true, "domains: {cpu: {every: 30m}}");
    List<DomainSchedule> domains = new ArrayList<>();
    if (domainsMap != null) {
      for (NodeTuple t : domainsMap.entries()) {
        String name = Scalars.text(t.getKeyNode());
        if (!config.domains().containsKey(name)) {
          src.problem(t.getKeyNode(), "unknown domain '" + name + "' in the schedule", DidYouMean.fix(name, config.domains().keySet(), "domains"));
          continue;
        }
        if (Scalars.isNull(t.getValueNode())) {
          domains.add(DomainSchedule.unset(name));
          continue;
        }
        YamlMap entry = YamlMap.of(src, t.getValueNode(), t.getKeyNode(), "domain '" + name + "' of the schedule");
        if (entry == null) continue;
        entry.onlyKeys(DOMAIN_KEYS);
        Boolean enabled = entry.bool("enabled", false, "enabled: false");
        DomainSchedule s = settings(entry, name, config);
        if (enabled == null || enabled) domains.add(s);
      }
      if (domains.isEmpty() && !domainsMap.entries().isEmpty() && src.problems().isEmpty()) {
        src.problem(domainsMap.anchor(), "every domain of the schedule is disabled", "enable one, or stop the service instead");
      } else if (domainsMap.entries().isEmpty()) {
        src.problem(domainsMap.anchor(), "the schedule lists no domain", "add one, e.g. domains: {cpu: {every: 30m}}");
      }
    }
    return src.problems().isEmpty() ? new CampaignSchedule(domains, defaults, backoff) : null;
  }

  private static DomainSchedule settings(YamlMap m, String domain, DreamConfig config) {
    Duration every = duration(m, "every", "every: 30m");
    Long population = Bounds.atLeast(m, "population", 2, 0, "population: 12", "a generation needs two candidates to compare");
    Long generations = Bounds.atLeast(m, "generations", 1, 0, "generations: 5", "a campaign runs at least one generation");
    Long trials = Bounds.atLeast(m, "trials", 1, 0, "trials: 3", "a candidate needs at least one trial per regime");
    String strategy = m.string("strategy", false, "strategy: ga");
    if (strategy != null && !STRATEGIES.contains(strategy)) {
      m.source().problem(m.value("strategy"), "unknown strategy '" + strategy + "' in " + m.what(), DidYouMean.fix(strategy, STRATEGIES, "strategies"));
    }
    List<String> regimes = null;
    List<Node> regimeNodes = m.list("regimes", false, "regimes: [normal, stress]");
    if (regimeNodes != null && domain != null) {
      regimes = new ArrayList<>();
      Map<String, ?> known = config.regimes().getOrDefault(domain, Map.of());
      for (Node r : regimeNodes) {
        String name = Scalars.text(r);
        if (name == null || !known.containsKey(name)) {
          m.source().problem(r, "domain '" + domain + "' has no regime " + (name == null ? Scalars.describe(r) : "'" + name + "'"),
              DidYouMean.fix(name == null ? "" : name, known.keySet(), "regimes of " + domain + " in regimes.yaml"));
        } else {
          regimes.add(name);
        }
      }
    }
    return new DomainSchedule(domain, every, toInt(m, "population", population), toInt(m, "generations", generations),
        toInt(m, "trials", trials), regimes, strategy);
  }

  /** Bounds.atLeast returns its default for an absent key; here absent means "inherit", so it is null. */
  private static Integer toInt(YamlMap m, String key, Long v) {
    return !m.has(key) || v == null ? null : Math.toIntExact(Math.min(v, Integer.MAX_VALUE));
  }

  private static Backoff backoff(YamlMap m) {
    m.onlyKeys(BACKOFF_KEYS);
    Duration initial = duration(m, "initial", "initial: 1m");
    Duration max = duration(m, "max", "max: 1h");
    Duration i = initial != null ? initial : Backoff.DEFAULT.initial();
    Duration x = max != null ? max : (initial != null && initial.compareTo(Backoff.DEFAULT.max()) > 0 ? initial : Backoff.DEFAULT.max());
    if (x.compareTo(i) < 0) {
      m.source().problem(m.value("max"), "backoff max " + Durations.format(x) + " is shorter than initial " + Durations.format(i),
          "make max at least initial, e.g. backoff: {initial: 1m, max: 1h}");
      return Backoff.DEFAULT;
    }
    return new Backoff(i, x);
  }

  private static Duration duration(YamlMap m, String key, String example) {
    if (!m.has(key)) return null;
    String text = Scalars.text(m.value(key));
    Duration d = Scalars.integer(m.value(key)) != null ? null : Durations.parse(text).orElse(null);
    if (d == null) {
      m.wrongType(key, m.value(key), "a duration with its unit (s, m, h, d)", example);
      return null;
    }
    if (d.compareTo(SHORTEST) < 0) {
      m.source().problem(m.value(key), key + " " + text + " in " + m.what() + " must be at least 1s", "write e.g. " + example);
      return null;
    }
    return d;
  }
}
