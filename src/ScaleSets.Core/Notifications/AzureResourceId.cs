namespace ScaleSets.Notifications;

/// <summary>
/// The parts of an Azure resource id, <c>/subscriptions/{s}/resourceGroups/{g}/providers/{namespace}/{type}/{name}[/{type}/{name}…]</c>,
/// as the autoscale webhook payload names them.
/// </summary>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="ResourceGroupName">The resource group.</param>
/// <param name="ResourceType">The full type in lower case, for example <c>microsoft.compute/virtualmachinescalesets</c>.</param>
/// <param name="ResourceName">The last name segment.</param>
internal readonly record struct AzureResourceId(string SubscriptionId, string ResourceGroupName, string ResourceType, string ResourceName)
{
    /// <summary>Parses a resource id.</summary>
    /// <param name="id">The id, or <see langword="null"/>.</param>
    /// <param name="parsed">The parts.</param>
    /// <returns>Whether <paramref name="id"/> is an Azure resource id.</returns>
    public static bool TryParse(string? id, out AzureResourceId parsed)
    {
        parsed = default;
        if (id is null)
        {
            return false;
        }

        var parts = id.Trim().Trim('/').Split('/');
        // subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}, then pairs of child type and name.
        if (parts.Length < 8 || (parts.Length - 8) % 2 != 0
            || !parts[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            || !parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
            || !parts[4].Equals("providers", StringComparison.OrdinalIgnoreCase)
            || parts.Any(static p => p.Length == 0))
        {
            return false;
        }

        var type = new List<string> { parts[5], parts[6] };
        for (var i = 8; i < parts.Length; i += 2)
        {
            type.Add(parts[i]);
        }

#pragma warning disable CA1308 // Azure writes resource types in lower case in this payload.
        parsed = new AzureResourceId(parts[1], parts[3], string.Join('/', type).ToLowerInvariant(), parts[^1]);
#pragma warning restore CA1308
        return true;
    }
}
