using System.Security;

namespace ScaleSets.Configuration;

/// <summary>Loads an autoscale setting from a JSON file: reads it, then validates it, and reports every problem at once.</summary>
public static class AutoscaleSettingLoader
{
    /// <summary>
    /// Loads and validates the setting in <paramref name="path"/>. Never throws for a missing, unreadable or invalid file:
    /// those become problems of the result, ready to print one per line.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <param name="instanceLimit">The largest capacity a profile may allow.</param>
    /// <returns>The setting, its format, and the problems of reading and validating it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instanceLimit"/> is negative.</exception>
    public static SettingLoadResult Load(string path, int instanceLimit = 1000)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(instanceLimit);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or SecurityException)
        {
            var reason = e switch
            {
                FileNotFoundException => "the file does not exist",
                DirectoryNotFoundException => "its directory does not exist",
                UnauthorizedAccessException when Directory.Exists(path) => "it is a directory, not a file",
                UnauthorizedAccessException or SecurityException => "access is denied",
                _ => e.Message,
            };
            var problem = new SettingProblem("", $"cannot read '{path}': {reason}", SettingProblemSeverity.Error);
            return new SettingLoadResult(path, null, SettingFormat.Native, [problem]);
        }

        var read = AutoscaleSettingJson.Read(json);
        if (read.Setting is null)
        {
            return new SettingLoadResult(path, null, read.Format, read.Problems);
        }

        var validation = AutoscaleSettingValidator.Validate(read.Setting, instanceLimit);
        return new SettingLoadResult(path, read.Setting, read.Format, [.. read.Problems, .. validation.Problems]);
    }
}
