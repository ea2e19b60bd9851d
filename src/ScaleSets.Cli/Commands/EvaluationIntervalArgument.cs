using ScaleSets.Engine;

namespace ScaleSets.Cli.Commands;

/// <summary>
/// Checks a command-line value that becomes the engine's evaluation interval by the engine's own rule
/// (<see cref="AutoscaleEngineOptions.Validate"/>, the one place that decides it), reported under the option's name.
/// </summary>
internal static class EvaluationIntervalArgument
{
    /// <summary>Throws a <see cref="CliError"/> naming <paramref name="option"/> when the engine would refuse <paramref name="interval"/>.</summary>
    /// <param name="interval">The value.</param>
    /// <param name="option">The option that gave it (<c>--evaluation-interval</c>).</param>
    public static void ThrowIfInvalid(TimeSpan interval, string option)
    {
        var prefix = option + ":" + nameof(AutoscaleEngineOptions.EvaluationInterval);
        foreach (var problem in new AutoscaleEngineOptions { EvaluationInterval = interval }.Validate(option))
        {
            if (problem.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new CliError(option + problem[prefix.Length..].TrimEnd('.'));
            }
        }
    }
}
