namespace ScaleSets.History;

/// <summary>
/// Options of the durable run history that <c>services.AddScaleSets()</c> keeps: on by default, in an embedded SQLite
/// database (or PostgreSQL with <c>UsePostgreSqlHistory</c> of the <c>ScaleSets.PostgreSql</c> package), bounded by a
/// retention period and a number of entries, written off the evaluation path through a bounded queue.
/// </summary>
public sealed class RunHistoryOptions
{
    /// <summary>The file name of the SQLite database when <see cref="DatabasePath"/> is not set.</summary>
    public const string DefaultDatabaseFileName = "scalesets-history.db";

    /// <summary>Gets or sets whether the history is kept.</summary>
    /// <value>The default is <see langword="true"/>; <c>scaleSets.DisableHistory()</c> sets it to <see langword="false"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the SQLite database's path; its folder is created when missing.</summary>
    /// <value>
    /// The default is <see langword="null"/>: <c>scalesets-history.db</c> in the host's content root
    /// (<c>IHostEnvironment.ContentRootPath</c>, the application's working directory unless the host says otherwise), or
    /// in <see cref="AppContext.BaseDirectory"/> without a host environment. A relative path is relative to the same folder.
    /// Not used by another store.
    /// </value>
    public string? DatabasePath { get; set; }

    /// <summary>Gets or sets how long entries are kept; older ones are deleted.</summary>
    /// <value>The default is 14 days; at least one minute.</value>
    public TimeSpan Retention { get; set; } = RunHistoryConstants.DefaultRetention;

    /// <summary>
    /// Gets or sets how many entries are kept at most, whatever their age: the oldest go first. A decision or an event
    /// takes about 300 bytes in SQLite with its indexes, so the default bounds the database near 300 MB.
    /// </summary>
    /// <value>The default is 1,000,000; at least 1.</value>
    public long MaxEntries { get; set; } = RunHistoryConstants.DefaultMaxEntries;

    /// <summary>
    /// Gets or sets how many entries may wait for the database. When the database falls behind and the queue is full, the
    /// oldest waiting entry is dropped and counted (<see cref="RunHistoryStatus.Dropped"/>, the
    /// <c>scalesets.history.entries</c> counter with <c>outcome=dropped</c>, and a warning), so recording never waits.
    /// </summary>
    /// <value>The default is 10,000; 1 to 1,000,000.</value>
    public int QueueCapacity { get; set; } = RunHistoryConstants.DefaultQueueCapacity;

    /// <summary>Gets or sets how many waiting entries are written in one transaction at most.</summary>
    /// <value>The default is 500; 1 to 10,000.</value>
    public int BatchSize { get; set; } = RunHistoryConstants.DefaultBatchSize;

    /// <summary>Gets or sets how often the writer deletes what the retention period and <see cref="MaxEntries"/> leave out, after a write.</summary>
    /// <value>The default is 5 minutes; from one second to <see cref="Retention"/>.</value>
    public TimeSpan TrimInterval { get; set; } = RunHistoryConstants.DefaultTrimInterval;

    /// <summary>
    /// Gets or sets how often an evaluation's numbers (capacity, instances, each rule's observed value) are kept per scale
    /// set, for the dashboard's chart after a restart; <see cref="TimeSpan.Zero"/> keeps none.
    /// </summary>
    /// <value>The default is one minute; zero, or 1 second to <see cref="EvaluationRetention"/>.</value>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets how long the evaluations' numbers are kept (the chart shows the last hours): 1000 scale sets at one a
    /// minute for 6 hours are 360,000 entries, which count towards <see cref="MaxEntries"/>.
    /// </summary>
    /// <value>The default is 6 hours; from one minute to <see cref="Retention"/>.</value>
    public TimeSpan EvaluationRetention { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Gets or sets how long a write or a query waits for a SQLite database another process holds locked before it fails
    /// (whole seconds). A failed write is counted and logged, and the entries are lost; decisions go on.
    /// </summary>
    /// <value>The default is 5 seconds; 1 second to 10 minutes.</value>
    public TimeSpan BusyTimeout { get; set; } = RunHistoryConstants.DefaultBusyTimeout;
}
