using ScaleSets.Cli.Commands;

namespace ScaleSets.Tests.Cli;

[TestFixture]
public sealed class ValidateCommandTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "scalesets-validate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Run_ValidSetting_PrintsValid()
    {
        var path = Write("""
            { "profiles": [ { "name": "default", "capacity": { "minimum": 1, "maximum": 5, "default": 1 },
              "rules": [ { "metricTrigger": { "metricName": "Percentage CPU", "operator": "GreaterThan", "threshold": 70 },
                           "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 1, "cooldown": "PT5M" } } ] } ] }
            """);

        var (exit, output, _) = Validate(path);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero);
            Assert.That(output.Trim().Split('\n')[^1], Is.EqualTo("valid"));
        });
    }

    [Test]
    public void Run_InvalidSetting_ListsEveryErrorWithItsPath()
    {
        var path = Write("""
            { "profiles": [ { "name": "default", "capacity": { "minimum": 4, "maximum": 2000, "default": 1 },
              "rules": [ { "metricTrigger": { "metricName": "Percentage CPU", "timeGrain": "PT10M", "timeWindow": "PT5M", "operator": "Bigger", "threshold": 70 },
                           "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 1, "cooldown": "PT5M" } } ] } ] }
            """);

        var (exit, _, error) = Validate(path);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain("$.profiles[0].capacity"));
            Assert.That(error, Does.Contain("$.profiles[0].rules[0].metricTrigger.operator").And.Contain("Bigger"));
        });
    }

    [Test]
    public void Run_MissingFile_FailsWithAMessage()
    {
        var (exit, _, error) = Validate(Path.Combine(_directory, "missing.json"));

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain("missing.json"));
        });
    }

    [Test]
    public void Run_MalformedJson_NamesTheLine()
    {
        var path = Write("{\n  \"profiles\": [\n    { \"name\": \"x\",, }\n  ]\n}\n");

        var (exit, _, error) = Validate(path);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain("line 3"));
        });
    }

    [Test]
    public void Run_HpaManifestWithFieldsNotHonoured_ValidWithAWarningNamingEach()
    {
        var path = Path.Combine(_directory, "hpa.yaml");
        File.WriteAllText(path, """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: web
              namespace: shop
            spec:
              scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
              minReplicas: 1
              maxReplicas: 10
              metrics:
              - type: ContainerResource
                containerResource: { name: cpu, container: app, target: { type: Utilization, averageUtilization: 60 } }
            """);

        var (exit, output, _) = Validate(path);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero);
            Assert.That(output, Does.Contain("warning at $.spec.scaleTargetRef: ignored"));
            Assert.That(output, Does.Contain("warning at $.metadata.namespace: ignored"));
            Assert.That(output, Does.Contain(".container: not honoured"));
            Assert.That(output.Trim().Split('\n')[^1], Is.EqualTo("valid"));
        });
    }

    private static (int Exit, string Output, string Error) Validate(string path)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ValidateCommand.Run(path, 1000, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string Write(string content)
    {
        var path = Path.Combine(_directory, "setting.json");
        File.WriteAllText(path, content);
        return path;
    }
}
