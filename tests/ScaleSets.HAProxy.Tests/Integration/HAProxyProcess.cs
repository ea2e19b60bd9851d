using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>
/// A real HAProxy started as a child process (<c>haproxy -db</c>) from a generated configuration in a short temporary directory:
/// one loopback frontend per backend on a free port, the admin socket on a unix path. Killed by its process id on dispose.
/// </summary>
internal sealed class HAProxyProcess : IAsyncDisposable
{
    public const string InstallHint = "HAProxy is not installed: run `sudo apt-get install -y haproxy` (tests/run.sh does this on Debian as root)";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly string _executable;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private HAProxyProcess(string executable, string directory)
    {
        _executable = executable;
        Directory = directory;
        SocketPath = Path.Combine(directory, "admin.sock");
        ConfigPath = Path.Combine(directory, "haproxy.cfg");
    }

    public string Directory { get; }

    public string SocketPath { get; }

    public string ConfigPath { get; }

    public Dictionary<string, int> FrontendPorts { get; } = new(StringComparer.Ordinal);

    public int Pid => _process?.Id ?? 0;

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

    /// <summary>Finds haproxy on PATH (or Debian's /usr/sbin); fails the test with how to install it when missing.</summary>
    public static string RequireExecutable()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin"]);
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, "haproxy");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail(InstallHint);
        return string.Empty;
    }

    /// <summary>Starts HAProxy with the adapter's backends (strict: no retries, no redispatch, so no failure is hidden) and optional raw sections.</summary>
    public static async Task<HAProxyProcess> StartAsync(HAProxyLoadBalancerOptions options, string[] backends, string extraConfig = "")
    {
        var executable = RequireExecutable();
        var directory = Path.Combine("/tmp", "ssh-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(directory);
        var h = new HAProxyProcess(executable, directory);
        var config = new StringBuilder();
        config.Append("global\n").Append(HAProxyBackendConfig.RenderStatsSocket(h.SocketPath)).Append("  stats timeout 10s\n");
        config.Append("defaults\n  mode http\n  timeout connect 500ms\n  timeout client 15s\n  timeout server 15s\n  timeout queue 2s\n");
        foreach (var backend in backends)
        {
            var port = FreePort();
            h.FrontendPorts[backend] = port;
            config.Append(CultureInfo.InvariantCulture, $"frontend fe_{backend}\n  bind 127.0.0.1:{port}\n  default_backend {backend}\n");
            config.Append(HAProxyBackendConfig.RenderBackend(options, backend)).Append("  retries 0\n  no option redispatch\n");
        }

        config.Append(extraConfig);
        await File.WriteAllTextAsync(h.ConfigPath, config.ToString());
        await h.LaunchAsync();
        return h;
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The adapter's options for this HAProxy: fast checks (100 ms, rise 1, fall 1) so tests stay short.</summary>
    public static HAProxyLoadBalancerOptions TestOptions() => new()
    {
        SocketAddress = "/tmp/placeholder.sock",
        HealthCheckPath = "/health",
        HealthCheckInterval = TimeSpan.FromMilliseconds(100),
        HealthCheckRise = 1,
        HealthCheckFall = 1,
        DrainTimeout = TimeSpan.FromSeconds(10),
        DrainPollInterval = TimeSpan.FromMilliseconds(50),
        CommandTimeout = TimeSpan.FromSeconds(5),
        RetryDelay = TimeSpan.FromMilliseconds(100),
    };

    public HAProxyLoadBalancer NewLoadBalancer(HAProxyLoadBalancerOptions options)
    {
        options.SocketAddress = SocketPath;
        return new HAProxyLoadBalancer(options);
    }

    /// <summary>Sends a raw Runtime API line (for the trap tests that show HAProxy's own behaviour).</summary>
    public Task<string> SendAsync(string line)
    {
        RuntimeEndpoint.TryParse(SocketPath, false, out var endpoint, out _);
        return new SocketRuntimeApi(endpoint!, TimeSpan.FromSeconds(5), TimeProvider.System).SendAsync(line, CancellationToken.None);
    }

    public Uri FrontendUri(string backend, string path = "/") =>
        new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FrontendPorts[backend]}{path}"));

    /// <summary>Kills HAProxy by its process id and starts it again with the same configuration: every runtime server is gone.</summary>
    public async Task RestartAsync()
    {
        Kill();
        await LaunchAsync();
    }

    /// <summary>Kills HAProxy by its process id (its socket file stays, as after a crash).</summary>
    public Task StopAsync()
    {
        Kill();
        return Task.CompletedTask;
    }

    /// <summary>Starts HAProxy again with the same configuration after <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync() => LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }

        await Task.CompletedTask;
    }

    private void Kill()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            using var byId = Process.GetProcessById(_process.Id);
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

    private async Task LaunchAsync()
    {
        var info = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-db");
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(ConfigPath);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (process.HasExited)
            {
                Assert.Fail($"HAProxy exited with code {process.ExitCode} at start:\n{Output}");
            }

            try
            {
                var answer = await SendAsync("show info");
                if (ProcessIdentity.Parse(answer).Pid > 0)
                {
                    return;
                }
            }
            catch (ScaleSets.Abstractions.ProviderOperationException)
            {
                // Not listening yet.
            }

            if (TimeProvider.System.GetElapsedTime(started) > StartTimeout)
            {
                Assert.Fail($"HAProxy did not answer on {SocketPath} within {StartTimeout}:\n{Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(line).Append('\n');
        }
    }
}
