using System.Text;
using System.Text.RegularExpressions;
using Dream.Core.Domain;
using Dream.Trials.Probes;

namespace Dream.Trials.Actuators;

/// <summary>
/// <c>sysfs</c> and <c>procfs</c>: writes the knob's text to every file its declared path or glob names (e.g. every
/// CPU's scaling_governor), resolved under <c>$DREAM_SYS_ROOT</c>; nothing else is ever written (see
/// <see cref="SysPaths"/>), and no file is created. The stock value of a file that lists choices with the current
/// one in brackets ("always [madvise] never", as in transparent_hugepage/enabled) is the bracketed choice, since
/// writing the whole list back would fail.
/// </summary>
public sealed class SysfsActuator : IKnobActuator
{
    private static readonly Regex Selected = new(@"\[([^\]]+)\]");
    private readonly SysRoot _root;
    private readonly string _top;

    /// <summary><paramref name="kind"/> is "sysfs" (files under /sys) or "procfs" (files under /proc).</summary>
    public SysfsActuator(SysRoot root, string kind)
    {
        _root = root;
        _top = kind switch
        {
            "sysfs" => "/sys",
            "procfs" => "/proc",
            _ => throw new ArgumentException("not a file actuator kind: " + kind),
        };
    }

    public bool ChangesSystem => true;

    public IReadOnlyDictionary<string, string> ReadStock(Knob knob)
    {
        var stock = new Dictionary<string, string>();
        foreach (var f in SysPaths.Expand(_root, knob.Actuator.Path, _top)) stock[f] = Current(_root.Resolve(f));
        return stock;
    }

    internal static string Current(string file)
    {
        var text = ReadText(file).Trim();
        var m = Selected.Match(text);
        return m.Success ? m.Groups[1].Value : text;
    }

    public void Apply(Knob knob, object value, KnobEffects effects)
    {
        var text = KnobValues.Text(knob, value);
        foreach (var f in SysPaths.Expand(_root, knob.Actuator.Path, _top)) Write(_root.Resolve(f), text);
    }

    public void Restore(ActuatorSpec spec, IReadOnlyDictionary<string, string> stock)
    {
        Exception? first = null;
        foreach (var (file, text) in stock)
        {
            try
            {
                Write(SysPaths.Verified(_root, spec.Path, file, _top), text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                first ??= e; // restore the other files anyway
            }
        }
        if (first is not null) throw first is IOException ? first : new IOException(first.Message, first);
    }

    /// <summary>The files (in-tree absolute paths) the knob's path or glob names on this machine; fails when none.</summary>
    public IReadOnlyList<string> Files(Knob knob) => SysPaths.Expand(_root, knob.Actuator.Path, _top);

    public object? ReadCurrent(Knob knob)
    {
        var files = SysPaths.Expand(_root, knob.Actuator.Path, _top);
        return KnobValues.Parse(knob, Current(_root.Resolve(files[0])));
    }

    private static string ReadText(string file)
    {
        try
        {
            return File.ReadAllText(file, Encoding.UTF8);
        }
        catch (UnauthorizedAccessException)
        {
            throw new AccessDeniedException(file);
        }
    }

    private static void Write(string file, string text)
    {
        try
        {
            // Truncate, never create: a knob only ever changes an attribute that exists.
            using var h = File.OpenHandle(file, FileMode.Truncate, FileAccess.Write);
            RandomAccess.Write(h, new UTF8Encoding(false).GetBytes(text), 0); // one write(2), as sysfs wants it
        }
        catch (UnauthorizedAccessException)
        {
            throw new AccessDeniedException(file);
        }
    }
}
