using ScaleSets.Abstractions;
using ScaleSets.Configuration;
using ScaleSets.Control;
using ScaleSets.Model;

namespace ScaleSets.Hosting;

/// <summary>
/// The options of one hosted scale set, as named options (the name is the scale set's name): its autoscale setting,
/// the model its instances are created from and its controller options. Bound from configuration with
/// <see cref="ScaleSetBuilder.BindConfiguration"/> or set in code with <see cref="ScaleSetBuilder.Configure"/>.
/// </summary>
public sealed class ScaleSetOptions
{
    /// <summary>Gets or sets the autoscale setting. From configuration it is read from the <c>Setting</c> section, written in the
    /// same shape as a setting file (ISO 8601 durations such as <c>PT5M</c>), or from the file named by <see cref="SettingFile"/>.</summary>
    /// <value>The default is <see langword="null"/>; a setting is required.</value>
    public AutoscaleSetting? Setting { get; set; }

    /// <summary>
    /// Gets or sets the path of a setting file (native JSON, an Azure resource or an ARM template, a Kubernetes
    /// HorizontalPodAutoscaler manifest in YAML or JSON), read when the options are created.
    /// </summary>
    /// <value>The default is <see langword="null"/>. Relative paths are relative to the current directory.</value>
    public string? SettingFile { get; set; }

    /// <summary>
    /// Gets or sets the path of an ARM deployment parameters file for a <see cref="SettingFile"/> that is an ARM template:
    /// its values are what the template's <c>parameters(…)</c> give before their <c>defaultValue</c>.
    /// </summary>
    /// <value>The default is <see langword="null"/> (the parameters' defaultValue only).</value>
    public string? SettingParametersFile { get; set; }

    /// <summary>Gets or sets the model new instances are created from.</summary>
    /// <value>The default is <see langword="null"/>; a model is required.</value>
    public ScaleSetModel? Model { get; set; }

    /// <summary>Gets or sets the capacity the autoscaler starts from.</summary>
    /// <value>The default is <see langword="null"/>: the number of instances the compute provider lists for the set at start, so a restarted host adopts what runs.</value>
    public int? InitialCapacity { get; set; }

    /// <summary>
    /// Gets or sets the folder where the autoscaler's own state (cooldowns, histories, forecast, metric windows) is kept
    /// across restarts, as <see cref="ScaleSetBuilder.UseAutoscalerStateFile"/> does; configuration key
    /// <c>AutoscalerStateDirectory</c>. A store given in code with <see cref="ScaleSetBuilder.UseAutoscalerStateStore"/> wins.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the autoscaler starts fresh at every start.</value>
    public string? AutoscalerStateDirectory { get; set; }

    /// <summary>Gets the controller options. <see cref="ScaleSetControllerOptions.ScaleSetName"/> is set to the scale set's name when left empty.</summary>
    public ScaleSetControllerOptions Controller { get; } = new();

    /// <summary>Gets the metric sources declared in configuration (the <c>Sources</c> list), created when the scale set starts.</summary>
    internal List<Sources.MetricSourceConfiguration> Sources { get; } = [];

    /// <summary>Gets or sets where these options came from, used to name the place of every problem (a configuration path or a file).</summary>
    internal string? Origin { get; set; }

    /// <summary>Gets the problems found while reading the setting from configuration or from <see cref="SettingFile"/>, already located.</summary>
    internal List<string> ReadErrors { get; } = [];

    /// <summary>Gets the warnings found while reading the setting.</summary>
    internal List<SettingProblem> ReadWarnings { get; } = [];
}
