package dev.dream.trials.gpu;

import dev.dream.trials.process.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A TEST DOUBLE of nvidia-smi (a shell script), for the probe's and the actuator's logic on a machine
 * without a GPU. Its output follows the format of the real recordings in recorded/nvidia-smi (header, ", "
 * separators, "[N/A]"), but its values are made up and are never presented as measurements. State lives in
 * files next to it: {@code power.limit} (changed by -pl), {@code ecc} (grows by one per query), and the
 * switches {@code old-driver} (the field clocks_event_reasons.active is unknown, as before its rename),
 * {@code deny} (-pl refused) and {@code broken} (every call fails as without a driver).
 */
final class FakeNvidiaSmi {
  final Path dir;

  FakeNvidiaSmi(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    Path script = dir.resolve("nvidia-smi");
    Files.writeString(script, SCRIPT.replace("@DIR@", dir.toString()));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("power.limit"), "280.00");
    Files.writeString(dir.resolve("ecc"), "0");
  }

  Tools tools() {
    return Tools.onPath(dir.toString());
  }

  String powerLimit() throws IOException {
    return Files.readString(dir.resolve("power.limit")).trim();
  }

  void set(String flag, boolean on) throws IOException {
    if (on) Files.writeString(dir.resolve(flag), "");
    else Files.deleteIfExists(dir.resolve(flag));
  }

  String calls() throws IOException {
    Path log = dir.resolve("calls");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static final String SCRIPT = """
      #!/bin/sh
      d=@DIR@
      echo "$*" >> "$d/calls"
      if [ -e "$d/broken" ]; then
        echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."; exit 9
      fi
      gpu=0; query=""
      while [ $# -gt 0 ]; do
        case "$1" in
          -i) gpu="$2"; shift 2 ;;
          -pl)
            if [ -e "$d/deny" ]; then echo "Changing power management limit is not supported in current scheduler."; exit 3; fi
            echo "$2" > "$d/power.limit"; echo "Power limit for GPU 00000000:01:00.0 was set to $2 W."; exit 0 ;;
          -pm) echo "$2" > "$d/persistence"; exit 0 ;;
          --query-gpu=*) query="${1#--query-gpu=}"; shift ;;
          *) shift ;;
        esac
      done
      [ "$gpu" = 0 ] || { echo "No devices were found"; exit 6; }
      case ",$query," in
        *,clocks_event_reasons.active,*) [ -e "$d/old-driver" ] && { echo "Field \\"clocks_event_reasons.active\\" is not a valid field to query."; exit 2; } ;;
      esac
      ecc=$(cat "$d/ecc"); echo $((ecc + 1)) > "$d/ecc"
      header=""; row=""
      for f in $(echo "$query" | tr ',' ' '); do
        case "$f" in
          index) h="index"; v="0" ;;
          power.draw) h="power.draw [W]"; v="250.50" ;;
          power.limit) h="power.limit [W]"; v=$(cat "$d/power.limit") ;;
          power.default_limit) h="power.default_limit [W]"; v="300.00" ;;
          power.min_limit) h="power.min_limit [W]"; v="100.00" ;;
          power.max_limit) h="power.max_limit [W]"; v="350.00" ;;
          temperature.gpu) h="temperature.gpu"; v="61" ;;
          temperature.memory) h="temperature.memory"; v="N/A" ;;
          utilization.gpu) h="utilization.gpu [%]"; v="97" ;;
          memory.used) h="memory.used [MiB]"; v="1024" ;;
          ecc.errors.uncorrected.volatile.total) h="$f"; v="$ecc" ;;
          clocks_event_reasons.active|clocks_throttle_reasons.active) h="$f"; v="0x0000000000000020" ;;
          persistence_mode) h="persistence_mode"; v="Disabled" ;;
          *) echo "Field \\"$f\\" is not a valid field to query."; exit 2 ;;
        esac
        header="${header:+$header, }$h"; row="${row:+$row, }$v"
      done
      echo "$header"; echo "$row"
      """;
}
