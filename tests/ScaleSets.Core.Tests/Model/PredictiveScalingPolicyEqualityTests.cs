using System.Reflection;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Tests.Model;

/// <summary>
/// A replaced setting keeps its forecaster when the predictive policy is equal; the policy's own equality decides, so
/// every property, including one added later, takes part without a hand-written comparison elsewhere.
/// </summary>
[TestFixture]
public sealed class PredictiveScalingPolicyEqualityTests
{
    [Test]
    public void Equals_TwoPoliciesWithTheSameValues_AreEqual()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Policy(), Is.EqualTo(Policy()));
            Assert.That(Policy().GetHashCode(), Is.EqualTo(Policy().GetHashCode()));
        });
    }

    [TestCaseSource(nameof(Properties))]
    public void Equals_OnePropertyChanged_AreNotEqual(string name)
    {
        var property = typeof(PredictiveScalingPolicy).GetProperty(name)!;
        var changed = Policy();
        property.SetValue(changed, Other(property.PropertyType, property.GetValue(changed)));

        Assert.That(changed, Is.Not.EqualTo(Policy()), $"a policy differing in {name} must not keep the old forecaster");
    }

    private static IEnumerable<string> Properties() =>
        typeof(PredictiveScalingPolicy).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => p.Name);

    private static PredictiveScalingPolicy Policy() => new()
    {
        Mode = PredictiveScalingMode.Enabled,
        MetricName = "Requests per second",
        Source = MetricSourceKind.Application,
        TargetPerInstance = 45,
        MinimumHistory = TimeSpan.FromDays(2),
    };

    private static object? Other(Type type, object? value) => value switch
    {
        PredictiveScalingMode mode => mode == PredictiveScalingMode.ForecastOnly ? PredictiveScalingMode.Enabled : PredictiveScalingMode.ForecastOnly,
        MetricSourceKind source => source == MetricSourceKind.Host ? MetricSourceKind.Guest : MetricSourceKind.Host,
        MetricStatistic statistic => statistic == MetricStatistic.Average ? MetricStatistic.Max : MetricStatistic.Average,
        string text => text + " (other)",
        double number => number + 1,
        bool flag => !flag,
        TimeSpan span => span + TimeSpan.FromMinutes(1),
        null when type == typeof(TimeSpan?) => TimeSpan.FromHours(1),
        null when type == typeof(MetricSourceKind?) => MetricSourceKind.Custom,
        _ => throw new AssertionException($"no other value for a property of type {type} in this test; add one"),
    };
}
