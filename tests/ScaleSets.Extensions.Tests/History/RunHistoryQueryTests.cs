using ScaleSets.History;

namespace ScaleSets.Extensions.Tests.History;

[TestFixture]
public sealed class RunHistoryQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void TryParse_EveryParameter_ReadsEach()
    {
        var ok = RunHistoryQuery.TryParse("web", "2026-03-02T08:00:00Z", "PT1H", "RuleScaleOut", "web#10", "50", Now, out var query, out var error);

        Assert.That(ok, Is.True, error);
        Assert.Multiple(() =>
        {
            Assert.That(query!.ScaleSet, Is.EqualTo("web"));
            Assert.That(query.Since, Is.EqualTo(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero)));
            Assert.That(query.Until, Is.EqualTo(Now.AddHours(-1)), "a duration counts back from now");
            Assert.That(query.Kind, Is.EqualTo(RunHistoryEntryKind.Decision), "a decision reason selects decisions");
            Assert.That(query.Type, Is.EqualTo("RuleScaleOut"));
            Assert.That(query.CauseId, Is.EqualTo("web#10"));
            Assert.That(query.Limit, Is.EqualTo(50));
        });
    }

    [Test]
    public void TryParse_NothingGiven_EverythingWithTheDefaultLimit()
    {
        Assert.That(RunHistoryQuery.TryParse(null, "", null, null, "", null, Now, out var query, out _), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(query!.ScaleSet, Is.Null);
            Assert.That(query.Since, Is.Null);
            Assert.That(query.Kind, Is.Null);
            Assert.That(query.Limit, Is.EqualTo(RunHistoryQuery.DefaultLimit));
        });
    }

    [TestCase("event", RunHistoryEntryKind.ControllerEvent, null)]
    [TestCase("Decision", RunHistoryEntryKind.Decision, null)]
    [TestCase("evaluation", RunHistoryEntryKind.Evaluation, null)]
    [TestCase("instancecreated", RunHistoryEntryKind.ControllerEvent, "InstanceCreated")]
    public void TryParse_Kind_NamesACategoryOrAType(string kind, RunHistoryEntryKind expected, string? type)
    {
        Assert.That(RunHistoryQuery.TryParse(null, null, null, kind, null, null, Now, out var query, out var error), Is.True, error);
        Assert.That((query!.Kind, query.Type), Is.EqualTo((expected, type)));
    }

    [TestCase("yesterday", null, null, null, null, "since:")]
    [TestCase("03/02/2026 08:00", null, null, null, null, "since:")]
    [TestCase("2026-03-02T25:00:00Z", null, null, null, null, "since:")]
    [TestCase(null, "P-1D", null, null, null, "until:")]
    [TestCase(null, "PT0S", null, null, null, "until:")]
    [TestCase("2026-03-02T10:00:00Z", "2026-03-02T09:00:00Z", null, null, null, "until:")]
    [TestCase(null, null, "scaled", null, null, "kind:")]
    [TestCase(null, null, "1", null, null, "kind:")]
    [TestCase(null, null, null, "web#", null, "cause:")]
    [TestCase(null, null, null, "web#ten", null, "cause:")]
    [TestCase(null, null, null, "#10", null, "cause:")]
    [TestCase(null, null, null, "web 10", null, "cause:")]
    [TestCase(null, null, null, null, "0", "limit:")]
    [TestCase(null, null, null, null, "100000", "limit:")]
    [TestCase(null, null, null, null, "-5", "limit:")]
    public void TryParse_MalformedValue_ErrorNamesTheParameterAndTheValue(string? since, string? until, string? kind, string? cause, string? limit, string parameter)
    {
        var ok = RunHistoryQuery.TryParse(null, since, until, kind, cause, limit, Now, out var query, out var error);

        Assert.That(ok, Is.False);
        Assert.That(query, Is.Null);
        Assert.That(error, Does.StartWith(parameter));
        var given = since ?? until ?? kind ?? cause ?? limit!;
        if (parameter != "until:" || since is null)
        {
            Assert.That(error, Does.Contain(given), "the message quotes what was given");
        }
    }

    [TestCase("web;DROP TABLE run_history")]
    [TestCase("web'--")]
    [TestCase("we b")]
    public void TryParse_SetThatIsNoName_Refused(string set)
    {
        Assert.That(RunHistoryQuery.TryParse(set, null, null, null, null, null, Now, out _, out var error), Is.False);
        Assert.That(error, Does.StartWith("set:").And.Contains("is not a scale set name"));
    }

    [Test]
    public void Validate_LimitOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RunHistoryQuery { Limit = 0 }.Validate());
        Assert.That(ex!.Message, Does.StartWith("Limit: 0"));
    }
}
