using ScaleSets.Model;

namespace ScaleSets.Schedules;

/// <summary>
/// The start instants of one weekly recurrence: every listed day at every listed hour and minute, in its time zone.
/// Answers the latest start at or before an instant and the first start after it without allocating.
/// </summary>
internal sealed class RecurrenceStarts
{
    // A local time this much later than "now" in wall-clock terms can still be an earlier instant (fall back), and
    // vice versa; no zone shifts its clock by more.
    private static readonly TimeSpan MaxShift = TimeSpan.FromHours(3);

    private readonly TimeZoneInfo zone;
    private readonly int dayMask;
    private readonly int[] minutesOfDay;

    /// <summary>Initializes the start instants of <paramref name="schedule"/>.</summary>
    /// <param name="schedule">The schedule; it must name a known time zone, at least one day, hour and minute.</param>
    /// <param name="where">Where the schedule is, for error messages.</param>
    /// <exception cref="ArgumentException">The schedule is invalid.</exception>
    public RecurrenceStarts(RecurrentSchedule schedule, string where)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!TimeZoneResolver.TryFind(schedule.TimeZone, out zone))
        {
            throw new ArgumentException($"{where}: unknown time zone '{schedule.TimeZone}'.", nameof(schedule));
        }

        foreach (var day in schedule.Days ?? [])
        {
            if (day is < DayOfWeek.Sunday or > DayOfWeek.Saturday)
            {
                throw new ArgumentException($"{where}: {day} is not a day of the week.", nameof(schedule));
            }

            dayMask |= 1 << (int)day;
        }

        var times = new SortedSet<int>();
        foreach (var hour in schedule.Hours ?? [])
        {
            foreach (var minute in schedule.Minutes ?? [])
            {
                if (hour is < 0 or > 23 || minute is < 0 or > 59)
                {
                    throw new ArgumentException($"{where}: {hour}:{minute} is not a time of day.", nameof(schedule));
                }

                times.Add((hour * 60) + minute);
            }
        }

        if (dayMask == 0 || times.Count == 0)
        {
            throw new ArgumentException($"{where}: a recurrence needs at least one day, hour and minute.", nameof(schedule));
        }

        minutesOfDay = [.. times];
    }

    /// <summary>Returns the latest start at or before <paramref name="now"/>.</summary>
    /// <param name="now">The instant.</param>
    /// <returns>The start instant; there is always one within the last week.</returns>
    public DateTimeOffset Previous(DateTimeOffset now)
    {
        var localNow = ZonedTime.ToLocal(zone, now);
        var latest = localNow + MaxShift;

        // Local starts map monotonically to instants, so scanning backwards the first one at or before now is the latest.
        for (var dayOffset = 1; dayOffset >= -8; dayOffset--)
        {
            var day = localNow.Date.AddDays(dayOffset);
            if ((dayMask & (1 << (int)day.DayOfWeek)) == 0)
            {
                continue;
            }

            for (var i = minutesOfDay.Length - 1; i >= 0; i--)
            {
                var local = day.AddMinutes(minutesOfDay[i]);
                if (local > latest)
                {
                    continue;
                }

                var instant = ZonedTime.ToInstant(zone, local);
                if (instant <= now)
                {
                    return instant;
                }
            }
        }

        throw new InvalidOperationException("A weekly recurrence always has a start within the last week.");
    }

    /// <summary>Returns the first start after <paramref name="now"/>.</summary>
    /// <param name="now">The instant.</param>
    /// <returns>The start instant; there is always one within the next week.</returns>
    public DateTimeOffset Next(DateTimeOffset now)
    {
        var localNow = ZonedTime.ToLocal(zone, now);
        var earliest = localNow - MaxShift;
        for (var dayOffset = -1; dayOffset <= 8; dayOffset++)
        {
            var day = localNow.Date.AddDays(dayOffset);
            if ((dayMask & (1 << (int)day.DayOfWeek)) == 0)
            {
                continue;
            }

            for (var i = 0; i < minutesOfDay.Length; i++)
            {
                var local = day.AddMinutes(minutesOfDay[i]);
                if (local < earliest)
                {
                    continue;
                }

                var instant = ZonedTime.ToInstant(zone, local);
                if (instant > now)
                {
                    return instant;
                }
            }
        }

        throw new InvalidOperationException("A weekly recurrence always has a start within the next week.");
    }
}
