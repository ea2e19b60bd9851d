using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using ScaleSets.Engine;

namespace ScaleSets.Hosting;

/// <summary>
/// Binds <see cref="AutoscaleEngineOptions"/> from a configuration section and remembers, per options instance, what could
/// not be read (a value the binder could not convert), so the validator reports it with every other problem at start.
/// </summary>
internal static class EngineConfiguration
{
    private static readonly ConditionalWeakTable<AutoscaleEngineOptions, List<string>> ReadErrorsByOptions = [];

    public static void Apply(AutoscaleEngineOptions options, IConfigurationSection section)
    {
        if (!section.Exists())
        {
            return;
        }

        // Configured ranges replace the built-in ones of the same metric; the others stay.
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            ReadErrorsByOptions.GetOrCreateValue(options).Add($"{section.Path}: {ex.Message}");
        }
    }

    public static IReadOnlyList<string> ReadErrors(AutoscaleEngineOptions options) =>
        ReadErrorsByOptions.TryGetValue(options, out var errors) ? errors : [];

    /// <summary>
    /// The options that only take effect when the engine is created: they size each metric series, compile each metric's
    /// range, or (<see cref="AutoscaleEngineOptions.PredictiveRefit"/>) are read when each scale set's forecaster is made.
    /// </summary>
    public static IEnumerable<string> StartOnlyChanges(AutoscaleEngineOptions running, AutoscaleEngineOptions changed)
    {
        if (running.MaxSampleLateness != changed.MaxSampleLateness)
        {
            yield return nameof(AutoscaleEngineOptions.MaxSampleLateness);
        }

        if (running.MaxClockSkew != changed.MaxClockSkew)
        {
            yield return nameof(AutoscaleEngineOptions.MaxClockSkew);
        }

        if (running.InstanceLimit != changed.InstanceLimit)
        {
            yield return nameof(AutoscaleEngineOptions.InstanceLimit);
        }

        if (running.PredictiveRefit != changed.PredictiveRefit)
        {
            yield return nameof(AutoscaleEngineOptions.PredictiveRefit);
        }

        if (running.DefaultMetricRange != changed.DefaultMetricRange
            || running.MetricRanges.Count != changed.MetricRanges.Count
            || running.MetricRanges.Any(r => !changed.MetricRanges.TryGetValue(r.Key, out var range) || range != r.Value))
        {
            yield return nameof(AutoscaleEngineOptions.MetricRanges);
        }
    }
}
