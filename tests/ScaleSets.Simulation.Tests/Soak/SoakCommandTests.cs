using System.CommandLine;
using ScaleSets.Cli.Soak;

namespace ScaleSets.Simulation.Tests.Soak;

[TestFixture]
public sealed class SoakCommandTests
{
    [Test]
    public void Invoke_SmallRun_PrintsEveryInvariantAndExitsZero()
    {
        var output = new StringWriter();
        var exit = SoakCommand.Create().Parse(["--seed", "7", "--instances", "40", "--fault-rate", "0.2", "--steps", "200"])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });

        var text = output.ToString();
        Assert.That(exit, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("pool-membership").And.Contain("no-orphan").And.Contain("zone-skew").And.Contain("PASS"));
    }

    [Test]
    public void Invoke_WarmPool_ChecksThePoolsInvariantsToo()
    {
        var output = new StringWriter();
        var exit = SoakCommand.Create().Parse(["--seed", "8", "--instances", "40", "--fault-rate", "0.2", "--steps", "200", "--warm-pool", "5"])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });

        var text = output.ToString();
        Assert.That(exit, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("warm-pool=5").And.Contain("warm-pool-apart").And.Contain("warm-pool-refilled").And.Contain("PASS"));
    }

    [Test]
    public void Invoke_InvalidInstances_ExitsOneWithTheToolsErrorLineNamingTheOption()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SoakCommand.Create().Parse(["--instances", "5000", "--zones", "0"]).Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.That(exit, Is.EqualTo(1), "as every other command's error");
        Assert.That(output.ToString(), Is.Empty);
        Assert.That(error.ToString(), Is.EqualTo("scalesets: --instances: 5000 is outside 1 to 1000. --zones: 0 is outside 1 to 10." + Environment.NewLine));
    }

    [Test]
    public void Invoke_ClusterWithSingleProcessOptions_ExitsOneNamingWhatItWouldIgnore()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SoakCommand.Create().Parse(["--cluster", "3", "--warm-pool", "5", "--zones", "2"]).Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output.ToString(), Is.Empty, "refused before any silo starts");
        Assert.That(error.ToString(), Is.EqualTo("scalesets: --warm-pool, --zones: not used with --cluster (they shape the single-process soak); leave them out or drop --cluster." + Environment.NewLine));
    }

    [Test, CancelAfter(300_000)]
    public void Invoke_ThousandInstancesTwentyPercentFaults_PassesWithZeroViolations()
    {
        var output = new StringWriter();
        var exit = SoakCommand.Create().Parse(["--seed", "42", "--instances", "1000", "--fault-rate", "0.2", "--steps", "300"])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });

        TestContext.Out.WriteLine(output.ToString());
        Assert.That(exit, Is.EqualTo(0), output.ToString());
    }
}
