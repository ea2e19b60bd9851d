namespace ScaleSets.Configuration;

/// <summary>The checks and problem reports every part of the setting validation shares.</summary>
internal static class SettingChecks
{
    public static void CheckRange(TimeSpan value, TimeSpan min, TimeSpan max, string path, string what, List<SettingProblem> problems)
    {
        if (value < min)
        {
            Error(problems, path, $"{what} {Duration(value)} is shorter than the minimum of {Duration(min)}");
        }
        else if (value > max)
        {
            Error(problems, path, $"{what} {Duration(value)} is longer than the maximum of {Duration(max)}");
        }
    }

    public static void CheckEnum<T>(T value, string path, string what, List<SettingProblem> problems)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            Error(problems, path, $"unknown {what} '{value}'; allowed values: {string.Join(", ", Enum.GetNames<T>())}");
        }
    }

    public static string Duration(TimeSpan value) => DurationText.Format(value);

    public static void Error(List<SettingProblem> problems, string path, string message) =>
        problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Error));

    public static void Warning(List<SettingProblem> problems, string path, string message) =>
        problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Warning));
}
