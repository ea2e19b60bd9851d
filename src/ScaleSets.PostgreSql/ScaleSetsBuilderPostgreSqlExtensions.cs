using ScaleSets.History;

namespace ScaleSets.Hosting;

/// <summary>Keeps the hosted scale sets' run history in PostgreSQL.</summary>
public static class ScaleSetsBuilderPostgreSqlExtensions
{
    /// <summary>
    /// Keeps the run history in a PostgreSQL table instead of the embedded SQLite file: created when missing, trimmed to
    /// the retention period and size bound of <see cref="RunHistoryOptions"/> like the SQLite one. Point it at the
    /// database the cluster uses, if it uses one; several hosts may share the table.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">An Npgsql connection string, such as <c>Host=db;Database=ops;Username=scalesets;Password=…</c>.</param>
    /// <param name="tableName">The table; the default is <c>scalesets_run_history</c>.</param>
    /// <returns>The builder.</returns>
    public static ScaleSetsBuilder UsePostgreSqlHistory(this ScaleSetsBuilder builder, string connectionString, string tableName = PostgreSqlRunHistoryStore.DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(tableName);
        return builder.UseHistoryStore(_ => new PostgreSqlRunHistoryStore(connectionString, tableName));
    }
}
