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
    public void Invoke_InvalidInstances_ExitsTwoAndNamesTheOption()
    {
        var output = new StringWriter();
        var exit = SoakCommand.Create().Parse(["--instances", "5000"]).Invoke(new InvocationConfiguration { Output = output, Error = output });

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("--instances"));
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
