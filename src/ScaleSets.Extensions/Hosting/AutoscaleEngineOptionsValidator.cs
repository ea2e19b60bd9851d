using System.Globalization;
using Microsoft.Extensions.Options;
using ScaleSets.Engine;

namespace ScaleSets.Hosting;

/// <summary>
/// Validates the engine options at start and at every reload, reporting every problem at once with its configuration
/// path (or <c>AutoscaleEngineOptions</c> when they were set in code), so an invalid value stops the host with a message that says where.
/// </summary>
internal sealed class AutoscaleEngineOptionsValidator(ScaleSetRegistry registry) : IValidateOptions<AutoscaleEngineOptions>
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaximumInterval = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, AutoscaleEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(name, Options.DefaultName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var where = registry.EngineConfigurationPath ?? nameof(AutoscaleEngineOptions);
        var errors = new List<string>(EngineConfiguration.ReadErrors(options));
        if (options.EvaluationInterval < MinimumInterval || options.EvaluationInterval > MaximumInterval)
        {
            errors.Add(Invariant($"{where}:{nameof(options.EvaluationInterval)}: {options.EvaluationInterval:c} must be between {MinimumInterval:c} and {MaximumInterval:c}."));
        }

        if (options.MaxSampleLateness < TimeSpan.Zero)
        {
            errors.Add(Invariant($"{where}:{nameof(options.MaxSampleLateness)}: {options.MaxSampleLateness:c} must not be negative."));
        }

        if (options.MaxClockSkew < TimeSpan.Zero)
        {
            errors.Add(Invariant($"{where}:{nameof(options.MaxClockSkew)}: {options.MaxClockSkew:c} must not be negative."));
        }

        if (options.InstanceLimit < 1)
        {
            errors.Add(Invariant($"{where}:{nameof(options.InstanceLimit)}: {options.InstanceLimit} must be at least 1."));
        }

        if (!Enum.IsDefined(options.PredictiveRefit))
        {
            errors.Add(Invariant($"{where}:{nameof(options.PredictiveRefit)}: {(int)options.PredictiveRefit} must be {nameof(PredictiveRefitMode.Background)} or {nameof(PredictiveRefitMode.Inline)}."));
        }

        CheckRange(errors, $"{where}:{nameof(options.DefaultMetricRange)}", options.DefaultMetricRange);
        foreach (var (metric, range) in options.MetricRanges)
        {
            CheckRange(errors, $"{where}:{nameof(options.MetricRanges)}:{metric}", range);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckRange(List<string> errors, string path, Metrics.MetricValueRange range)
    {
        if (double.IsNaN(range.Minimum) || double.IsNaN(range.Maximum) || range.Minimum > range.Maximum)
        {
            errors.Add(Invariant($"{path}: the minimum {range.Minimum} must not be above the maximum {range.Maximum} (and neither may be NaN)."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
