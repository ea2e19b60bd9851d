using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScaleSets.History;

namespace ScaleSets.Hosting;

/// <summary>Registers the run history: the default SQLite store, the history itself and its hosted service.</summary>
internal static class RunHistoryServices
{
    /// <summary>Registers the history; call before <see cref="ScaleSetsHostedService"/> is registered, so it starts first.</summary>
    public static void Add(IServiceCollection services)
    {
        services.AddOptions<RunHistoryOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RunHistoryOptions>, RunHistoryOptionsValidator>());
        services.TryAddSingleton<IRunHistoryStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RunHistoryOptions>>().Value;
            return new SqliteRunHistoryStore(DatabasePath(options, sp.GetService<IHostEnvironment>()), options.BusyTimeout);
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RunHistoryOptions>>().Value;
            return new RunHistory(
                options.Enabled ? sp.GetRequiredService<IRunHistoryStore>() : null,
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILoggerFactory>()?.CreateLogger("ScaleSets.History"),
                sp.GetService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        services.TryAddSingleton<IRunHistory>(sp => sp.GetRequiredService<RunHistory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RunHistoryHostedService>());
    }

    /// <summary>The database file: <see cref="RunHistoryOptions.DatabasePath"/> against the content root, or the default file there.</summary>
    internal static string DatabasePath(RunHistoryOptions options, IHostEnvironment? environment)
    {
        var root = environment?.ContentRootPath is { Length: > 0 } contentRoot ? contentRoot : AppContext.BaseDirectory;
        return Path.GetFullPath(options.DatabasePath ?? RunHistoryOptions.DefaultDatabaseFileName, root);
    }
}
