using System.Globalization;
using ScaleSets.Testing.Processes;

namespace ScaleSets.Testing.PostgreSql;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c>) for tests: <c>initdb</c> in a temporary data directory, then
/// <c>postgres</c> as a child process listening on 127.0.0.1 and a free port only (its Unix socket in the same
/// directory), with trust authentication for the user <see cref="User"/>. As root, both run as the <c>postgres</c> user
/// (PostgreSQL refuses root) and the directory is theirs. Stopped by its process id (fast shutdown, then kill) and the
/// directory deleted on dispose. Without PostgreSQL installed, <see cref="StartAsync"/> fails the test saying how to install it.
/// </summary>
public sealed class PostgreSqlServer : IDisposable
{
    /// <summary>The database user the tests connect as (a superuser).</summary>
    public const string User = "scalesets";

    private const string ServiceUser = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _directory;
    private ChildProcess? _postgres;

    private PostgreSqlServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    /// <summary>Gets the TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Gets the server's log so far, for failure messages.</summary>
    public string Output => _postgres?.Output ?? string.Empty;

    /// <summary>Gets the process id of the postmaster.</summary>
    public int Pid => _postgres?.Pid ?? 0;

    /// <summary>Finds the newest installed PostgreSQL's binaries (<c>/usr/lib/postgresql/N/bin</c>); fails the test with how to install them when missing.</summary>
    public static string BinDirectory()
    {
        var root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.Dir, "postgres")) && File.Exists(Path.Combine(x.Dir, "initdb")))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault()
            : null;
        if (found is null)
        {
            Assert.Fail("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): run `sudo apt-get install -y postgresql` (tests/run.sh does this on Debian as root)");
        }

        return found!;
    }

    /// <summary>Creates a data directory, starts the server and waits until it accepts connections.</summary>
    /// <param name="maxConnections">The server's <c>max_connections</c> (a cluster of silos with pooled connections needs hundreds).</param>
    public static async Task<PostgreSqlServer> StartAsync(int maxConnections = 50)
    {
        var bin = BinDirectory();
        var directory = Directory.CreateTempSubdirectory("scalesets-postgres-").FullName;
        var server = new PostgreSqlServer(directory, ChildProcess.FreePort());
        try
        {
            var user = ChildProcess.IsRoot ? ServiceUser : null;
            if (user is not null)
            {
                await ChildProcess.RunAsync("chown", [$"{ServiceUser}:{ServiceUser}", directory]);
            }

            var data = Path.Combine(directory, "data");
            await ChildProcess.RunAsync(
                Path.Combine(bin, "initdb"),
                ["-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"],
                user,
                directory);
            server._postgres = ChildProcess.Start(
                Path.Combine(bin, "postgres"),
                [
                    "-D", data,
                    "-h", "127.0.0.1",
                    "-p", server.Port.ToString(CultureInfo.InvariantCulture),
                    "-k", directory,
                    "-c", "fsync=off",
                    "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off",
                    "-c", "max_connections=" + maxConnections.ToString(CultureInfo.InvariantCulture),
                ],
                user,
                directory);
            await server._postgres.WaitForOutputAsync("database system is ready to accept connections", StartTimeout);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>An Npgsql connection string to <paramref name="database"/> on this server, without pooling.</summary>
    public string ConnectionString(string database = "postgres") =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=false;Timeout=15");

    /// <summary>Stops the server by its process id: fast shutdown (SIGINT), then kill; deletes the data directory.</summary>
    public void Dispose()
    {
        if (_postgres is not null)
        {
            _postgres.Signal("INT");
            _postgres.WaitForExit(TimeSpan.FromSeconds(15));
            _postgres.Dispose();
            _postgres = null;
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
