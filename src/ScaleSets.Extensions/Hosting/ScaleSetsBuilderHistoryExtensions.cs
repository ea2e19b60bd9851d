using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ScaleSets.History;

namespace ScaleSets.Hosting;

/// <summary>
/// Configures the durable run history that <c>AddScaleSets()</c> keeps by default: every decision with its explanation and
/// every controller event with its cause, in <c>scalesets-history.db</c> (SQLite) in the host's content root, for 14 days
/// and at most 1,000,000 entries (see <see cref="RunHistoryOptions"/>). Read it through <see cref="IRunHistory"/>.
/// </summary>
public static class ScaleSetsBuilderHistoryExtensions
{
    /// <summary>Sets the run history's options in code; runs after configuration binding declared before it.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static ScaleSetsBuilder ConfigureHistory(this ScaleSetsBuilder builder, Action<RunHistoryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Binds the run history's options from the configuration section at <paramref name="sectionPath"/>: <c>Enabled</c>,
    /// <c>DatabasePath</c>, <c>Retention</c>, <c>MaxEntries</c>, <c>EvaluationInterval</c>, <c>EvaluationRetention</c>, <c>QueueCapacity</c>, <c>BatchSize</c>, <c>TrimInterval</c>,
    /// <c>BusyTimeout</c> (durations as <c>d.hh:mm:ss</c>); validated when the host starts.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="sectionPath">The section's path.</param>
    /// <returns>The builder.</returns>
    public static ScaleSetsBuilder BindHistoryConfiguration(this ScaleSetsBuilder builder, string sectionPath = "ScaleSets:History")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        builder.Services.AddOptions<RunHistoryOptions>().BindConfiguration(sectionPath);
        return builder;
    }

    /// <summary>Keeps no run history: nothing is written, and queries fail with <see cref="RunHistoryUnavailableException"/> saying so.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static ScaleSetsBuilder DisableHistory(this ScaleSetsBuilder builder) => builder.ConfigureHistory(options => options.Enabled = false);

    /// <summary>
    /// Keeps the run history in a store other than the default SQLite database, such as PostgreSQL
    /// (<c>UsePostgreSqlHistory</c> of the <c>ScaleSets.PostgreSql</c> package) or a store of your own.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="store">Creates the store, once, when the host starts.</param>
    /// <returns>The builder.</returns>
    public static ScaleSetsBuilder UseHistoryStore(this ScaleSetsBuilder builder, Func<IServiceProvider, IRunHistoryStore> store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.Replace(ServiceDescriptor.Singleton(store));
        return builder;
    }
}
