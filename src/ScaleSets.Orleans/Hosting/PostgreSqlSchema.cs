using System.Reflection;
using Npgsql;

namespace ScaleSets.Orleans.Hosting;

/// <summary>
/// Applies Orleans' PostgreSQL schema (main, clustering, persistence, reminders; shipped in the package unchanged, MIT,
/// .NET Foundation) to an empty database, in one transaction. The same scripts are in the package's <c>sql/</c> folder for
/// <c>psql -f</c>, in the order of <see cref="Scripts"/>.
/// </summary>
public static class PostgreSqlSchema
{
    /// <summary>Gets the scripts, in the order they must run.</summary>
    public static IReadOnlyList<string> Scripts { get; } =
        ["PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql", "PostgreSQL-Persistence.sql", "PostgreSQL-Reminders.sql"];

    /// <summary>Applies the schema unless the database has it already (its <c>orleansquery</c> table exists).</summary>
    /// <param name="connectionString">The Npgsql connection string of the database.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="true"/> when the schema was applied, <see langword="false"/> when it was there already.</returns>
    /// <exception cref="InvalidOperationException">A script failed; nothing was applied, and the message names the script.</exception>
    public static async Task<bool> ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var connection = new NpgsqlConnection(connectionString);
        await using var connectionScope = connection.ConfigureAwait(false);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var exists = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL", connection);
        await using (exists.ConfigureAwait(false))
        {
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return false;
            }
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        foreach (var script in Scripts)
        {
            try
            {
                // The scripts are the package's own resources, never user input.
#pragma warning disable CA2100
                var command = new NpgsqlCommand(Read(script), connection, transaction);
#pragma warning restore CA2100
                await using var commandScope = command.ConfigureAwait(false);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException ex)
            {
                throw new InvalidOperationException($"Applying Orleans' schema script {script} failed: {ex.Message}", ex);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static string Read(string script)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ScaleSets.Orleans.Sql." + script)
            ?? throw new InvalidOperationException($"The package's schema script {script} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
