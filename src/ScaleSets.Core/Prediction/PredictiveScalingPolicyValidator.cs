using System.Globalization;
using ScaleSets.Model;

namespace ScaleSets.Prediction;

/// <summary>Checks a <see cref="PredictiveScalingPolicy"/> and reports every problem at once, each with its path.</summary>
internal static class PredictiveScalingPolicyValidator
{
    public static IReadOnlyList<string> Validate(PredictiveScalingPolicy policy, string path = "predictive")
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new List<string>();
        void Problem(string field, FormattableString text) => problems.Add($"{path}.{field}: {text.ToString(CultureInfo.InvariantCulture)}");

        if (!Enum.IsDefined(policy.Mode))
        {
            Problem(nameof(policy.Mode), $"'{policy.Mode}' is not a mode (Disabled, ForecastOnly, Enabled)");
        }

        if (string.IsNullOrWhiteSpace(policy.MetricName))
        {
            Problem(nameof(policy.MetricName), $"a metric name is required");
        }

        if (!(policy.TargetPerInstance > 0) || !double.IsFinite(policy.TargetPerInstance))
        {
            Problem(nameof(policy.TargetPerInstance), $"must be a positive number, got {policy.TargetPerInstance}");
        }

        if (!(policy.Quantile >= 0.5 && policy.Quantile <= 0.999))
        {
            Problem(nameof(policy.Quantile), $"must be between 0.5 and 0.999, got {policy.Quantile}");
        }

        if (policy.LeadTime < TimeSpan.Zero || policy.LeadTime > TimeSpan.FromDays(1))
        {
            Problem(nameof(policy.LeadTime), $"must be between 0 and 1 day, got {policy.LeadTime}");
        }

        if (policy.MinimumHistory is { } minimum && minimum <= TimeSpan.Zero)
        {
            Problem(nameof(policy.MinimumHistory), $"must be positive when set, got {minimum}");
        }

        if (policy.MaximumHistory <= TimeSpan.Zero || (policy.MinimumHistory is { } min && policy.MaximumHistory < min))
        {
            Problem(nameof(policy.MaximumHistory), $"must be positive and at least MinimumHistory, got {policy.MaximumHistory}");
        }

        if (!(policy.ScaleInMargin >= 0 && policy.ScaleInMargin <= 10))
        {
            Problem(nameof(policy.ScaleInMargin), $"must be between 0 and 10, got {policy.ScaleInMargin}");
        }

        if (policy.RefitInterval < TimeSpan.FromMinutes(1) || policy.RefitInterval > TimeSpan.FromDays(7))
        {
            Problem(nameof(policy.RefitInterval), $"must be between 1 minute and 7 days, got {policy.RefitInterval}");
        }

        return problems;
    }
}
