namespace ScaleSets.Tests;

[TestFixture]
public sealed class SmokeTests
{
    [Test]
    public void Assembly_Loads() => Assert.That(typeof(ScaleSets.Model.AutoscaleSetting).Assembly.GetName().Name, Is.EqualTo("ScaleSets.Core"));
}
