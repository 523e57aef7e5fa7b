package dev.dream.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads and validates a configuration directory: {@code domains/*.yaml}, {@code regimes.yaml} and
 * {@code caps.yaml} (DESIGN.md section 3). Nothing is returned unless everything is valid; otherwise every
 * problem found, each at file:line:column with its fix, is thrown at once.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static final String REGIMES = "regimes.yaml";
  public static final String CAPS = "caps.yaml";
  public static final String DOMAINS = "domains";

  public static DreamConfig load(Path configDir) throws ConfigException {
    Problems problems = new Problems();
    FileNames names = new FileNames(configDir);
    if (!Files.isDirectory(configDir)) {
      problems.add(new ConfigProblem(configDir.toString(), 1, 1, "the config directory does not exist",
          "pass --config-dir DIR naming a directory with regimes.yaml, caps.yaml and domains/"));
      throw new ConfigException(problems.sorted());
    }
    Map<String, String> hashes = new TreeMap<>();
    Catalog catalog = new Catalog();
    for (Path file : domainFiles(configDir, names, problems)) {
      YamlSource y = read(configDir, DOMAINS + "/" + file.getFileName(), names, problems, hashes);
      String stem = file.getFileName().toString().replaceFirst("\\.yaml$", "");
      if (!DomainParser.NAME.matcher(stem).matches()) {
        y.source().problem((org.yaml.snakeyaml.nodes.Node) null, "'" + stem + "' is not a valid domain name",
            "rename the file: letters, digits and '_', starting with a letter or '_'");
        // Known but unreadable, so that regimes and caps naming it are not reported again.
        catalog.add(ParsedDomain.unreadable(stem, y.source()));
        continue;
      }
      catalog.add(y.root() == null ? ParsedDomain.unreadable(stem, y.source())
          : DomainParser.parse(y.source(), stem, y.root()));
    }
    YamlSource regimesFile = read(configDir, REGIMES, names, problems, hashes);
    RegimesParser.Parsed regimes = regimesFile.root() == null ? RegimesParser.unreadable()
        : RegimesParser.parse(regimesFile.source(), regimesFile.root(), catalog);
    YamlSource capsFile = read(configDir, CAPS, names, problems, hashes);
    CapsParser.Parsed caps = capsFile.root() == null ? CapsParser.unreadable()
        : CapsParser.parse(capsFile.source(), capsFile.root(), catalog);
    CrossChecks.run(catalog, regimesFile.source(), regimes, capsFile.source(), caps);
    if (!problems.isEmpty()) throw new ConfigException(problems.sorted());
    return new DreamConfig(configDir, catalog.specs(), regimes.regimes(), regimes.execution(), caps.caps(),
        java.util.Collections.unmodifiableMap(hashes));
  }

  private static YamlSource read(Path dir, String rel, FileNames names, Problems problems, Map<String, String> hashes) {
    Path path = dir.resolve(rel);
    if (!Files.isRegularFile(path)) {
      Source src = new Source(names.display(rel), problems);
      src.problem((org.yaml.snakeyaml.nodes.Node) null, "the file is missing",
          "create " + rel + " in the config directory (see the default config/ for a complete one)");
      return new YamlSource(src, null, null);
    }
    YamlSource y = YamlSource.read(path, names.display(rel), problems);
    if (y.sha256() != null) hashes.put(rel, y.sha256());
    return y;
  }

  /** Domain files, sorted by name; a .yml file would be silently ignored, so it is reported instead. */
  private static List<Path> domainFiles(Path dir, FileNames names, Problems problems) {
    Path domains = dir.resolve(DOMAINS);
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(domains)) {
      problems.add(new ConfigProblem(names.display(DOMAINS), 1, 1, "the domains directory is missing",
          "create " + DOMAINS + "/ with one <domain>.yaml per domain"));
      return out;
    }
    try (Stream<Path> files = Files.list(domains)) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith(".yaml")) {
          out.add(p);
        } else if (name.endsWith(".yml")) {
          problems.add(new ConfigProblem(names.display(DOMAINS + "/" + name), 1, 1,
              "domain files end in .yaml; this one would be ignored", "rename it to " + name.replaceFirst("\\.yml$", ".yaml")));
        }
      }
    } catch (IOException e) {
      problems.add(new ConfigProblem(names.display(DOMAINS), 1, 1, "cannot list the domains directory: " + e,
          "check its permissions"));
    }
    if (out.isEmpty() && Files.isDirectory(domains)) {
      problems.add(new ConfigProblem(names.display(DOMAINS), 1, 1, "there are no domain files",
          "add at least one <domain>.yaml"));
    }
    return out;
  }

  /**
   * How files are named in problems: relative to the directory's parent when the directory was given as an
   * absolute path ("config/regimes.yaml"), or as given when relative, so the name works from where the user
   * stands.
   */
  private record FileNames(Path dir) {
    String display(String rel) {
      if (!dir.isAbsolute() || dir.getFileName() == null) return dir.resolve(rel).toString();
      return dir.getFileName().resolve(rel).toString();
    }
  }
}
