namespace ScaleSets.Prometheus.Tests;

[TestFixture]
public sealed class PrometheusMetricsOptionsTests
{
    [Test]
    public void Validate_Defaults_EveryMissingPartNamedAtItsPath()
    {
        var problems = new PrometheusMetricsOptions().Validate("ScaleSets:web:Sources:1");

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.One.StartsWith("ScaleSets:web:Sources:1:ServerUri is required"));
            Assert.That(problems, Has.One.StartsWith("ScaleSets:web:Sources:1:Queries needs at least one query"));
            Assert.That(problems, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Validate_BadQueriesAndMapping_EachReported()
    {
        var options = new PrometheusMetricsOptions
        {
            ServerUri = new Uri("ftp://prometheus/"),
            InstanceMatch = PrometheusInstanceMatch.Template,
            MaxResponseBytes = 0,
        };
        options.Queries.Add(new PrometheusQuery { Metric = "Percentage CPU", Query = "x" });
        options.Queries.Add(new PrometheusQuery { Metric = "percentage cpu", Query = "" , InstanceLabel = " " });
        options.Polling.Interval = TimeSpan.Zero;

        var problems = options.Validate("P");

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.One.StartsWith("P:ServerUri must be an absolute http or https address"));
            Assert.That(problems, Has.One.StartsWith("P:Instances is required with InstanceMatch Template"));
            Assert.That(problems, Has.One.StartsWith("P:InstanceTemplate is required"));
            Assert.That(problems, Has.One.StartsWith("P:MaxResponseBytes must be positive"));
            Assert.That(problems, Has.One.StartsWith("P:Queries:1:Metric 'percentage cpu' is read by an earlier query too"));
            Assert.That(problems, Has.One.StartsWith("P:Queries:1:Query is required"));
            Assert.That(problems, Has.One.StartsWith("P:Queries:1:InstanceLabel must not be empty"));
            Assert.That(problems, Has.One.StartsWith("P:Polling:Interval must be positive"));
        });
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsNamingEveryProblem() =>
        Assert.That(() => new PrometheusMetricSource(new PrometheusMetricsOptions()), Throws.ArgumentException.With.Message.Contains("ServerUri").And.Message.Contains("Queries"));

    [TestCase("10.0.0.5:9100", "10.0.0.5")]
    [TestCase("10.0.0.5", "10.0.0.5")]
    [TestCase("[fd00::5]:9100", "fd00::5")]
    [TestCase("fd00::5", "fd00::5")]
    [TestCase("web-0.example:9100", "web-0.example")]
    public void Host_LabelValue_AddressWithoutPort(string label, string host) =>
        Assert.That(InstanceMap.Host(label), Is.EqualTo(host));
}
