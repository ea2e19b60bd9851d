namespace ScaleSets.Prometheus.Answers;

/// <summary>An answer that is not what Prometheus' HTTP API sends: not JSON, truncated, or of the wrong shape. Fails the poll.</summary>
internal sealed class PrometheusAnswerException : Exception
{
    public PrometheusAnswerException(string message)
        : base(message)
    {
    }

    public PrometheusAnswerException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PrometheusAnswerException()
    {
    }
}
