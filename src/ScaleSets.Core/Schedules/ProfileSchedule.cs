using System.Globalization;
using ScaleSets.Model;

namespace ScaleSets.Schedules;

/// <summary>
/// Decides which profile of an autoscale setting applies at an instant, exactly as Azure autoscale does: an active
/// fixed-date profile (the first listed, if several) beats the recurrence profile that started most recently, which beats
/// the default profile. Time zones are resolved once; <see cref="Select"/> does not allocate.
/// </summary>
internal sealed class ProfileSchedule
{
    private readonly AutoscaleProfile[] profiles;
    private readonly FixedPeriod[] fixedPeriods;
    private readonly RecurrenceProfile[] recurrences;
    private readonly int defaultIndex = -1;

    /// <summary>Initializes the schedule of a valid setting.</summary>
    /// <param name="setting">The setting; validate it with <see cref="Configuration.AutoscaleSettingValidator"/> first.</param>
    /// <exception cref="ArgumentException">A profile names an unknown time zone or has a recurrence without days, hours or minutes.</exception>
    public ProfileSchedule(AutoscaleSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        profiles = [.. setting.Profiles ?? []];
        var fixedList = new List<FixedPeriod>();
        var recurrenceList = new List<RecurrenceProfile>();
        for (var i = 0; i < profiles.Length; i++)
        {
            var profile = profiles[i] ?? throw new ArgumentException($"$.profiles[{i}] is null.", nameof(setting));
            var where = string.Create(CultureInfo.InvariantCulture, $"$.profiles[{i}]");
            if (profile.FixedDate is { } window)
            {
                if (!TimeZoneResolver.TryFind(window.TimeZone, out var zone))
                {
                    throw new ArgumentException($"{where}.fixedDate: unknown time zone '{window.TimeZone}'.", nameof(setting));
                }

                fixedList.Add(new FixedPeriod(i, ZonedTime.ToInstant(zone, window.Start), ZonedTime.ToInstant(zone, window.End)));
            }
            else if (profile.Recurrence is { } recurrence)
            {
                var schedule = recurrence.Schedule ?? throw new ArgumentException($"{where}.recurrence has no schedule.", nameof(setting));
                recurrenceList.Add(new RecurrenceProfile(i, new RecurrenceStarts(schedule, where + ".recurrence.schedule")));
            }
            else if (defaultIndex < 0)
            {
                defaultIndex = i;
            }
        }

        fixedPeriods = [.. fixedList];
        recurrences = [.. recurrenceList];
    }

    /// <summary>Returns the profile that applies at <paramref name="now"/>.</summary>
    /// <param name="now">The instant.</param>
    /// <returns>The active profile, why it applies, since when, and until when the answer holds at least.</returns>
    /// <exception cref="InvalidOperationException">
    /// No profile applies: the setting has only fixed-date profiles and <paramref name="now"/> is outside all of them.
    /// Validation rejects such settings.
    /// </exception>
    public ActiveProfile Select(DateTimeOffset now)
    {
        var next = DateTimeOffset.MaxValue;
        var fixedIndex = -1;
        var fixedSince = default(DateTimeOffset);
        foreach (var period in fixedPeriods)
        {
            if (fixedIndex < 0 && period.Start <= now && now < period.End)
            {
                fixedIndex = period.Index;
                fixedSince = period.Start;
            }

            if (period.Start > now && period.Start < next)
            {
                next = period.Start;
            }

            if (period.End > now && period.End < next)
            {
                next = period.End;
            }
        }

        if (fixedIndex >= 0)
        {
            // Recurrence starts cannot change the answer while a fixed-date profile applies; only fixed-date edges can.
            return new ActiveProfile(fixedIndex, profiles[fixedIndex], ProfileActivation.FixedDate, fixedSince, Nullable(next));
        }

        var recurrenceIndex = -1;
        var recurrenceSince = default(DateTimeOffset);
        foreach (var recurrence in recurrences)
        {
            var start = recurrence.Starts.Previous(now);
            if (recurrenceIndex < 0 || start > recurrenceSince)
            {
                recurrenceIndex = recurrence.Index;
                recurrenceSince = start;
            }

            var following = recurrence.Starts.Next(now);
            if (following < next)
            {
                next = following;
            }
        }

        if (recurrenceIndex >= 0)
        {
            return new ActiveProfile(recurrenceIndex, profiles[recurrenceIndex], ProfileActivation.Recurrence, recurrenceSince, Nullable(next));
        }

        if (defaultIndex >= 0)
        {
            return new ActiveProfile(defaultIndex, profiles[defaultIndex], ProfileActivation.Default, null, Nullable(next));
        }

        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"No profile applies at {now:O}: the setting has neither a default profile nor a recurrence profile, and no fixed-date profile covers this time. Validate the setting before scheduling it."));
    }

    private static DateTimeOffset? Nullable(DateTimeOffset next) => next == DateTimeOffset.MaxValue ? null : next;

    private readonly record struct FixedPeriod(int Index, DateTimeOffset Start, DateTimeOffset End);

    private readonly record struct RecurrenceProfile(int Index, RecurrenceStarts Starts);
}
