namespace ScaleSets.Abstractions;

/// <summary>An instance as its provider reports it.</summary>
/// <param name="Id">The provider's id of the instance (a VM id); stable for the instance's life.</param>
/// <param name="Name">The deterministic name it was created with.</param>
/// <param name="Zone">The zone or fault domain it runs in.</param>
/// <param name="ModelVersion">The <see cref="ScaleSetModel.Version"/> it was created (or last reimaged) from.</param>
/// <param name="State">Its power and provisioning state.</param>
/// <param name="Health">Its health as the provider sees it.</param>
/// <param name="Address">Its network address: an IP or host name, with <c>:port</c> when the instance listens on a port of its own (<c>127.0.0.1:5001</c>); <see langword="null"/> until it has one.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ProtectedFromScaleIn">Whether scale-in must never choose it.</param>
public sealed record InstanceInfo(
    string Id,
    string Name,
    string Zone,
    string ModelVersion,
    InstanceState State,
    InstanceHealth Health,
    string? Address,
    DateTimeOffset CreatedAt,
    bool ProtectedFromScaleIn = false);
