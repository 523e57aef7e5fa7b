using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// A file for block I/O at explicit offsets from several threads (pread/pwrite), opened with O_DIRECT where the
/// file system accepts it (tmpfs does not), so that reads reach the device rather than the page cache, and synced
/// with fdatasync. .NET exposes neither O_DIRECT nor fdatasync, hence the calls into libc on Linux; elsewhere the
/// file is opened plainly and synced with the platform's flush.
/// </summary>
internal sealed class BlockFile : IDisposable
{
    /// <summary>The buffer and offset alignment O_DIRECT needs: 4096 covers devices of 512- and 4096-byte logical blocks.</summary>
    public const int Alignment = 4096;

    private const int ORdwr = 2;
    private const int OCloexec = 0x80000;

    private readonly FileStream? _flusher;

    public SafeFileHandle Handle { get; }

    /// <summary>Whether reads and writes bypass the page cache.</summary>
    public bool Direct { get; }

    private BlockFile(SafeFileHandle handle, bool direct)
    {
        Handle = handle;
        Direct = direct;
        if (!OperatingSystem.IsLinux()) _flusher = new FileStream(handle, FileAccess.ReadWrite, 1);
    }

    /// <summary>Opens <paramref name="path"/> for reading and writing; with O_DIRECT when <paramref name="tryDirect"/> and the file system allows.</summary>
    public static BlockFile Open(string path, bool tryDirect)
    {
        if (OperatingSystem.IsLinux() && tryDirect && DirectFlag() is { } direct)
        {
            var fd = open(path, ORdwr | OCloexec | direct, 0);
            if (fd >= 0) return new BlockFile(new SafeFileHandle(fd, ownsHandle: true), true);
            // EINVAL and the like: this file system does not do direct I/O; buffered I/O below.
        }
        return new BlockFile(File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite), false);
    }

    /// <summary>Writes the file's data (not necessarily its metadata) to the device, as fdatasync does.</summary>
    public void DataSync()
    {
        if (_flusher is not null)
        {
            _flusher.Flush(flushToDisk: true);
            return;
        }
        if (fdatasync((int)Handle.DangerousGetHandle()) != 0)
            throw new IOException($"fdatasync failed (errno {Marshal.GetLastPInvokeError()})");
    }

    public void Dispose()
    {
        _flusher?.Dispose();
        Handle.Dispose();
    }

    /// <summary>O_DIRECT, whose value differs between architectures; null where unknown.</summary>
    private static int? DirectFlag() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => null,
    };

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int fdatasync(int fd);
}
