using ScaleSets.Model;
using ScaleSets.Schedules;
using static System.FormattableString;
using static ScaleSets.Configuration.SettingChecks;

namespace ScaleSets.Configuration;

/// <summary>
/// Checks when a profile applies: a weekly recurrence's days, hours, minutes and time zone, a fixed date's time zone and window.
/// </summary>
internal static class ScheduleValidator
{
    public static void ValidateRecurrence(Recurrence recurrence, string path, List<SettingProblem> problems)
    {
        if (recurrence.Frequency != RecurrenceFrequency.Week)
        {
            Error(problems, path + ".frequency", $"unknown recurrence frequency '{recurrence.Frequency}'; allowed values: Week");
        }

        var schedule = recurrence.Schedule;
        path += ".schedule";
        if (schedule is null)
        {
            Error(problems, path, "the recurrence has no schedule");
            return;
        }

        CheckTimeZone(schedule.TimeZone, path + ".timeZone", problems);
        if (schedule.Days is null || schedule.Days.Count == 0)
        {
            Error(problems, path + ".days", "a recurrence with no days never starts; list at least one day");
        }
        else
        {
            for (var k = 0; k < schedule.Days.Count; k++)
            {
                CheckEnum(schedule.Days[k], Invariant($"{path}.days[{k}]"), "day", problems);
            }
        }

        CheckClock(schedule.Hours, 23, path + ".hours", "hour", problems);
        CheckClock(schedule.Minutes, 59, path + ".minutes", "minute", problems);
    }

    private static void CheckClock(List<int>? values, int max, string path, string what, List<SettingProblem> problems)
    {
        if (values is null || values.Count == 0)
        {
            Error(problems, path, $"a recurrence with no {what}s never starts; list at least one {what}");
            return;
        }

        for (var k = 0; k < values.Count; k++)
        {
            if (values[k] < 0 || values[k] > max)
            {
                Error(problems, Invariant($"{path}[{k}]"), Invariant($"{what} {values[k]} is not between 0 and {max}"));
            }
        }
    }

    public static void ValidateFixedDate(FixedDateWindow window, string path, List<SettingProblem> problems)
    {
        CheckTimeZone(window.TimeZone, path + ".timeZone", problems);
        if (window.Start >= window.End)
        {
            Error(problems, path + ".end", $"the fixed date ends at {LocalDateTimeText.Format(window.End)}, not after its start at {LocalDateTimeText.Format(window.Start)}");
        }
    }

    private static void CheckTimeZone(string? id, string path, List<SettingProblem> problems)
    {
        if (!TimeZoneResolver.TryFind(id, out _))
        {
            Error(problems, path, $"unknown time zone '{id}'; use a Windows id such as 'W. Europe Standard Time' or an IANA id such as 'Europe/Berlin'");
        }
    }
}
