using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace ScaleSets.History;

/// <summary>
/// The run history in a PostgreSQL table (Npgsql): created when missing, appended by binary <c>COPY</c>, every value a
/// parameter. The table's name is the one identifier in the SQL text, checked to be a plain lower-case name.
/// Several hosts may share the database: the table is created under an advisory lock, and entries carry their scale set.
/// </summary>
public sealed partial class PostgreSqlRunHistoryStore : IRunHistoryStore, IAsyncDisposable, IDisposable
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "scalesets_run_history";

    private const string Columns = "time, scale_set, kind, type, entry_id, cause_id, instance_id, capacity_from, capacity_to, message";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly string _table;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlRunHistoryStore"/> class over a connection string, with table <see cref="DefaultTableName"/>.</summary>
    /// <param name="connectionString">An Npgsql connection string, such as <c>Host=db;Database=ops;Username=scalesets;Password=…</c>.</param>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public PostgreSqlRunHistoryStore(string connectionString)
        : this(connectionString, DefaultTableName)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlRunHistoryStore"/> class over a connection string.</summary>
    /// <param name="connectionString">An Npgsql connection string, such as <c>Host=db;Database=ops;Username=scalesets;Password=…</c>.</param>
    /// <param name="tableName">The table: 1 to 63 of lower-case letters, digits and '_', not starting with a digit.</param>
    /// <exception cref="ArgumentException">The connection string or the table name is malformed.</exception>
    public PostgreSqlRunHistoryStore(string connectionString, string tableName)
        : this(Build(connectionString), tableName, ownsDataSource: true)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlRunHistoryStore"/> class over a data source the caller owns.</summary>
    /// <param name="dataSource">The data source, such as the one the application's cluster uses.</param>
    /// <param name="tableName">The table: 1 to 63 of lower-case letters, digits and '_', not starting with a digit.</param>
    /// <exception cref="ArgumentException">The table name is malformed.</exception>
    public PostgreSqlRunHistoryStore(NpgsqlDataSource dataSource, string tableName)
        : this(dataSource, tableName, ownsDataSource: false)
    {
    }

    private PostgreSqlRunHistoryStore(NpgsqlDataSource dataSource, string tableName, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(tableName);
        if (!TableNamePattern().IsMatch(tableName))
        {
            throw new ArgumentException($"Table name '{tableName}' is not a plain PostgreSQL name: use 1 to 63 of lower-case letters, digits and '_', not starting with a digit.", nameof(tableName));
        }

        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _table = tableName;
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Description = $"PostgreSQL table {tableName} in database {builder.Database ?? builder.Username ?? "(default)"} on {builder.Host}:{builder.Port}";
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Two hosts creating the table at once would race in the catalog; the lock makes them take turns.
                var command = new NpgsqlCommand(
                    $"""
                    SELECT pg_advisory_xact_lock(hashtext(@table));
                    CREATE TABLE IF NOT EXISTS {_table} (
                        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        time timestamptz NOT NULL,
                        scale_set text NOT NULL,
                        kind smallint NOT NULL,
                        type text NOT NULL,
                        entry_id text NULL,
                        cause_id text NULL,
                        instance_id text NULL,
                        capacity_from integer NULL,
                        capacity_to integer NULL,
                        message text NOT NULL);
                    CREATE INDEX IF NOT EXISTS {_table}_set_time ON {_table} (scale_set, time);
                    CREATE INDEX IF NOT EXISTS {_table}_time ON {_table} (time);
                    CREATE INDEX IF NOT EXISTS {_table}_entry_id ON {_table} (entry_id) WHERE entry_id IS NOT NULL;
                    CREATE INDEX IF NOT EXISTS {_table}_cause_id ON {_table} (cause_id) WHERE cause_id IS NOT NULL;
                    """,
                    connection,
                    transaction);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.AddWithValue("table", _table);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task AppendAsync(IReadOnlyList<RunHistoryEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var import = await connection.BeginBinaryImportAsync($"COPY {_table} ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            await using (import.ConfigureAwait(false))
            {
                foreach (var entry in entries)
                {
                    await import.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync(entry.Time.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync(entry.ScaleSet, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync((short)entry.Kind, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync(entry.Type, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await WriteNullableAsync(import, entry.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await WriteNullableAsync(import, entry.CauseId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await WriteNullableAsync(import, entry.InstanceId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await WriteNullableAsync(import, entry.From, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await WriteNullableAsync(import, entry.To, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync(entry.Message, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }

                await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RunHistoryEntry>> QueryAsync(RunHistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var command = _dataSource.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            var where = new StringBuilder();
            void And(string condition) => where.Append(where.Length == 0 ? " WHERE " : " AND ").Append(condition);
            if (query.ScaleSet is { } scaleSet)
            {
                And("scale_set = @set");
                command.Parameters.AddWithValue("set", scaleSet);
            }

            if (query.Since is { } since)
            {
                And("time >= @since");
                command.Parameters.AddWithValue("since", NpgsqlDbType.TimestampTz, since.ToUniversalTime());
            }

            if (query.Until is { } until)
            {
                And("time < @until");
                command.Parameters.AddWithValue("until", NpgsqlDbType.TimestampTz, until.ToUniversalTime());
            }

            if (query.Kind is { } kind)
            {
                And("kind = @kind");
                command.Parameters.AddWithValue("kind", NpgsqlDbType.Smallint, (short)kind);
            }
            else
            {
                And("kind <> @evaluation");
                command.Parameters.AddWithValue("evaluation", NpgsqlDbType.Smallint, (short)RunHistoryEntryKind.Evaluation);
            }

            if (query.Type is { } type)
            {
                And("type = @type");
                command.Parameters.AddWithValue("type", type);
            }

            if (query.CauseId is { } cause)
            {
                And("(entry_id = @cause OR cause_id = @cause)");
                command.Parameters.AddWithValue("cause", cause);
            }

            command.CommandText = $"SELECT {Columns} FROM {_table}{where} ORDER BY time DESC, seq DESC LIMIT @limit";
            command.Parameters.AddWithValue("limit", query.Limit);
            var entries = new List<RunHistoryEntry>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    entries.Add(Read(reader));
                }
            }

            entries.Reverse();
            return entries;
        }
    }

    /// <inheritdoc/>
    public async Task<long> TrimAsync(DateTimeOffset olderThan, long maxEntries, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand(
            $"""
            WITH old AS (DELETE FROM {_table} WHERE time < @cutoff RETURNING 1),
                 over AS (DELETE FROM {_table} WHERE seq <= (SELECT max(seq) FROM {_table}) - @max RETURNING 1)
            SELECT (SELECT count(*) FROM old) + (SELECT count(*) FROM over)
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("cutoff", NpgsqlDbType.TimestampTz, olderThan.ToUniversalTime());
            command.Parameters.AddWithValue("max", maxEntries);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <inheritdoc/>
    public async Task<long> TrimEvaluationsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE kind = @evaluation AND time < @cutoff");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("evaluation", NpgsqlDbType.Smallint, (short)RunHistoryEntryKind.Evaluation);
            command.Parameters.AddWithValue("cutoff", NpgsqlDbType.TimestampTz, olderThan.ToUniversalTime());
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand($"SELECT count(*) FROM {_table}");
        await using (command.ConfigureAwait(false))
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private static NpgsqlDataSource Build(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        try
        {
            return NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The PostgreSQL connection string is malformed: {ex.Message}", nameof(connectionString), ex);
        }
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter import, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : class => value is null ? import.WriteNullAsync(cancellationToken) : import.WriteAsync(value, type, cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter import, int? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is { } v ? import.WriteAsync(v, type, cancellationToken) : import.WriteNullAsync(cancellationToken);

    private static RunHistoryEntry Read(DbDataReader reader) => new(
        reader.GetFieldValue<DateTimeOffset>(0),
        reader.GetString(1),
        (RunHistoryEntryKind)reader.GetInt16(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetInt32(7),
        reader.IsDBNull(8) ? null : reader.GetInt32(8),
        reader.GetString(9));

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
