using Dream.Trials.Processes;

namespace Dream.Trials.Tests.Gpu;

/// <summary>
/// A TEST DOUBLE of nvidia-smi (a shell script), for the probe's and the actuator's logic on a machine without a GPU.
/// Its output follows the format of the real recordings (header, ", " separators, "[N/A]"), but its values are made
/// up and are never presented as measurements. State lives in files next to it: <c>power.limit</c> (changed by -pl),
/// <c>ecc</c> (grows by one per query), and the switches <c>old-driver</c> (the field clocks_event_reasons.active is
/// unknown, as before its rename), <c>deny</c> (-pl refused) and <c>broken</c> (every call fails as without a driver).
/// </summary>
internal sealed class FakeNvidiaSmi
{
    public FakeNvidiaSmi(string dir)
    {
        Dir = Directory.CreateDirectory(dir).FullName;
        var script = Path.Combine(Dir, "nvidia-smi");
        File.WriteAllText(script, Script.Replace("@DIR@", Dir));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(Dir, "power.limit"), "280.00");
        File.WriteAllText(Path.Combine(Dir, "ecc"), "0");
    }

    public string Dir { get; }

    public Tools Tools() => Dream.Trials.Processes.Tools.OnPath(Dir);

    public string PowerLimit() => File.ReadAllText(Path.Combine(Dir, "power.limit")).Trim();

    public void Set(string flag, bool on)
    {
        var p = Path.Combine(Dir, flag);
        if (on) File.WriteAllText(p, "");
        else File.Delete(p);
    }

    public string Calls()
    {
        var log = Path.Combine(Dir, "calls");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private const string Script = """
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
          *,clocks_event_reasons.active,*) [ -e "$d/old-driver" ] && { echo "Field \"clocks_event_reasons.active\" is not a valid field to query."; exit 2; } ;;
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
            *) echo "Field \"$f\" is not a valid field to query."; exit 2 ;;
          esac
          header="${header:+$header, }$h"; row="${row:+$row, }$v"
        done
        echo "$header"; echo "$row"
        """;
}
