package dev.dream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every command accepts; add with {@code @Mixin CommonOptions common;}. Relative paths are taken
 * from the current directory of the user (the launcher does not change it).
 */
public final class CommonOptions {
  /** Names the config directory when {@code --config-dir} is not given. */
  public static final String CONFIG_DIR_ENV = "DREAM_CONFIG_DIR";

  /** System property set by the {@code dream} launcher to the repository (installation) directory. */
  public static final String HOME_PROPERTY = "dream.home";

  @Option(
      names = "--hocon",
      paramLabel = "FILE",
      description = "HOCON settings layered over the built-in defaults; repeatable, later files win.")
  private List<Path> hocon = new ArrayList<>();

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      description =
          "Config files (regimes.yaml, caps.yaml, domains/). Default: $" + CONFIG_DIR_ENV
              + ", else ./config, else the config/ of the Dream installation.")
  private Path configDir;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "dream-data",
      description = "Journal, runs and baselines go here. Default: ${DEFAULT-VALUE} (in the current directory).")
  private Path data;

  /** The HOCON files in the order given. */
  public List<Path> hoconFiles() {
    return List.copyOf(hocon);
  }

  public Path dataDir() {
    return data;
  }

  /** The config directory this command uses, see {@link #resolveConfigDir}. */
  public Path configDir() {
    return resolveConfigDir(configDir, System.getenv(), Path.of(""), System.getProperty(HOME_PROPERTY));
  }

  /**
   * {@code --config-dir} if given; else {@code $DREAM_CONFIG_DIR} if set; else {@code ./config} if it is a
   * directory; else {@code <dreamHome>/config} if it is one (so that {@code dream} works from any
   * directory); else {@code ./config}, whose absence the loader then reports.
   */
  static Path resolveConfigDir(Path option, Map<String, String> env, Path cwd, String dreamHome) {
    if (option != null) return option;
    String fromEnv = env.get(CONFIG_DIR_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) return Path.of(fromEnv);
    Path local = cwd.resolve("config");
    if (Files.isDirectory(local)) return local;
    if (dreamHome != null && !dreamHome.isBlank()) {
      Path installed = Path.of(dreamHome).resolve("config");
      if (Files.isDirectory(installed)) return installed;
    }
    return local;
  }
}
