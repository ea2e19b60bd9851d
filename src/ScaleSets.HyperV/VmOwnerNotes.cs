using System.Text.Json;

namespace ScaleSets.HyperV;

/// <summary>
/// What the create script writes to a VM's Notes so the provider can list what it owns after a restart: the scale set,
/// instance name, client token, zone and model version (Hyper-V VM names are not unique, so VMs are tracked by id).
/// </summary>
internal sealed record VmOwnerNotes(string ScaleSet, string Name, string Token, string Zone, string ModelVersion)
{
    public const string Marker = "scalesets.hyperv";

    /// <summary>Reads the notes, or returns <see langword="null"/> for notes this provider did not write.</summary>
    public static VmOwnerNotes? TryParse(string? notes)
    {
        if (string.IsNullOrEmpty(notes) || !notes.Contains(Marker, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(notes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(Marker, out _))
            {
                return null;
            }

            var scaleSet = Read(root, "scaleSet");
            var name = Read(root, "name");
            return scaleSet is null || name is null
                ? null
                : new VmOwnerNotes(scaleSet, name, Read(root, "token") ?? string.Empty, Read(root, "zone") ?? string.Empty, Read(root, "modelVersion") ?? string.Empty);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Read(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
