using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Dream.Trials.Probes;

/// <summary>
/// The fingerprint of a node's hardware and kernel; results of different classes are never mixed.
/// <see cref="Cpus"/> counts logical CPUs (processor entries of /proc/cpuinfo). Memory is rounded to whole GiB,
/// because MemTotal moves by a few MiB between boots and kernels, which must not make the same machine a new
/// class. <see cref="Id"/> is the first 12 hex digits of the SHA-256 of the four fields.
/// </summary>
public sealed record NodeClass(string Id, string CpuModel, int Cpus, long MemoryGib, string KernelRelease)
{
    public static NodeClass Of(string cpuModel, int cpus, long memoryGib, string kernelRelease)
    {
        var text = "nodeclass.v1|" + cpuModel + "|" + cpus.ToString(CultureInfo.InvariantCulture) + "|"
            + memoryGib.ToString(CultureInfo.InvariantCulture) + "|" + kernelRelease;
        var h = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return new NodeClass(Convert.ToHexStringLower(h)[..12], cpuModel, cpus, memoryGib, kernelRelease);
    }

    public static NodeClass Detect() => Detect(SysRoot.FromEnv());

    /// <summary>Reads the class from /proc under <paramref name="root"/>; a field that cannot be read is "unknown" (or 0).</summary>
    public static NodeClass Detect(SysRoot root)
    {
        var model = "unknown";
        var cpus = 0;
        try
        {
            foreach (var line in SysRoot.Read(root.Resolve("/proc/cpuinfo")).Split('\n'))
            {
                var colon = line.IndexOf(':');
                if (colon < 0) continue;
                var key = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (key == "processor") cpus++;
                // x86: "model name"; arm64 and others: "Hardware", "Model" or "cpu model".
                if (model == "unknown" && key is "model name" or "Hardware" or "cpu model" or "Model")
                    model = Regex.Replace(value, @"\s+", " ");
            }
        }
        catch (IOException)
        {
            cpus = Environment.ProcessorCount;
        }
        long gib = 0;
        try
        {
            foreach (var line in SysRoot.Read(root.Resolve("/proc/meminfo")).Split('\n'))
            {
                if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
                var kb = long.Parse(Regex.Replace(line, "[^0-9]", ""), CultureInfo.InvariantCulture);
                gib = (long)Math.Floor(kb / (1024.0 * 1024.0) + 0.5); // Java's Math.round
            }
        }
        catch (Exception e) when (e is IOException or FormatException or OverflowException)
        {
            // stays 0: unknown
        }
        string kernel;
        try
        {
            kernel = SysRoot.Read(root.Resolve("/proc/sys/kernel/osrelease"));
        }
        catch (IOException)
        {
            kernel = "unknown";
        }
        return Of(model, cpus, gib, kernel);
    }
}
