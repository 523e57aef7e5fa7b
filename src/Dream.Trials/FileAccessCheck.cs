using System.Runtime.InteropServices;

namespace Dream.Trials;

/// <summary>Whether this process may write a file or directory, as the kernel decides it (access(2) with W_OK).</summary>
internal static class FileAccessCheck
{
    private const int WriteOk = 2;

    public static bool IsWritable(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return !new FileInfo(path).IsReadOnly;
        try
        {
            return Access(path, WriteOk) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "access", CharSet = CharSet.Ansi)]
    private static extern int Access(string path, int mode);
}
