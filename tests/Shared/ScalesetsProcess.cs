using System.Diagnostics;
using System.Text;

namespace ScaleSets.Testing;

/// <summary>
/// The real <c>scalesets</c> program as a child process, stopped by its process id; every wait is bounded. Shared by the
/// test projects whose systems <c>scalesets metrics</c> records (linked from tests/Shared; the project references ScaleSets.Cli).
/// </summary>
internal sealed class ScalesetsProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ScalesetsProcess(Process process) => _process = process;

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

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static ScalesetsProcess Start(params string[] args) => Start(args, environment: null, workingDirectory: null);

    /// <summary>Starts the program with variables added to its environment and in a working directory of the test's choice.</summary>
    public static ScalesetsProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, string? workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scalesets.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var p = new ScalesetsProcess(process);
        process.OutputDataReceived += (_, e) => Append(p._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(p._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return p;
    }

    /// <summary>Runs the program to its end (at most two minutes) and returns its exit code and outputs.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] args) => Run(args, environment: null, workingDirectory: null);

    /// <summary>Runs the program to its end (at most two minutes) with variables added to its environment, in a working directory.</summary>
    public static (int ExitCode, string Output, string Error) Run(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, string? workingDirectory)
    {
        using var p = Start(args, environment, workingDirectory);
        var exit = p.WaitForExit(TimeSpan.FromMinutes(2));
        return (exit, p.Output, p.Error);
    }

    /// <summary>Sends SIGINT, as Ctrl+C on a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(5000);
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Assert.Fail($"scalesets did not exit within {timeout.TotalSeconds:0} s:\n{Error}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is not null)
        {
            lock (sb)
            {
                sb.Append(line).Append('\n');
            }
        }
    }
}
