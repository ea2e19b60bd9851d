using System.Globalization;
using Npgsql;
using ScaleSets.Testing.PostgreSql;

namespace ScaleSets.Orleans.Tests.Hosting;

/// <summary>
/// The shared real PostgreSQL test server (<see cref="PostgreSqlServer"/>: initdb in a temporary directory, postgres on
/// 127.0.0.1, stopped by pid) with room for a cluster's pooled connections, and a fresh database per test with Orleans'
/// schema applied by the package's own set-up step.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly PostgreSqlServer _server;
    private int _databases;

    private PostgresServer(PostgreSqlServer server) => _server = server;

    public int Port => _server.Port;

    public static async Task<PostgresServer> StartAsync() => new(await PostgreSqlServer.StartAsync(maxConnections: 500).ConfigureAwait(false));

    /// <summary>Creates a fresh database with Orleans' schema applied by the package's set-up step; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"orleans_{Interlocked.Increment(ref _databases)}");
        await using (var connection = new NpgsqlConnection(_server.ConnectionString("postgres")))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var connectionString = ConnectionString(name);
        Assert.That(await ScaleSets.Orleans.Hosting.PostgreSqlSchema.ApplyAsync(connectionString).ConfigureAwait(false), Is.True, "the schema is applied to a new database");
        return connectionString;
    }

    /// <summary>A pooled connection string to <paramref name="database"/>, as silos use one.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_server.ConnectionString(database)) { Pooling = true, MaxPoolSize = 50 }.ConnectionString;

    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        return ValueTask.CompletedTask;
    }
}
