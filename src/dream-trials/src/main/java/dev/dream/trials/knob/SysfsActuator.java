package dev.dream.trials.knob;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Knob;
import dev.dream.trials.probe.SysRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sysfs} and {@code procfs}: writes the knob's text to every file its declared path or glob names
 * (e.g. every CPU's scaling_governor), resolved under {@code $DREAM_SYS_ROOT}; nothing else is ever written
 * (see {@link SysPaths}), and no file is created.
 *
 * <p>The stock value of a file that lists choices with the current one in brackets ("always [madvise]
 * never", as in transparent_hugepage/enabled) is the bracketed choice, since writing the whole list back
 * would fail.
 */
public final class SysfsActuator implements KnobActuator {
  private static final Pattern SELECTED = Pattern.compile("\\[([^\\]]+)]");
  private final SysRoot root;
  private final String top;

  /** {@code kind} is "sysfs" (files under /sys) or "procfs" (files under /proc). */
  public SysfsActuator(SysRoot root, String kind) {
    this.root = root;
    this.top = switch (kind) {
      case "sysfs" -> "/sys";
      case "procfs" -> "/proc";
      default -> throw new IllegalArgumentException("not a file actuator kind: " + kind);
    };
  }

  @Override
  public boolean changesSystem() {
    return true;
  }

  @Override
  public Map<String, String> readStock(Knob knob) throws IOException {
    Map<String, String> stock = new LinkedHashMap<>();
    for (String f : SysPaths.expand(root, knob.actuator().path(), top)) stock.put(f, current(root.resolve(f)));
    return stock;
  }

  static String current(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).trim();
    Matcher m = SELECTED.matcher(text);
    return m.find() ? m.group(1) : text;
  }

  @Override
  public void apply(Knob knob, Object value, KnobEffects effects) throws IOException {
    String text = KnobValues.text(knob, value);
    for (String f : SysPaths.expand(root, knob.actuator().path(), top)) write(root.resolve(f), text);
  }

  @Override
  public void restore(ActuatorSpec spec, Map<String, String> stock) throws IOException {
    IOException first = null;
    for (Map.Entry<String, String> e : stock.entrySet()) {
      try {
        write(SysPaths.verified(root, spec.path(), e.getKey(), top), e.getValue());
      } catch (IOException ex) {
        if (first == null) first = ex; // restore the other files anyway
      }
    }
    if (first != null) throw first;
  }

  /** The files (in-tree absolute paths) the knob's path or glob names on this machine; fails when none. */
  public List<String> files(Knob knob) throws IOException {
    return SysPaths.expand(root, knob.actuator().path(), top);
  }

  @Override
  public Optional<Object> readCurrent(Knob knob) throws IOException {
    List<String> files = SysPaths.expand(root, knob.actuator().path(), top);
    return Optional.of(KnobValues.parse(knob, current(root.resolve(files.get(0)))));
  }

  private static void write(Path file, String text) throws IOException {
    // No CREATE: a knob only ever changes an attribute that exists.
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
