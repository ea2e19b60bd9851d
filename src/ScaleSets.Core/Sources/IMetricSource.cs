using ScaleSets.Metrics;

namespace ScaleSets.Sources;

/// <summary>
/// A named metric source that reports its own health besides its samples: the shape of every source this library ships
/// (HAProxy, Hyper-V, Prometheus, in-process meters). The engine accepts any <see cref="IObservable{T}"/> of
/// <see cref="MetricSample"/>; when the source is an <see cref="IMetricSource"/> it also watches <see cref="Status"/>, turns
/// an unavailable source into missing data for the rules it fed, and names the source and its last error in events and
/// decisions.
/// </summary>
public interface IMetricSource : IObservable<MetricSample>
{
    /// <summary>Gets the source's name as it appears in events, logs and explanations, for example <c>haproxy web</c>.</summary>
    string Name { get; }

    /// <summary>Gets the source's status after each poll (or each change of health, for sources that are not polled).</summary>
    IObservable<MetricSourceStatus> Status { get; }
}
