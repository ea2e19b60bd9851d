using ScaleSets.Metrics;

namespace ScaleSets.Model;

/// <summary>
/// Forecasts one metric from its own history and provisions capacity for the forecast ahead of time: the forecast
/// covers <see cref="LeadTime"/> plus the evaluation interval, at the <see cref="Quantile"/> of its prediction interval,
/// and is turned into a capacity through <see cref="TargetPerInstance"/>. Two policies are equal when every property is
/// (a record's equality, so a new property takes part without more code): a setting replaced by one with an equal
/// policy keeps the forecaster and its history.
/// </summary>
public sealed record PredictiveScalingPolicy
{
    /// <summary>Gets or sets whether the policy is off, only forecasts and explains, or acts as a capacity floor.</summary>
    /// <value>The default is <see cref="PredictiveScalingMode.ForecastOnly"/>.</value>
    public PredictiveScalingMode Mode { get; set; } = PredictiveScalingMode.ForecastOnly;

    /// <summary>Gets or sets the name of the metric forecast (as in <see cref="MetricTrigger.MetricName"/>).</summary>
    /// <value>The default is empty; a value is required.</value>
    public string MetricName { get; set; } = "";

    /// <summary>Gets or sets where the metric is measured; <see langword="null"/> matches any source.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public MetricSourceKind? Source { get; set; }

    /// <summary>
    /// Gets or sets the value of the metric one instance should carry: for example 60 for 60% CPU per instance, or
    /// 50 for 50 requests per second per instance.
    /// </summary>
    /// <value>The default is 0; a positive value is required.</value>
    public double TargetPerInstance { get; set; }

    /// <summary>
    /// Gets or sets whether the metric is an average over the instances (CPU percent: demanded capacity is
    /// <c>ceil(forecast × current capacity / target)</c>) rather than a total over the set (requests per second:
    /// demanded capacity is <c>ceil(forecast / target)</c>).
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool IsPerInstanceAverage { get; set; } = true;

    /// <summary>Gets or sets the grain the metric is forecast at: samples are reduced per grain by <see cref="Statistic"/>.</summary>
    /// <value>The default is five minutes. Allowed: 1 minute to 1 hour.</value>
    public TimeSpan TimeGrain { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how the samples of one grain are reduced (across instances, as in <see cref="MetricTrigger.Statistic"/>).</summary>
    /// <value>The default is <see cref="MetricStatistic.Average"/>.</value>
    public MetricStatistic Statistic { get; set; } = MetricStatistic.Average;

    /// <summary>Gets or sets the quantile of the prediction interval capacity is provisioned for.</summary>
    /// <value>The default is 0.9. Allowed: 0.5 to 0.999.</value>
    public double Quantile { get; set; } = 0.9;

    /// <summary>Gets or sets how long a new instance takes to provision and boot; the forecast covers this plus the evaluation interval.</summary>
    /// <value>The default is 10 minutes. Allowed: 0 to 1 day.</value>
    public TimeSpan LeadTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how much history is needed before the policy acts; <see langword="null"/> means two seasons of the
    /// longest season detected in the data, and at least two days.
    /// </summary>
    /// <value>The default is <see langword="null"/> (two seasons).</value>
    public TimeSpan? MinimumHistory { get; set; }

    /// <summary>Gets or sets how much history is kept and fitted.</summary>
    /// <value>The default is 28 days. Allowed: at least <see cref="MinimumHistory"/>.</value>
    public TimeSpan MaximumHistory { get; set; } = TimeSpan.FromDays(28);

    /// <summary>Gets or sets whether the forecast may also lower capacity (predictive scale-in).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AllowScaleIn { get; set; }

    /// <summary>Gets or sets the headroom kept when scaling in on a forecast: 0.2 keeps capacity for 20% more than the forecast.</summary>
    /// <value>The default is 0.2. Allowed: 0 to 10.</value>
    public double ScaleInMargin { get; set; } = 0.2;

    /// <summary>Gets or sets how often the models are refitted and reselected; between refits they are updated online at every grain.</summary>
    /// <value>The default is one hour. Allowed: 1 minute to 7 days.</value>
    public TimeSpan RefitInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets whether the mean of the best two or three models may be chosen when it backtests better than any one of them.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool AllowCombination { get; set; } = true;
}
