using Microsoft.Extensions.Logging;

namespace ScaleSets.History;

/// <summary>The source-generated log messages of the run history's writer.</summary>
internal static partial class RunHistoryLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Run history: {Count} entries could not be written to {Database} and are lost ({Failed} since start); decisions go on: {Error}")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count, string database, long failed, string error);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Run history: {Count} entries dropped because {Database} fell behind and the queue of {Capacity} was full ({Dropped} since start); decisions go on")]
    public static partial void EntriesDropped(ILogger logger, long count, string database, int capacity, long dropped);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Run history: writing to {Database} again")]
    public static partial void WriteRecovered(ILogger logger, string database);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Run history: trimming {Database} to the retention period and size bound failed: {Error}")]
    public static partial void TrimFailed(ILogger logger, Exception exception, string database, string error);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Run history: keeping decisions and controller events in {Database} for {Retention}, at most {MaxEntries} entries")]
    public static partial void Started(ILogger logger, string database, TimeSpan retention, long maxEntries);
}
