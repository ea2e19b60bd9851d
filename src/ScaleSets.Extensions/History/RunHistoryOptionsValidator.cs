using System.Globalization;
using Microsoft.Extensions.Options;

namespace ScaleSets.History;

/// <summary>Validates the run history's options at start, reporting every problem at once with its option's name.</summary>
internal sealed class RunHistoryOptionsValidator : IValidateOptions<RunHistoryOptions>
{
    private const string Where = "ScaleSets:History";

    public ValidateOptionsResult Validate(string? name, RunHistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.Retention < TimeSpan.FromMinutes(1))
        {
            errors.Add(Invariant($"{Where}:{nameof(options.Retention)}: {options.Retention:c} must be at least 00:01:00."));
        }

        if (options.MaxEntries < 1)
        {
            errors.Add(Invariant($"{Where}:{nameof(options.MaxEntries)}: {options.MaxEntries} must be at least 1."));
        }

        if (options.QueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add(Invariant($"{Where}:{nameof(options.QueueCapacity)}: {options.QueueCapacity} must be between 1 and 1000000."));
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            errors.Add(Invariant($"{Where}:{nameof(options.BatchSize)}: {options.BatchSize} must be between 1 and 10000."));
        }

        if (options.TrimInterval < TimeSpan.FromSeconds(1) || options.TrimInterval > options.Retention)
        {
            errors.Add(Invariant($"{Where}:{nameof(options.TrimInterval)}: {options.TrimInterval:c} must be between 00:00:01 and the retention period ({options.Retention:c})."));
        }

        if (options.EvaluationRetention < TimeSpan.FromMinutes(1) || options.EvaluationRetention > options.Retention)
        {
            errors.Add(Invariant($"{Where}:{nameof(options.EvaluationRetention)}: {options.EvaluationRetention:c} must be between 00:01:00 and the retention period ({options.Retention:c})."));
        }

        if (options.EvaluationInterval != TimeSpan.Zero && (options.EvaluationInterval < TimeSpan.FromSeconds(1) || options.EvaluationInterval > options.EvaluationRetention))
        {
            errors.Add(Invariant($"{Where}:{nameof(options.EvaluationInterval)}: {options.EvaluationInterval:c} must be 00:00:00 (none kept) or between 00:00:01 and the evaluation retention ({options.EvaluationRetention:c})."));
        }

        if (options.BusyTimeout < TimeSpan.FromSeconds(1) || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add(Invariant($"{Where}:{nameof(options.BusyTimeout)}: {options.BusyTimeout:c} must be between 00:00:01 and 00:10:00."));
        }

        if (options.DatabasePath is { } path && (string.IsNullOrWhiteSpace(path) || path.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            errors.Add($"{Where}:{nameof(options.DatabasePath)}: '{path}' is not a file path.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
