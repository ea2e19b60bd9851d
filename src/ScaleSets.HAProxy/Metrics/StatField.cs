namespace ScaleSets.HAProxy.Metrics;

/// <summary>The numeric <c>show stat</c> columns a metric source reads, in the order of <see cref="StatMetricsCsv.Columns"/>.</summary>
internal enum StatField
{
    /// <summary><c>scur</c>: current sessions.</summary>
    CurrentSessions,

    /// <summary><c>qcur</c>: queued requests.</summary>
    QueuedRequests,

    /// <summary><c>rtime</c>: average response time, ms.</summary>
    ResponseTime,

    /// <summary><c>ttime</c>: average total time, ms.</summary>
    TotalTime,

    /// <summary><c>req_tot</c>: requests, cumulative.</summary>
    Requests,

    /// <summary><c>stot</c>: sessions, cumulative.</summary>
    Sessions,

    /// <summary><c>hrsp_5xx</c>: 5xx responses, cumulative.</summary>
    ServerErrors,
}
