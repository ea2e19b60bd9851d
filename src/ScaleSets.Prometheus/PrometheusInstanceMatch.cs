namespace ScaleSets.Prometheus;

/// <summary>How the value of a series' instance label is turned into the id of an instance of the scale set.</summary>
public enum PrometheusInstanceMatch
{
    /// <summary>
    /// The label's value is the instance id as it is (for example a <c>pod</c> or <c>host</c> label that carries the
    /// instance's id). When <see cref="PrometheusMetricsOptions.Instances"/> is set, a value that is no instance's id is
    /// reported as an unknown instance.
    /// </summary>
    Id,

    /// <summary>
    /// The label's host part (the value without a <c>:port</c>, and without the brackets of an IPv6 address) is the
    /// instance's <see cref="Abstractions.InstanceInfo.Address"/>, compared case-insensitively: Prometheus' own
    /// <c>instance</c> label (<c>10.0.0.5:9100</c>) against the address the compute provider reports.
    /// Needs <see cref="PrometheusMetricsOptions.Instances"/>.
    /// </summary>
    Address,

    /// <summary>
    /// The label's value equals <see cref="PrometheusMetricsOptions.InstanceTemplate"/> rendered for the instance, with
    /// <c>{id}</c>, <c>{name}</c> and <c>{address}</c> replaced (for example <c>{name}.example.internal:9100</c>).
    /// Needs <see cref="PrometheusMetricsOptions.Instances"/>.
    /// </summary>
    Template,
}
