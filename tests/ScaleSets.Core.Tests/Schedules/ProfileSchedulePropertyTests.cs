using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Model;
using ScaleSets.Schedules;
using static ScaleSets.Tests.Configuration.TestSettings;

namespace ScaleSets.Tests.Schedules;

[TestFixture]
public sealed class ProfileSchedulePropertyTests
{
    private static readonly string[] Zones = ["UTC", "W. Europe Standard Time", "Europe/Berlin", "Pacific Standard Time", "Australia/Lord_Howe", "India Standard Time"];

    private static readonly DateTimeOffset YearStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Gen<AutoscaleProfile> RecurrenceProfile() =>
        from zone in Gen.Elements(Zones)
        from days in Gen.SubListOf(Enum.GetValues<DayOfWeek>()).Where(d => d.Count > 0)
        from hours in Gen.SubListOf(new[] { 0, 1, 2, 3, 8, 12, 18, 23 }).Where(h => h.Count > 0)
        from minutes in Gen.SubListOf(new[] { 0, 15, 30, 59 }).Where(m => m.Count > 0)
        select Weekly("r", zone, [.. days], [.. hours], [.. minutes]);

    private static Gen<AutoscaleProfile> FixedProfile() =>
        from zone in Gen.Elements(Zones)
        from startHour in Gen.Choose(0, 365 * 24)
        from hours in Gen.Choose(1, 24 * 20)
        select Fixed("f", zone, new DateTime(2026, 1, 1).AddHours(startHour), new DateTime(2026, 1, 1).AddHours(startHour + hours));

    private static Gen<AutoscaleSetting> Settings() =>
        from recurrences in Gen.Choose(0, 3).SelectMany(n => Gen.ListOf(RecurrenceProfile(), n))
        from fixedDates in Gen.Choose(0, 3).SelectMany(n => Gen.ListOf(FixedProfile(), n))
        from withDefault in Gen.Elements(true, false)
        let needsDefault = withDefault || recurrences.Count == 0
        select With([.. recurrences, .. fixedDates, .. needsDefault ? new[] { Default() } : []]);

    private static Gen<DateTimeOffset> Instants() =>
        from minute in Gen.Choose(0, 366 * 24 * 60)
        from second in Gen.Choose(0, 59)
        select YearStart.AddMinutes(minute).AddSeconds(second);

    [Test]
    public void Select_AnyInstant_AnswerHoldsUntilNextChange()
    {
        var cases = from setting in Settings()
                    from now in Instants()
                    from fractions in Gen.ListOf(Gen.Choose(0, 1000), 8)
                    select (setting, now, fractions);

        Prop.ForAll(Arb.From(cases), c =>
        {
            var schedule = new ProfileSchedule(c.setting);
            var active = schedule.Select(c.now);
            if (active.NextChange is not { } next)
            {
                // No change ever: the answer must hold far ahead.
                return active == schedule.Select(c.now.AddDays(400));
            }

            if (next <= c.now)
            {
                return false;
            }

            var span = next - c.now;
            var samples = c.fractions.Select(f => c.now + (span * (f / 1000.0))).Where(t => t < next)
                .Append(next - TimeSpan.FromTicks(1));
            return samples.All(t => schedule.Select(t) == active);
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Select_AnyInstant_SinceIsNotAfterNow()
    {
        Prop.ForAll(Arb.From(from setting in Settings() from now in Instants() select (setting, now)), c =>
        {
            var active = new ProfileSchedule(c.setting).Select(c.now);
            return active.Since is not { } since || since <= c.now;
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Select_WithRecurrences_NeverDefault()
    {
        Prop.ForAll(Arb.From(from setting in Settings() from now in Instants() select (setting, now)), c =>
        {
            var active = new ProfileSchedule(c.setting).Select(c.now);
            var hasRecurrence = c.setting.Profiles.Any(p => p.Recurrence is not null);
            return !hasRecurrence || active.Activation != ProfileActivation.Default;
        }).QuickCheckThrowOnFailure();
    }
}
