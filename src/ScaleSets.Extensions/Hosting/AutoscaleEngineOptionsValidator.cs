using Microsoft.Extensions.Options;
using ScaleSets.Engine;

namespace ScaleSets.Hosting;

/// <summary>
/// Validates the engine options at start and at every reload, reporting every problem at once with its configuration
/// path (or <c>AutoscaleEngineOptions</c> when they were set in code), so an invalid value stops the host with a message
/// that says where. What is allowed is decided by <see cref="AutoscaleEngineOptions.Validate"/>; this adds the values
/// configuration could not read.
/// </summary>
internal sealed class AutoscaleEngineOptionsValidator(ScaleSetRegistry registry) : IValidateOptions<AutoscaleEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, AutoscaleEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(name, Options.DefaultName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var where = registry.EngineConfigurationPath ?? nameof(AutoscaleEngineOptions);
        var errors = new List<string>(EngineConfiguration.ReadErrors(options));
        errors.AddRange(options.Validate(where));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
