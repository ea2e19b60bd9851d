using System.Globalization;
using ScaleSets.Configuration;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Series;

namespace ScaleSets.Engine;

/// <summary>Options of the autoscale engine, shared by every scale set it runs.</summary>
public sealed class AutoscaleEngineOptions
{
    /// <summary>Gets or sets how often every scale set is evaluated. Azure autoscale evaluates every 30 to 60 seconds.</summary>
    /// <value>The default is one minute. Allowed: 1 second to 1 hour.</value>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how far in the past a sample's timestamp may lie when it arrives; older samples are dropped and counted.</summary>
    /// <value>The default is five minutes.</value>
    public TimeSpan MaxSampleLateness { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how far in the future a sample's timestamp may lie (clock skew between reporter and engine); later ones are rejected.</summary>
    /// <value>The default is one minute.</value>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the largest capacity a profile may allow.</summary>
    /// <value>The default is <see cref="ScaleCapacity.InstanceLimit"/> (1000), the scale set instance limit.</value>
    public int InstanceLimit { get; set; } = ScaleCapacity.InstanceLimit;

    /// <summary>Gets or sets where a predictive policy's models are refitted: beside the evaluation or inside it.</summary>
    /// <value>The default is <see cref="PredictiveRefitMode.Background"/>.</value>
    public PredictiveRefitMode PredictiveRefit { get; set; } = PredictiveRefitMode.Background;

    /// <summary>Gets the valid value range of individual metrics, by metric name (case-insensitive).</summary>
    public Dictionary<string, MetricValueRange> MetricRanges { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Percentage CPU"] = MetricValueRange.Percentage,
    };

    /// <summary>Gets or sets the valid value range of metrics not listed in <see cref="MetricRanges"/>.</summary>
    /// <value>The default is <see cref="MetricValueRange.NonNegative"/>.</value>
    public MetricValueRange DefaultMetricRange { get; set; } = MetricValueRange.NonNegative;

    /// <summary>Returns the valid range of <paramref name="metric"/>.</summary>
    /// <param name="metric">The metric name.</param>
    /// <returns>Its range from <see cref="MetricRanges"/>, or <see cref="DefaultMetricRange"/>.</returns>
    public MetricValueRange GetRange(string metric) =>
        MetricRanges.TryGetValue(metric, out var range) ? range : DefaultMetricRange;

    /// <summary>
    /// Returns every problem of these options, each starting with <paramref name="path"/> and the property's name
    /// (<c>ScaleSets:Engine:MaxClockSkew: -00:00:20 must not be negative.</c>). The engine refuses options with a problem,
    /// and the hosting package reports them at start; this is the one place that decides what is allowed.
    /// </summary>
    /// <param name="path">Where the options come from: a configuration section's path, or the type's name when set in code.</param>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errors = new List<string>();
        if (EvaluationInterval < SettingLimits.MinEvaluationInterval || EvaluationInterval > SettingLimits.MaxEvaluationInterval)
        {
            errors.Add(Invariant($"{path}:{nameof(EvaluationInterval)}: {EvaluationInterval:c} must be between {SettingLimits.MinEvaluationInterval:c} and {SettingLimits.MaxEvaluationInterval:c}."));
        }

        if (MaxSampleLateness < TimeSpan.Zero)
        {
            errors.Add(Invariant($"{path}:{nameof(MaxSampleLateness)}: {MaxSampleLateness:c} must not be negative."));
        }

        if (MaxClockSkew < TimeSpan.Zero)
        {
            errors.Add(Invariant($"{path}:{nameof(MaxClockSkew)}: {MaxClockSkew:c} must not be negative."));
        }

        if (InstanceLimit < 1)
        {
            errors.Add(Invariant($"{path}:{nameof(InstanceLimit)}: {InstanceLimit} must be at least 1."));
        }

        if (!Enum.IsDefined(PredictiveRefit))
        {
            errors.Add(Invariant($"{path}:{nameof(PredictiveRefit)}: {(int)PredictiveRefit} must be {nameof(PredictiveRefitMode.Background)} or {nameof(PredictiveRefitMode.Inline)}."));
        }

        CheckRange(errors, $"{path}:{nameof(DefaultMetricRange)}", DefaultMetricRange);
        foreach (var (metric, range) in MetricRanges)
        {
            CheckRange(errors, $"{path}:{nameof(MetricRanges)}:{metric}", range);
        }

        return errors;
    }

    /// <summary>Returns what the metric pipeline accepts under these options.</summary>
    internal SampleLimits SampleLimits() => new(MaxSampleLateness, MaxClockSkew, GetRange);

    private static void CheckRange(List<string> errors, string path, MetricValueRange range)
    {
        if (double.IsNaN(range.Minimum) || double.IsNaN(range.Maximum) || range.Minimum > range.Maximum)
        {
            errors.Add(Invariant($"{path}: the minimum {range.Minimum} must not be above the maximum {range.Maximum} (and neither may be NaN)."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
