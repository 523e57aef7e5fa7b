package dev.dream.cli;

import dev.dream.core.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code dream --version}: the build, the code hash recorded in manifests, and the runtime underneath. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {versionLine()};
  }

  /** E.g. {@code dream 0.1.0-SNAPSHOT (code sha256:…, Java 17.0.15, Pekko 1.1.5)}. */
  public static String versionLine() {
    return "dream %s (code %s, Java %s, Pekko %s)"
        .formatted(
            BuildInfo.version(),
            BuildInfo.codeHash(),
            System.getProperty("java.version"),
            org.apache.pekko.Version.current());
  }
}
