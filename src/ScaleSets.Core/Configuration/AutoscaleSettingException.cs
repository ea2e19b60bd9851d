using System.Text;

namespace ScaleSets.Configuration;

/// <summary>Thrown by <see cref="SettingLoadResult.ThrowIfInvalid"/> when an autoscale setting cannot be used; carries every problem.</summary>
public sealed class AutoscaleSettingException : Exception
{
    /// <summary>Initializes a new instance with a generic message and no problems.</summary>
    public AutoscaleSettingException()
        : this("The autoscale setting is invalid.")
    {
    }

    /// <summary>Initializes a new instance with a message and no problems.</summary>
    /// <param name="message">The message.</param>
    public AutoscaleSettingException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message, an inner exception and no problems.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AutoscaleSettingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for the setting in <paramref name="filePath"/> with its problems.</summary>
    /// <param name="filePath">The file the setting came from.</param>
    /// <param name="problems">The problems; the errors are listed in the message.</param>
    public AutoscaleSettingException(string filePath, IReadOnlyList<SettingProblem> problems)
        : base(FormatMessage(filePath, problems))
    {
        ArgumentNullException.ThrowIfNull(problems);
        Problems = problems;
    }

    /// <summary>Gets every problem of the setting, warnings included.</summary>
    public IReadOnlyList<SettingProblem> Problems { get; } = [];

    private static string FormatMessage(string filePath, IReadOnlyList<SettingProblem>? problems)
    {
        var text = new StringBuilder("The autoscale setting '").Append(filePath).Append("' is invalid:");
        foreach (var problem in problems ?? [])
        {
            if (problem.Severity == SettingProblemSeverity.Error)
            {
                text.AppendLine().Append("  ").Append(problem);
            }
        }

        return text.ToString();
    }
}
