using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace ScaleSets.History;

/// <summary>
/// The run history in an embedded SQLite database file (Microsoft.Data.Sqlite): table <c>run_history</c>, write-ahead
/// logging so queries do not wait for the writer, times as UTC ticks. Every value goes in as a command parameter.
/// </summary>
public sealed class SqliteRunHistoryStore : IRunHistoryStore
{
    private const string Columns = "time, scale_set, kind, type, entry_id, cause_id, instance_id, capacity_from, capacity_to, message";

    private readonly string _writeConnection;
    private readonly string _readConnection;

    /// <summary>Initializes a new instance of the <see cref="SqliteRunHistoryStore"/> class.</summary>
    /// <param name="path">The database file; created, with its folder, by <see cref="InitializeAsync"/>.</param>
    /// <param name="busyTimeout">How long a command waits for a database another connection holds locked.</param>
    public SqliteRunHistoryStore(string path, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var seconds = (int)Math.Clamp(Math.Ceiling(busyTimeout.TotalSeconds), 1, 600);

        // No pooling: a pooled connection would go on writing to, or reading from, a file deleted under it.
        _writeConnection = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = seconds }.ToString();

        // Read-only, so a query of a missing database says so instead of creating an empty one.
        _readConnection = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = seconds }.ToString();
    }

    /// <summary>Gets the database file's full path.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public string Description => $"SQLite database {Path}";

    /// <summary>Gets or sets the most pages the database may grow to (SQLite's <c>max_page_count</c>), for tests of a full database.</summary>
    internal long? MaxPageCount { get; set; }

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var connection = await OpenAsync(_writeConnection, cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();

        // auto_vacuum must come before the first table: deleted pages are then given back to the file system.
        command.CommandText = """
            PRAGMA auto_vacuum = INCREMENTAL;
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS run_history (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                time INTEGER NOT NULL,
                scale_set TEXT NOT NULL,
                kind INTEGER NOT NULL,
                type TEXT NOT NULL,
                entry_id TEXT NULL,
                cause_id TEXT NULL,
                instance_id TEXT NULL,
                capacity_from INTEGER NULL,
                capacity_to INTEGER NULL,
                message TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS run_history_set_time ON run_history (scale_set, time);
            CREATE INDEX IF NOT EXISTS run_history_time ON run_history (time);
            CREATE INDEX IF NOT EXISTS run_history_entry_id ON run_history (entry_id) WHERE entry_id IS NOT NULL;
            CREATE INDEX IF NOT EXISTS run_history_cause_id ON run_history (cause_id) WHERE cause_id IS NOT NULL;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task AppendAsync(IReadOnlyList<RunHistoryEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var connection = await OpenAsync(_writeConnection, cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO run_history ({Columns}) VALUES (@time, @set, @kind, @type, @id, @cause, @instance, @from, @to, @message)";
        var time = command.Parameters.Add("@time", SqliteType.Integer);
        var set = command.Parameters.Add("@set", SqliteType.Text);
        var kind = command.Parameters.Add("@kind", SqliteType.Integer);
        var type = command.Parameters.Add("@type", SqliteType.Text);
        var id = command.Parameters.Add("@id", SqliteType.Text);
        var cause = command.Parameters.Add("@cause", SqliteType.Text);
        var instance = command.Parameters.Add("@instance", SqliteType.Text);
        var from = command.Parameters.Add("@from", SqliteType.Integer);
        var to = command.Parameters.Add("@to", SqliteType.Integer);
        var message = command.Parameters.Add("@message", SqliteType.Text);
        foreach (var entry in entries)
        {
            time.Value = entry.Time.UtcTicks;
            set.Value = entry.ScaleSet;
            kind.Value = (int)entry.Kind;
            type.Value = entry.Type;
            id.Value = (object?)entry.Id ?? DBNull.Value;
            cause.Value = (object?)entry.CauseId ?? DBNull.Value;
            instance.Value = (object?)entry.InstanceId ?? DBNull.Value;
            from.Value = (object?)entry.From ?? DBNull.Value;
            to.Value = (object?)entry.To ?? DBNull.Value;
            message.Value = entry.Message;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RunHistoryEntry>> QueryAsync(RunHistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        using var connection = await OpenAsync(_readConnection, cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        var where = new StringBuilder();
        void And(string condition) => where.Append(where.Length == 0 ? " WHERE " : " AND ").Append(condition);
        if (query.ScaleSet is { } scaleSet)
        {
            And("scale_set = @set");
            command.Parameters.AddWithValue("@set", scaleSet);
        }

        if (query.Since is { } since)
        {
            And("time >= @since");
            command.Parameters.AddWithValue("@since", since.UtcTicks);
        }

        if (query.Until is { } until)
        {
            And("time < @until");
            command.Parameters.AddWithValue("@until", until.UtcTicks);
        }

        if (query.Kind is { } kind)
        {
            And("kind = @kind");
            command.Parameters.AddWithValue("@kind", (int)kind);
        }
        else
        {
            And("kind <> @evaluation");
            command.Parameters.AddWithValue("@evaluation", (int)RunHistoryEntryKind.Evaluation);
        }

        if (query.Type is { } type)
        {
            And("type = @type");
            command.Parameters.AddWithValue("@type", type);
        }

        if (query.CauseId is { } cause)
        {
            And("(entry_id = @cause OR cause_id = @cause)");
            command.Parameters.AddWithValue("@cause", cause);
        }

        command.CommandText = $"SELECT {Columns} FROM run_history{where} ORDER BY time DESC, seq DESC LIMIT @limit";
        command.Parameters.AddWithValue("@limit", query.Limit);
        var entries = new List<RunHistoryEntry>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(Read(reader));
        }

        entries.Reverse();
        return entries;
    }

    /// <inheritdoc/>
    public async Task<long> TrimAsync(DateTimeOffset olderThan, long maxEntries, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(_writeConnection, cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();

        // seq only grows, so the rows above MAX(seq) - maxEntries are at most maxEntries.
        command.CommandText = """
            DELETE FROM run_history WHERE time < @cutoff;
            DELETE FROM run_history WHERE seq <= (SELECT MAX(seq) FROM run_history) - @max;
            """;
        command.Parameters.AddWithValue("@cutoff", olderThan.UtcTicks);
        command.Parameters.AddWithValue("@max", maxEntries);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "PRAGMA incremental_vacuum;";
            await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    /// <inheritdoc/>
    public async Task<long> TrimEvaluationsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(_writeConnection, cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM run_history WHERE kind = @evaluation AND time < @cutoff";
        command.Parameters.AddWithValue("@evaluation", (int)RunHistoryEntryKind.Evaluation);
        command.Parameters.AddWithValue("@cutoff", olderThan.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(_readConnection, cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM run_history";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static RunHistoryEntry Read(DbDataReader reader) => new(
        new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero),
        reader.GetString(1),
        (RunHistoryEntryKind)reader.GetInt32(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetInt32(7),
        reader.IsDBNull(8) ? null : reader.GetInt32(8),
        reader.GetString(9));

    private async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = MaxPageCount is { } pages
                ? string.Create(CultureInfo.InvariantCulture, $"PRAGMA synchronous = NORMAL; PRAGMA max_page_count = {pages};")
                : "PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
