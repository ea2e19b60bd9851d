using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ScaleSets.Orleans.Tests.Hosting;

/// <summary>
/// A real PostgreSQL server for the tests: initdb in a temporary data directory, postgres started as a child process
/// listening on 127.0.0.1 only (and a Unix socket in the data directory), stopped by its pid. As root it runs as the
/// postgres user (postgres refuses to run as root), through setpriv, which execs postgres itself so the pid is the server's.
/// Fails, saying how to install it, when PostgreSQL is missing.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private int _databases;

    private PostgresServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBin();
        var directory = Directory.CreateTempSubdirectory("scalesets-pg-").FullName;
        var data = Path.Combine(directory, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", "postgres:postgres", directory);
        }

        var (initdb, initdbArgs) = AsPostgres(asRoot, Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        Run(initdb, initdbArgs);
        var port = FreePort();
        var (postgres, postgresArgs) = AsPostgres(
            asRoot,
            Path.Combine(bin, "postgres"),
            ["-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1", "-k", directory, "-c", "fsync=off", "-c", "max_connections=500"]);
        var start = new ProcessStartInfo(postgres)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in postgresArgs)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("postgres did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new PostgresServer(process, directory, port);
        await server.WaitReadyAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Creates a fresh database with Orleans' schema applied by the package's set-up step; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"orleans_{Interlocked.Increment(ref _databases)}");
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var connectionString = ConnectionString(name);
        Assert.That(await ScaleSets.Orleans.Hosting.PostgreSqlSchema.ApplyAsync(connectionString).ConfigureAwait(false), Is.True, "the schema is applied to a new database");
        return connectionString;
    }

    public string ConnectionString(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGINT: PostgreSQL's fast shutdown; killed if it does not stop.
            Run("kill", "-INT", _process.Id.ToString(CultureInfo.InvariantCulture));
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindBin()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        if (bin is null)
        {
            Assert.Fail("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): sudo apt-get install -y postgresql (tests/run.sh installs it).");
        }

        return bin!;
    }

    private static (string Program, string[] Args) AsPostgres(bool asRoot, string program, string[] args) =>
        asRoot ? ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program, .. args]) : (program, args);

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {error}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitReadyAsync()
    {
        // A child process starting: its readiness is only observable by trying (as the HAProxy and Prometheus fixtures do).
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"postgres exited with {_process.ExitCode} before accepting connections");
            }

            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync().ConfigureAwait(false);
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }
}
