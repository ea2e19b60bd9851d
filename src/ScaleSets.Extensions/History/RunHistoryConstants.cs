namespace ScaleSets.History;

/// <summary>The run history's defaults and instrument names.</summary>
internal static class RunHistoryConstants
{
    /// <summary>The meter of the hosted scale sets (<c>ScaleSetsInstruments.MeterName</c>), named here so History does not import Telemetry.</summary>
    public const string MeterName = "ScaleSets";

    public const long DefaultMaxEntries = 1_000_000;

    public const int DefaultQueueCapacity = 10_000;

    public const int DefaultBatchSize = 500;

    /// <summary>Counter of history entries by outcome (<c>written</c>, <c>dropped</c>, <c>failed</c>, <c>trimmed</c>).</summary>
    public const string EntriesInstrument = "scalesets.history.entries";

    /// <summary>Gauge of the entries waiting for the database.</summary>
    public const string PendingInstrument = "scalesets.history.pending";

    public const string OutcomeTag = "outcome";

    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(14);

    public static readonly TimeSpan DefaultTrimInterval = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);
}
