using ScaleSets.Prediction;
using ScaleSets.Tests.Traces;
using ScaleSets.Traces;

namespace ScaleSets.Tests.Prediction;

/// <summary>The bar: on the public traces, the selected model's MASE is below both baselines'.</summary>
[TestFixture]
public sealed class TraceBarTests
{
    [TestCase(TraceFiles.Nasa, 5)]
    [TestCase(TraceFiles.Elb, null)]
    [TestCase(TraceFiles.AsgCpu, null)]
    public void Evaluate_PublicTrace_SelectedBeatsBothBaselines(string trace, int? resampleMinutes)
    {
        var options = new TraceCsvOptions { Interval = resampleMinutes is { } m ? TimeSpan.FromMinutes(m) : null };
        var series = TraceCsvReader.ReadFile(TraceFiles.PathOf(trace), options);
        var horizon = (int)Math.Ceiling(TimeSpan.FromMinutes(30) / series.Interval);

        var evaluation = ForecastEvaluator.Evaluate(series.AsSpan(), (int)(series.Count * 0.7), horizon, series.Interval, (int)(TimeSpan.FromDays(1) / series.Interval), TimeProvider.System);

        var selected = evaluation.SelectedScore;
        var lastValue = evaluation.Scores.Single(s => s.Name == "LastValue");
        var seasonalNaive = evaluation.Scores.Single(s => s.IsBaseline && s.Name.StartsWith("SeasonalNaive", StringComparison.Ordinal));
        Assert.That(selected.Mase, Is.LessThan(lastValue.Mase), $"{selected.Name} vs last value");
        Assert.That(selected.Mase, Is.LessThan(seasonalNaive.Mase), $"{selected.Name} vs {seasonalNaive.Name}");
        Assert.That(selected.UnderForecastShare, Is.InRange(0.0, 1.0));
    }
}
