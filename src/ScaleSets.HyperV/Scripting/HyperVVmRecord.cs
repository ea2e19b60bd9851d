namespace ScaleSets.HyperV.Scripting;

/// <summary>A VM as the scripts describe it.</summary>
internal sealed record HyperVVmRecord(
    string Id,
    string Name,
    string State,
    string Heartbeat,
    string Notes,
    DateTimeOffset CreationTime,
    IReadOnlyList<string> IpAddresses,
    IReadOnlyList<string> Disks);
