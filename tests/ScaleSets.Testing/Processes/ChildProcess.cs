using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScaleSets.Testing.Processes;

/// <summary>
/// A program of a Debian package run as a child process, its output kept for failure messages, stopped by its process id.
/// As root it can run the program as another user (PostgreSQL refuses to run as root) through <c>setpriv</c>, which
/// executes the program in place, so the process id is the program's own.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];
    private Process? _process;

    private ChildProcess(Process process) => _process = process;

    /// <summary>Gets the process id.</summary>
    public int Pid { get; private set; }

    /// <summary>Gets what the program wrote to standard output and standard error so far (the first 64 KiB).</summary>
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

    /// <summary>Gets whether the program has ended.</summary>
    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>Gets whether this test process runs as root.</summary>
    public static bool IsRoot => Environment.UserName == "root";

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

    /// <summary>Starts a program, as <paramref name="user"/> when given and this process is root.</summary>
    public static ChildProcess Start(string executable, IEnumerable<string> arguments, string? user = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(user is not null && IsRoot ? "setpriv" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (user is not null && IsRoot)
        {
            foreach (var argument in new[] { $"--reuid={user}", $"--regid={user}", "--init-groups", "--", executable })
            {
                info.ArgumentList.Add(argument);
            }
        }

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

    /// <summary>Runs a program to its end and fails the test with its output when it exits non-zero.</summary>
    public static async Task RunAsync(string executable, IEnumerable<string> arguments, string? user = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        using var child = Start(executable, arguments, user, workingDirectory);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await child._process!.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{executable} did not end within {(timeout ?? TimeSpan.FromMinutes(2)).TotalSeconds} s:\n{child.Output}");
        }

        if (child._process!.ExitCode != 0)
        {
            Assert.Fail($"{executable} {string.Join(' ', arguments)} exited with {child._process.ExitCode}:\n{child.Output}");
        }
    }

    /// <summary>A free TCP port on 127.0.0.1.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Completes when a line of output contains <paramref name="text"/>; fails when the program exits first or the time runs out.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _waits.Add((text, seen));
        }

        var exited = _process!.WaitForExitAsync();
        var done = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout, TimeProvider.System));
        if (done == exited)
        {
            Assert.Fail($"{_process.StartInfo.FileName} exited with {_process.ExitCode} before writing '{text}':\n{Output}");
        }
        else if (done != seen.Task)
        {
            Assert.Fail($"{_process.StartInfo.FileName} did not write '{text}' within {timeout.TotalSeconds} s:\n{Output}");
        }
    }

    /// <summary>Sends a signal to the process by its id (<c>INT</c>, <c>TERM</c>), through kill(1).</summary>
    public void Signal(string signal)
    {
        if (HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit(5000);
    }

    /// <summary>Waits for the process to end, up to <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process is null || _process.WaitForExit(timeout);

    /// <summary>Kills the process by its id, if it still runs, and waits for it to end.</summary>
    public void Dispose()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                using var byId = Process.GetProcessById(Pid);
                byId.Kill();
                byId.WaitForExit(5000);
            }
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

            foreach (var (text, seen) in _waits)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }
        }
    }
}
