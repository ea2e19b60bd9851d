using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScaleSets.Packaging.Tests;

/// <summary>
/// A real HAProxy (<c>haproxy -db</c>) started as a child process from a README's configuration, with its admin socket moved
/// to a short temporary path and its frontend to a free loopback port; killed by its process id on dispose.
/// </summary>
internal sealed class SampleHAProxy : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private readonly string _directory;

    private SampleHAProxy(Process process, string directory, string socketPath, string frontendUri)
    {
        _process = process;
        _directory = directory;
        SocketPath = socketPath;
        FrontendUri = frontendUri;
    }

    public string SocketPath { get; }

    public string FrontendUri { get; }

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

    public static async Task<SampleHAProxy> StartAsync(string readmeConfig, string readmeSocket, string readmeBind)
    {
        Assert.That(readmeConfig, Does.Contain(readmeSocket).And.Contain("bind " + readmeBind), "the README's haproxy.cfg names the socket and frontend the test moves");
        var executable = new[] { "/usr/sbin", "/usr/local/sbin" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            .Select(dir => System.IO.Path.Combine(dir, "haproxy"))
            .FirstOrDefault(File.Exists);
        Assert.That(executable, Is.Not.Null, "HAProxy is not installed: run `sudo apt-get install -y haproxy` (tests/run.sh does this on Debian as root)");

        // HAProxy refuses unix socket paths longer than 97 characters, so the directory stays short.
        var directory = System.IO.Path.Combine("/tmp", "ssp-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var socket = System.IO.Path.Combine(directory, "admin.sock");
        var port = FreePort();
        var bind = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
        var config = System.IO.Path.Combine(directory, "haproxy.cfg");
        File.WriteAllText(config, readmeConfig.Replace(readmeSocket, socket, StringComparison.Ordinal).Replace("bind " + readmeBind, "bind " + bind, StringComparison.Ordinal));

        // HAProxy's own check first, so a broken configuration fails here with HAProxy's message instead of a sample waiting for it.
        var check = new ProcessStartInfo(executable!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", "-f", config })
        {
            check.ArgumentList.Add(argument);
        }

        using (var checking = Process.Start(check)!)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30), TimeProvider.System);
            var output = checking.StandardOutput.ReadToEndAsync(limit.Token);
            var errors = checking.StandardError.ReadToEndAsync(limit.Token);
            await checking.WaitForExitAsync(limit.Token);
            Assert.That(checking.ExitCode, Is.Zero, $"haproxy -c -f {config}:{Environment.NewLine}{await output}{await errors}");
        }

        var start = new ProcessStartInfo(executable!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-db");
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(config);
        var process = new Process { StartInfo = start };
        var haproxy = new SampleHAProxy(process, directory, socket, $"http://{bind}/");
        process.OutputDataReceived += (_, e) => haproxy.Append(e.Data);
        process.ErrorDataReceived += (_, e) => haproxy.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // No wait for the socket: the adapter retries a missing socket, and the controller retries the registration.
        return haproxy;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var byId = Process.GetProcessById(_process.Id);
            byId.Kill();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10), TimeProvider.System);
            await byId.WaitForExitAsync(limit.Token);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
