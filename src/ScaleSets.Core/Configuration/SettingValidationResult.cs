namespace ScaleSets.Configuration;

/// <summary>The outcome of <see cref="AutoscaleSettingValidator.Validate"/>: every violated limit at once.</summary>
public sealed class SettingValidationResult
{
    internal SettingValidationResult(IReadOnlyList<SettingProblem> problems)
    {
        Problems = problems;
        Errors = [.. problems.Where(p => p.Severity == SettingProblemSeverity.Error)];
        Warnings = [.. problems.Where(p => p.Severity == SettingProblemSeverity.Warning)];
    }

    /// <summary>Gets every problem, in setting order.</summary>
    public IReadOnlyList<SettingProblem> Problems { get; }

    /// <summary>Gets the problems of severity <see cref="SettingProblemSeverity.Error"/>.</summary>
    public IReadOnlyList<SettingProblem> Errors { get; }

    /// <summary>Gets the problems of severity <see cref="SettingProblemSeverity.Warning"/>.</summary>
    public IReadOnlyList<SettingProblem> Warnings { get; }

    /// <summary>Gets whether the setting has no errors (warnings allowed).</summary>
    public bool IsValid => Errors.Count == 0;
}
