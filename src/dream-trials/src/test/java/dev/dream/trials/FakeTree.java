package dev.dream.trials;

import dev.dream.trials.probe.SysRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fake /sys and /proc under a temporary directory, for the real probe and actuator code. */
public final class FakeTree {
  public final Path root;

  public FakeTree(Path root) {
    this.root = root;
  }

  public SysRoot sysRoot() {
    return new SysRoot(root);
  }

  public FakeTree write(String absolute, String content) {
    try {
      Path p = sysRoot().resolve(absolute);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String read(String absolute) {
    try {
      return Files.readString(sysRoot().resolve(absolute));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
