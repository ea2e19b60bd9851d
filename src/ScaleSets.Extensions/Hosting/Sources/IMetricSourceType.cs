using ScaleSets.Metrics;

namespace ScaleSets.Hosting.Sources;

/// <summary>
/// A kind of metric source that can be declared in configuration, under <c>ScaleSets:&lt;set&gt;:Sources</c>, by its
/// <see cref="Name"/> in the entry's <c>Type</c> (<c>HAProxy</c>, <c>Prometheus</c>, …). The shipped types are registered
/// by <c>AddScaleSets</c>; register your own with <see cref="ScaleSetsBuilder.AddMetricSourceType"/>.
/// </summary>
public interface IMetricSourceType
{
    /// <summary>Gets the name written in a source entry's <c>Type</c>, matched case-insensitively, for example <c>HAProxy</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Checks the entry's own options (everything but <c>Type</c> and the polling options, which are checked already) and
    /// returns every problem, each starting with its configuration path (<see cref="MetricSourceConfiguration.PathOf"/>).
    /// Called when the host starts, before anything is created.
    /// </summary>
    /// <param name="source">The entry.</param>
    /// <param name="services">The services, for defaults taken from other options (the load balancer's socket, say).</param>
    /// <returns>The problems; empty when the entry is valid.</returns>
    IReadOnlyList<string> Validate(MetricSourceConfiguration source, IServiceProvider services);

    /// <summary>Creates the source of a valid entry when the scale set starts; a disposable source is disposed when it stops.</summary>
    /// <param name="source">The entry.</param>
    /// <param name="services">The services (the <see cref="TimeProvider"/> to poll on, for one).</param>
    /// <returns>The source; an <see cref="ScaleSets.Sources.IMetricSource"/> to have its health watched by the engine.</returns>
    IObservable<MetricSample> Create(MetricSourceConfiguration source, IServiceProvider services);
}
