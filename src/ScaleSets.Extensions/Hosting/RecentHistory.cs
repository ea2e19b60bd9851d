namespace ScaleSets.Hosting;

/// <summary>A bounded ring of a scale set's latest evaluations, kept in memory for the dashboard's chart.</summary>
internal sealed class RecentHistory(int capacity)
{
    private readonly Queue<ScaleSetHistoryPoint> _points = new();
    private readonly Lock _gate = new();

    public void Add(ScaleSetHistoryPoint point)
    {
        lock (_gate)
        {
            if (_points.Count == capacity)
            {
                _points.Dequeue();
            }

            _points.Enqueue(point);
        }
    }

    public ScaleSetHistoryPoint[] Snapshot(DateTimeOffset? since)
    {
        lock (_gate)
        {
            return since is { } t ? [.. _points.Where(p => p.Time >= t)] : [.. _points];
        }
    }
}
