using Microsoft.Extensions.Options;

namespace ScaleSets.Hosting;

/// <summary>Validates one scale set's named adapter options with the adapter's own rules, reporting every problem with the scale set's name.</summary>
/// <typeparam name="TOptions">The adapter's options type.</typeparam>
internal sealed class AdapterOptionsValidator<TOptions>(string scaleSet, string adapter, Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(name, scaleSet, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = validate(options);
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"Scale set '{scaleSet}', {adapter}: {e}"));
    }
}
