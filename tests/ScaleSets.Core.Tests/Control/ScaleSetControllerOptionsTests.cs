using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class ScaleSetControllerOptionsTests
{
    [Test]
    public void Validate_Defaults_OnlyMissingNameReported()
    {
        var errors = new ScaleSetControllerOptions().Validate();

        Assert.That(errors, Is.EqualTo(new[] { "ScaleSetName: is required." }));
    }

    [Test]
    public void Validate_ManyProblems_ReportsEachWithItsPath()
    {
        var options = new ScaleSetControllerOptions { ScaleSetName = "web set", MaxInstances = 1001, MaxConcurrentOperations = 0 };
        options.Zones.Add("1");
        options.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(5);
        options.RollingUpgrade.MaxBatchInstancePercent = 1;

        var errors = options.Validate();

        Assert.That(errors, Has.Count.EqualTo(6));
        Assert.That(string.Join("\n", errors), Does.Contain("ScaleSetName").And.Contain("Zones[1]").And.Contain("MaxInstances").And.Contain("MaxConcurrentOperations")
            .And.Contain("AutomaticRepairs.GracePeriod").And.Contain("RollingUpgrade.MaxBatchInstancePercent"));
    }

    [TestCase(0)]
    [TestCase(1001)]
    public void Validate_MaxBatchSizeOutOfRange_NamesIt(int size)
    {
        var options = new ScaleSetControllerOptions { ScaleSetName = "web", MaxBatchSize = size };

        var errors = options.Validate();

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain("MaxBatchSize"));
    }

    [Test]
    public void Defaults_MatchAzure()
    {
        var options = new ScaleSetControllerOptions();

        Assert.That(options.AutomaticRepairs.GracePeriod, Is.EqualTo(TimeSpan.FromMinutes(30)));
        Assert.That(options.RollingUpgrade.MaxBatchInstancePercent, Is.EqualTo(20));
        Assert.That(options.RollingUpgrade.MaxUnhealthyInstancePercent, Is.EqualTo(20));
        Assert.That(options.RollingUpgrade.MaxUnhealthyUpgradedInstancePercent, Is.EqualTo(20));
        Assert.That(options.InstanceWarmup, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(options.ScaleIn.TerminateNotificationTimeout, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(options.MaxInstances, Is.EqualTo(1000));
    }
}
