namespace ScaleSets.Prometheus.Http;

/// <summary>Prometheus could not be asked or did not answer as its HTTP API does (refused, timed out, an HTTP error without its JSON). Fails the poll.</summary>
internal sealed class PrometheusHttpException : Exception
{
    public PrometheusHttpException(string message)
        : base(message)
    {
    }

    public PrometheusHttpException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PrometheusHttpException()
    {
    }
}
