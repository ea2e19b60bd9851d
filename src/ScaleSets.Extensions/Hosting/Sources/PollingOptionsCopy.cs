using ScaleSets.Sources;

namespace ScaleSets.Hosting.Sources;

/// <summary>Copies an entry's polling options onto a source's options.</summary>
internal static class PollingOptionsCopy
{
    /// <summary>Copies the entry's polling options; the timeout only when the entry gives one, when <paramref name="keepDefaultTimeout"/>.</summary>
    public static void CopyPolling(this MetricSourceConfiguration source, PolledMetricSourceOptions target, bool keepDefaultTimeout = false)
    {
        target.Interval = source.Polling.Interval;
        if (!keepDefaultTimeout || source.Section[nameof(PolledMetricSourceOptions.Timeout)] is not null)
        {
            target.Timeout = source.Polling.Timeout;
        }

        target.MaxRetryAttempts = source.Polling.MaxRetryAttempts;
        target.RetryDelay = source.Polling.RetryDelay;
    }
}
