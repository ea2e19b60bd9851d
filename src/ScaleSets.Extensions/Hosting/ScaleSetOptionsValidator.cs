using System.Globalization;
using Microsoft.Extensions.Options;
using ScaleSets.Configuration;
using ScaleSets.Engine;
using ScaleSets.Hosting.Sources;

namespace ScaleSets.Hosting;

/// <summary>
/// Validates every declared scale set's options at once: the setting with <see cref="AutoscaleSettingValidator"/>, the
/// controller options, the model and the adapters. Every error names its configuration path (or file, or scale set).
/// </summary>
internal sealed class ScaleSetOptionsValidator(
    ScaleSetRegistry registry,
    IOptions<AutoscaleEngineOptions> engineOptions,
    MetricSourceTypeRegistry sourceTypes,
    IServiceProvider services) : IValidateOptions<ScaleSetOptions>
{
    public ValidateOptionsResult Validate(string? name, ScaleSetOptions options)
    {
        if (name is null || registry.Find(name) is not { } registration)
        {
            return ValidateOptionsResult.Skip;
        }

        var where = options.Origin ?? $"scale set '{name}'";
        var errors = new List<string>(options.ReadErrors);
        if (options.Setting is null)
        {
            if (options.ReadErrors.Count == 0)
            {
                errors.Add($"{where}:Setting: an autoscale setting is required (a Setting section, a SettingFile, or ScaleSetBuilder.WithSetting).");
            }
        }
        else
        {
            var result = AutoscaleSettingValidator.Validate(options.Setting, engineOptions.Value.InstanceLimit);
            foreach (var problem in result.Errors)
            {
                var at = options.Origin is null ? $"{where} {problem.Path}" : ScaleSetConfiguration.Locate(options.Origin + ":Setting", problem.Path);
                errors.Add($"{at}: {problem.Message}");
            }
        }

        foreach (var problem in options.Controller.Validate())
        {
            errors.Add($"{where}:Controller:{problem}");
        }

        if (options.Model is null)
        {
            errors.Add($"{where}:Model: a model with a Version and an ImageReference is required.");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.Model.Version))
            {
                errors.Add($"{where}:Model:Version: is required.");
            }

            if (string.IsNullOrWhiteSpace(options.Model.ImageReference))
            {
                errors.Add($"{where}:Model:ImageReference: is required.");
            }
        }

        if (options.InitialCapacity is < 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{where}:InitialCapacity: {options.InitialCapacity} must not be negative."));
        }

        foreach (var source in options.Sources)
        {
            errors.AddRange(sourceTypes.Validate(source, services));
        }

        if (registration.Compute is null)
        {
            errors.Add($"scale set '{name}': no compute provider; call UseComputeProvider on its ScaleSetBuilder.");
        }

        if (registration.LoadBalancer is null)
        {
            errors.Add($"scale set '{name}': no load balancer; call UseLoadBalancer on its ScaleSetBuilder.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
