using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScaleSets.Prometheus.Tests.Integration;

/// <summary>A program of a Debian package run as a child process, its output kept for failure messages, killed by its process id.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    private ChildProcess(Process process) => _process = process;

    public int Pid { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Finds an executable of a Debian package; fails the test with how to install it when missing.</summary>
    public static string Require(string name, string package)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/sbin", "/usr/local/bin"]);
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"{name} is not installed: run `sudo apt-get install -y {package}` (tests/run.sh does this on Debian as root)");
        return string.Empty;
    }

    public static ChildProcess Start(string executable, params string[] arguments)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        child.Pid = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>Kills the process by its id and waits for it to end.</summary>
    public void Dispose()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            using var byId = Process.GetProcessById(Pid);
            byId.Kill();
            byId.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _process = null;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }
}
