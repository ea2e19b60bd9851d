using ScaleSets.Simulation.Cloud;

namespace ScaleSets.Simulation.Tests.Cloud;

/// <summary>The queue of boot and drain ends answers the first standing instant after a time and keeps the size of what can stand.</summary>
[TestFixture]
public sealed class ClockTransitionsTests
{
    [Test]
    public void Add_ManyInstantsWithdrawnAndNeverAskedAbout_KeepsAboutWhatCanStand()
    {
        // Ten items, each rescheduled 10,000 times with no question asked (no idle pass): only the last instant of each stands.
        var current = new long[10];
        var transitions = new ClockTransitions<object>((item, at) => current[(int)item] == at);
        var items = Enumerable.Range(0, 10).Select(i => (object)i).ToArray();
        var maxCount = 0;
        for (var at = 1L; at <= 100_000; at++)
        {
            var i = (int)(at % 10);
            current[i] = at;
            transitions.Add(items[i], at, items: 10);
            maxCount = Math.Max(maxCount, transitions.Count);
        }

        Assert.Multiple(() =>
        {
            Assert.That(maxCount, Is.LessThanOrEqualTo((2 * 10) + 64 + 1));
            Assert.That(transitions.TryFirstAfter(99_990, out var first), Is.True);
            Assert.That(first, Is.EqualTo(99_991));
            Assert.That(transitions.TryFirstAfter(100_000, out var none) && none == long.MaxValue, Is.True);
        });
    }

    [Test]
    public void TryFirstAfter_EarlierThanAskedBefore_DeclinesSoTheCallerScans()
    {
        var transitions = new ClockTransitions<string>((_, _) => true);
        transitions.Add("a", 10, items: 2);
        transitions.Add("b", 20, items: 2);

        Assert.Multiple(() =>
        {
            Assert.That(transitions.TryFirstAfter(5, out var first) ? first : -1, Is.EqualTo(10));
            Assert.That(transitions.TryFirstAfter(10, out var second) ? second : -1, Is.EqualTo(20));
            Assert.That(transitions.TryFirstAfter(5, out _), Is.False, "the instant at 10 was dropped once asked about 10");
        });
    }
}
