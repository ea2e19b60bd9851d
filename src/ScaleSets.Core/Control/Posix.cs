using System.Runtime.InteropServices;

namespace ScaleSets.Control;

/// <summary>The three libc calls .NET does not expose for flushing a folder (a <see cref="FileStream"/> cannot open one).</summary>
internal static partial class Posix
{
    public const int ReadOnly = 0;

    /// <summary>O_DIRECTORY: 0x10000 on Linux, 0x100000 on macOS.</summary>
    public static readonly int Directory = OperatingSystem.IsMacOS() ? 0x100000 : 0x10000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);
}
