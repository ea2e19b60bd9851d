using ScaleSets.Cli.Soak;

namespace ScaleSets.Orleans.Tests.Cli;

[TestFixture]
public sealed class ActionLedgerTests
{
    [Test]
    public void Record_OlderActivationActsAfterANewerOne_IsAViolationNamingBoth()
    {
        var ledger = new ActionLedger();
        var older = ledger.NewActivation();
        var newer = ledger.NewActivation();

        ledger.Record("web", older, "create web_000000");
        ledger.Record("web", newer, "create web_000001");
        ledger.Record("other", older, "create other_000000");
        Assert.That(ledger.TakeViolations(), Is.Empty, "a newer activation taking over, and another set's, are fine");

        ledger.Record("web", older, "delete vm-1");
        var violations = ledger.TakeViolations();

        Assert.That(violations, Has.Count.EqualTo(1));
        Assert.That(violations[0], Is.EqualTo($"web: activation {older} sent delete vm-1 after activation {newer} had acted"));
        Assert.That(ledger.TakeViolations(), Is.Empty, "taken once");
        Assert.That(ledger.Actions, Is.EqualTo(4));
    }
}
