using ScaleSets.Metrics;
using ScaleSets.Sources;

namespace ScaleSets.Tests.Sources;

/// <summary>A poller whose every attempt is answered by a test-chosen function of the attempt number and time.</summary>
internal sealed class ScriptedPoller(Func<int, DateTimeOffset, CancellationToken, ValueTask<MetricPoll>> answer) : IMetricPoller
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public List<DateTimeOffset> Times { get; } = [];

    public static ScriptedPoller Constant(string metric, double value, string? instance = null) =>
        new((_, now, _) => ValueTask.FromResult(MetricPoll.Of([new MetricSample(metric, MetricSourceKind.Application, value, now, instance)])));

    public ValueTask<MetricPoll> PollAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        lock (Times)
        {
            Times.Add(now);
        }

        return answer(attempt, now, cancellationToken);
    }
}
