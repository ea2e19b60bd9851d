namespace ScaleSets.Orleans.Hosting;

/// <summary>
/// Clustering, grain storage and reminders on PostgreSQL through Orleans' ADO.NET providers and Npgsql: the production
/// default. The database needs Orleans' schema first (<see cref="PostgreSqlSchema.ApplyAsync"/>, or the scripts in the
/// package's <c>sql/</c> folder run with psql).
/// </summary>
public static class PostgreSqlHostingExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql, as Orleans' providers take it.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Uses PostgreSQL for the silo's membership, the scale sets' grain storage and reminders.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder UseScaleSetsPostgreSql(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder
            .UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(ScaleSetsSiloOptions.StorageName, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            })
            .UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
    }

    /// <summary>Uses PostgreSQL for the client's view of the cluster's membership (a client outside the silos).</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <returns>The builder.</returns>
    public static IClientBuilder UseScaleSetsPostgreSql(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
    }
}
