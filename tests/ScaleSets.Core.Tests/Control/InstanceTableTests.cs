using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class InstanceTableTests
{
    [Test]
    public void AllocateNames_AfterAdoption_SkipsEveryIndexInUse()
    {
        var table = new InstanceTable("web");
        table.Adopt(ControllerParts.Info(0), ControllerParts.Now);
        table.Adopt(ControllerParts.Info(2), ControllerParts.Now);

        var names = table.AllocateNames(2);

        Assert.That(names, Is.EqualTo(new[] { "web_000003", "web_000004" }), "never below an adopted index, so a name is never reused");
    }

    [Test]
    public void ParseIndex_NameOfAnotherSet_MinusOne()
    {
        var table = new InstanceTable("web");

        Assert.That((table.ParseIndex("web_000042"), table.ParseIndex("api_000042"), table.ParseIndex("web_x")), Is.EqualTo((42, -1, -1)));
    }

    [Test]
    public void AddCreated_AlreadyAdoptedByAListing_KeepsTheAdoptedOne()
    {
        var table = new InstanceTable("web");
        var adopted = table.Adopt(ControllerParts.Info(1), ControllerParts.Now);

        table.AddCreated(ControllerParts.Info(1), "c", ControllerParts.Now, repairPending: true);

        Assert.That(table.TryGet("vm-1", out var t) && ReferenceEquals(t, adopted) && !t.RepairPending, Is.True);
    }

    [Test]
    public void ByIndex_UnsortedWithUnparsedNames_StableIndexOrder()
    {
        var a = new TrackedInstance(ControllerParts.Info(5) with { Id = "a" }, -1, null);
        var b = new TrackedInstance(ControllerParts.Info(3), 3, null);
        var c = new TrackedInstance(ControllerParts.Info(6) with { Id = "c" }, -1, null);

        Assert.That(InstanceTable.ByIndex([b, a, c]).Select(t => t.Id), Is.EqualTo(new[] { "a", "c", "vm-3" }));
    }
}
