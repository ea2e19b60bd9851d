using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class PassSummaryTests
{
    [Test]
    public void Calculate_AllHealthyReadyCurrentAtDesired_Converged()
    {
        var result = PassSummary.Calculate(ControllerParts.Now, [ControllerParts.Instance(0), ControllerParts.Instance(1)], 2, "v1", () => false, new PassCounters { Created = 1 });

        Assert.That((result.Converged, result.Created, result.InService, result.CurrentCapacity), Is.EqualTo((true, 1, 2, (int?)2)));
    }

    [Test]
    public void Calculate_ScaleOutBlockedShortOfDesired_CurrentCapacityIsWhatIsInService()
    {
        var result = PassSummary.Calculate(ControllerParts.Now, [ControllerParts.Instance(0)], 3, "v1", () => false, new PassCounters { PlacementBlocked = true });

        Assert.That((result.Converged, result.ScaleOutIncomplete, result.CurrentCapacity), Is.EqualTo((false, true, (int?)1)));
    }

    [Test]
    public void Calculate_OutdatedInstance_NotConvergedAndRebalanceNotAsked()
    {
        var asked = false;

        var result = PassSummary.Calculate(ControllerParts.Now, [ControllerParts.Instance(0, version: "v0")], 1, "v1", () => asked = true, new PassCounters());

        Assert.That((result.Converged, asked), Is.EqualTo((false, false)));
    }
}
