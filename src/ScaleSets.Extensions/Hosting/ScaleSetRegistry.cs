namespace ScaleSets.Hosting;

/// <summary>The scale sets declared with <see cref="ScaleSetsBuilder.AddScaleSet"/>, in declaration order; one instance per service collection.</summary>
internal sealed class ScaleSetRegistry
{
    private readonly List<ScaleSetRegistration> _sets = [];

    public IReadOnlyList<ScaleSetRegistration> ScaleSets => _sets;

    /// <summary>Gets or sets the configuration section the engine options are bound from, if any.</summary>
    public string? EngineConfigurationPath { get; set; }

    public ScaleSetRegistration Add(string name)
    {
        if (Find(name) is not null)
        {
            throw new ArgumentException($"A scale set named '{name}' is already declared.", nameof(name));
        }

        var registration = new ScaleSetRegistration(name);
        _sets.Add(registration);
        return registration;
    }

    public ScaleSetRegistration? Find(string name) => _sets.Find(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
