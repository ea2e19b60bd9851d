using ScaleSets.Metrics;

namespace ScaleSets.Tests.Metrics;

[TestFixture]
public sealed class MetricValueRangeTests
{
    [Test]
    public void ToString_InIntervalNotationWithUnboundedEndsAsInfinite()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MetricValueRange.Percentage.ToString(), Is.EqualTo("[0, 100]"));
            Assert.That(MetricValueRange.NonNegative.ToString(), Is.EqualTo("[0, ∞)"));
            Assert.That(MetricValueRange.AnyFinite.ToString(), Is.EqualTo("(-∞, ∞)"));
            Assert.That(new MetricValueRange(double.MinValue, 2.5).ToString(), Is.EqualTo("(-∞, 2.5]"));
            Assert.That(new MetricValueRange(-1.5, 1e6).ToString(), Is.EqualTo("[-1.5, 1000000]"));
        });
    }
}
