using ScaleSets.Abstractions;

namespace ScaleSets.Orleans.Grains;

/// <summary>A create the activation is about to send (or sent, without hearing back): written before the provider call, removed after it.</summary>
[GenerateSerializer]
internal sealed class PendingCreate
{
    [Id(0)]
    public string ScaleSetName { get; init; } = string.Empty;

    [Id(1)]
    public string InstanceName { get; init; } = string.Empty;

    [Id(2)]
    public string ClientToken { get; init; } = string.Empty;

    [Id(3)]
    public string Zone { get; init; } = string.Empty;

    [Id(4)]
    public ScaleSetModelSpec Model { get; init; } = new();

    public static PendingCreate From(InstanceCreateRequest request) => new()
    {
        ScaleSetName = request.ScaleSetName,
        InstanceName = request.InstanceName,
        ClientToken = request.ClientToken,
        Zone = request.Zone,
        Model = ScaleSetModelSpec.From(request.Model),
    };

    public InstanceCreateRequest ToRequest() => new(ScaleSetName, InstanceName, ClientToken, Zone, Model.ToModel());
}
