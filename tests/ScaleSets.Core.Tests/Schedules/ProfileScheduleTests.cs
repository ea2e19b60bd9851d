using System.Globalization;
using ScaleSets.Model;
using ScaleSets.Schedules;
using static ScaleSets.Tests.Configuration.TestSettings;

namespace ScaleSets.Tests.Schedules;

[TestFixture]
public sealed class ProfileScheduleTests
{
    private const string Berlin = "W. Europe Standard Time";

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    private static AutoscaleSetting WeekdaysAndWeekend(string zone) => With(
        Weekly("{\"name\":\"Auto created default scale condition\",\"for\":\"Weekends\"}", zone, [DayOfWeek.Monday], [0], [0]),
        Weekly("Weekends", zone, [DayOfWeek.Saturday], [0], [0]));

    [Test]
    public void Select_DefaultOnly_AlwaysDefaultWithoutChange()
    {
        var schedule = new ProfileSchedule(Valid());

        var active = schedule.Select(At("2026-05-01T12:00:00Z"));

        Assert.That(active.Index, Is.EqualTo(0));
        Assert.That(active.Activation, Is.EqualTo(ProfileActivation.Default));
        Assert.That(active.Since, Is.Null);
        Assert.That(active.NextChange, Is.Null);
    }

    [TestCase("2026-06-05T21:59:59Z", 0, "2026-06-01T00:00:00+02:00")] // Friday 23:59:59 in Berlin
    [TestCase("2026-06-05T22:00:00Z", 1, "2026-06-06T00:00:00+02:00")] // Saturday 00:00 in Berlin
    [TestCase("2026-06-07T12:00:00Z", 1, "2026-06-06T00:00:00+02:00")] // Sunday
    [TestCase("2026-06-07T21:59:59Z", 1, "2026-06-06T00:00:00+02:00")] // Sunday 23:59:59 in Berlin
    [TestCase("2026-06-07T22:00:00Z", 0, "2026-06-08T00:00:00+02:00")] // Monday 00:00 in Berlin
    [TestCase("2026-06-10T08:00:00Z", 0, "2026-06-08T00:00:00+02:00")] // Wednesday
    public void Select_WeekdayWeekendPair_MostRecentStartWins(string now, int index, string since)
    {
        var active = new ProfileSchedule(WeekdaysAndWeekend(Berlin)).Select(At(now));

        Assert.That(active.Index, Is.EqualTo(index));
        Assert.That(active.Activation, Is.EqualTo(ProfileActivation.Recurrence));
        Assert.That(active.Since, Is.EqualTo(At(since)));
    }

    [Test]
    public void Select_WeekdayWeekendPair_NextChangeIsTheNextStartOfAnyProfile()
    {
        var schedule = new ProfileSchedule(WeekdaysAndWeekend(Berlin));

        Assert.That(schedule.Select(At("2026-06-03T10:00:00Z")).NextChange, Is.EqualTo(At("2026-06-06T00:00:00+02:00")));
        Assert.That(schedule.Select(At("2026-06-06T00:00:00+02:00")).NextChange, Is.EqualTo(At("2026-06-08T00:00:00+02:00")));
    }

    [Test]
    public void Select_BusinessHoursAndEvenings_EveningLastsOverTheWeekend()
    {
        var setting = With(
            Weekly("business", Berlin, [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], [8], [0]),
            Weekly("evening", Berlin, [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], [18], [30]));
        var schedule = new ProfileSchedule(setting);

        var saturday = schedule.Select(At("2026-06-06T12:00:00+02:00"));
        var mondayMorning = schedule.Select(At("2026-06-08T07:59:00+02:00"));
        var mondayWork = schedule.Select(At("2026-06-08T08:00:00+02:00"));

        Assert.That(saturday.Profile.Name, Is.EqualTo("evening"));
        Assert.That(saturday.Since, Is.EqualTo(At("2026-06-05T18:30:00+02:00")));
        Assert.That(saturday.NextChange, Is.EqualTo(At("2026-06-08T08:00:00+02:00")));
        Assert.That(mondayMorning.Profile.Name, Is.EqualTo("evening"));
        Assert.That(mondayWork.Profile.Name, Is.EqualTo("business"));
    }

    [Test]
    public void Select_SameStartInTwoProfiles_ListedFirstWins()
    {
        var setting = With(Weekly("first", "UTC", [DayOfWeek.Monday], [9], [0]), Weekly("second", "UTC", [DayOfWeek.Monday], [9], [0]));

        Assert.That(new ProfileSchedule(setting).Select(At("2026-06-08T10:00:00Z")).Index, Is.EqualTo(0));
    }

    [Test]
    public void Select_ActiveFixedDate_BeatsRecurrenceAndEndsInItsZone()
    {
        var setting = WeekdaysAndWeekend(Berlin);
        setting.Profiles.Add(Fixed("Christmas", Berlin, new DateTime(2026, 12, 24), new DateTime(2026, 12, 27)));
        var schedule = new ProfileSchedule(setting);

        var before = schedule.Select(At("2026-12-23T22:59:59Z"));
        var during = schedule.Select(At("2026-12-23T23:00:00Z"));
        var after = schedule.Select(At("2026-12-26T23:00:00Z"));

        Assert.That(before.Activation, Is.EqualTo(ProfileActivation.Recurrence));
        Assert.That(before.NextChange, Is.EqualTo(At("2026-12-23T23:00:00Z")));
        Assert.That(during.Index, Is.EqualTo(2));
        Assert.That(during.Activation, Is.EqualTo(ProfileActivation.FixedDate));
        Assert.That(during.Since, Is.EqualTo(At("2026-12-24T00:00:00+01:00")));
        Assert.That(during.NextChange, Is.EqualTo(At("2026-12-27T00:00:00+01:00")), "recurrence starts inside the fixed date cannot change the answer");
        Assert.That(after.Activation, Is.EqualTo(ProfileActivation.Recurrence));
        Assert.That(after.Profile.Name, Is.EqualTo("Weekends"), "2026-12-26 is a Saturday");
    }

    [Test]
    public void Select_OverlappingFixedDates_ListedFirstWins()
    {
        var setting = With(
            Default(),
            Fixed("week", "UTC", new DateTime(2026, 12, 21), new DateTime(2026, 12, 28)),
            Fixed("day", "UTC", new DateTime(2026, 12, 24), new DateTime(2026, 12, 25)));

        var active = new ProfileSchedule(setting).Select(At("2026-12-24T12:00:00Z"));

        Assert.That(active.Profile.Name, Is.EqualTo("week"));
        Assert.That(active.NextChange, Is.EqualTo(At("2026-12-25T00:00:00Z")));
    }

    [Test]
    public void Select_DefaultWithFixedDate_DefaultOutsideUntilTheStart()
    {
        var setting = With(Default(), Fixed("sale", "UTC", new DateTime(2026, 11, 27), new DateTime(2026, 11, 28)));
        var schedule = new ProfileSchedule(setting);

        var before = schedule.Select(At("2026-11-01T00:00:00Z"));
        var after = schedule.Select(At("2026-11-28T00:00:00Z"));

        Assert.That(before.Activation, Is.EqualTo(ProfileActivation.Default));
        Assert.That(before.NextChange, Is.EqualTo(At("2026-11-27T00:00:00Z")));
        Assert.That(after.Activation, Is.EqualTo(ProfileActivation.Default));
        Assert.That(after.NextChange, Is.Null);
    }

    [Test]
    public void Select_OnlyFixedDatesOutsideThem_ThrowsClearError()
    {
        var schedule = new ProfileSchedule(With(Fixed("sale", "UTC", new DateTime(2026, 11, 27), new DateTime(2026, 11, 28))));

        var error = Assert.Throws<InvalidOperationException>(() => schedule.Select(At("2026-01-01T00:00:00Z")));

        Assert.That(error!.Message, Does.Contain("No profile applies"));
    }

    [Test]
    public void Constructor_UnknownTimeZone_ThrowsNamingTheProfile()
    {
        var error = Assert.Throws<ArgumentException>(() => new ProfileSchedule(With(Weekly("r", "Nowhere/City", [DayOfWeek.Monday], [0], [0]))));

        Assert.That(error!.Message, Does.StartWith("$.profiles[0].recurrence.schedule: unknown time zone 'Nowhere/City'"));
    }

    [Test]
    public void Select_WindowsAndIanaZone_SameAnswersAllYear()
    {
        var windows = new ProfileSchedule(WeekdaysAndWeekend("W. Europe Standard Time"));
        var iana = new ProfileSchedule(WeekdaysAndWeekend("Europe/Berlin"));

        for (var t = At("2026-01-01T00:00:00Z"); t < At("2027-01-01T00:00:00Z"); t = t.AddMinutes(397))
        {
            var a = windows.Select(t);
            var b = iana.Select(t);
            Assert.That((a.Index, a.Since, a.NextChange), Is.EqualTo((b.Index, b.Since, b.NextChange)), t.ToString("O", CultureInfo.InvariantCulture));
        }
    }

    [Test]
    public void Select_StartInSpringForwardGap_StartsAtTheEndOfTheGap()
    {
        // 2026-03-29 is a Sunday; in Berlin 02:00 jumps to 03:00 (01:00 UTC), so 02:30 does not exist that day.
        var setting = With(Weekly("night", Berlin, [DayOfWeek.Sunday], [2], [30]), Weekly("day", Berlin, [DayOfWeek.Sunday], [12], [0]));
        var schedule = new ProfileSchedule(setting);

        var justBefore = schedule.Select(At("2026-03-29T00:59:59Z"));
        var atGapEnd = schedule.Select(At("2026-03-29T01:00:00Z"));

        Assert.That(justBefore.Profile.Name, Is.EqualTo("day"));
        Assert.That(justBefore.NextChange, Is.EqualTo(At("2026-03-29T01:00:00Z")));
        Assert.That(atGapEnd.Profile.Name, Is.EqualTo("night"));
        Assert.That(atGapEnd.Since, Is.EqualTo(At("2026-03-29T03:00:00+02:00")));
        Assert.That(atGapEnd.NextChange, Is.EqualTo(At("2026-03-29T12:00:00+02:00")));
    }

    [Test]
    public void Select_StartInFallBackOverlap_StartsAtTheFirstOccurrenceOnly()
    {
        // 2026-10-25 is a Sunday; in Berlin 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice.
        var setting = With(Weekly("night", Berlin, [DayOfWeek.Sunday], [2], [30]), Weekly("day", Berlin, [DayOfWeek.Sunday], [12], [0]));
        var schedule = new ProfileSchedule(setting);

        var before = schedule.Select(At("2026-10-25T00:29:59Z"));
        var first = schedule.Select(At("2026-10-25T00:30:00Z"));
        var second = schedule.Select(At("2026-10-25T01:30:00Z"));

        Assert.That(before.Profile.Name, Is.EqualTo("day"));
        Assert.That(before.NextChange, Is.EqualTo(At("2026-10-25T02:30:00+02:00")));
        Assert.That(first.Profile.Name, Is.EqualTo("night"));
        Assert.That(first.Since, Is.EqualTo(At("2026-10-25T00:30:00Z")));
        Assert.That(second.Since, Is.EqualTo(At("2026-10-25T00:30:00Z")), "the second 02:30 is not a new start");
        Assert.That(second.NextChange, Is.EqualTo(At("2026-10-25T12:00:00+01:00")));
    }

    [Test]
    public void Select_RepeatedCalls_DoNotAllocate()
    {
        var setting = WeekdaysAndWeekend(Berlin);
        setting.Profiles.Add(Fixed("Christmas", Berlin, new DateTime(2026, 12, 24), new DateTime(2026, 12, 27)));
        setting.Profiles.Add(Weekly("gap", Berlin, [DayOfWeek.Sunday], [2], [30]));
        var schedule = new ProfileSchedule(setting);
        var start = At("2026-03-20T00:00:00Z");
        for (var i = 0; i < 100; i++)
        {
            schedule.Select(start.AddHours(i));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var checksum = 0;
        for (var i = 0; i < 2000; i++)
        {
            checksum += schedule.Select(start.AddMinutes(i * 17)).Index;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(checksum, Is.GreaterThan(0));
    }
}
