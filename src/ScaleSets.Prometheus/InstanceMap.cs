using ScaleSets.Abstractions;

namespace ScaleSets.Prometheus;

/// <summary>The instance ids of one poll, by the label value that names each (its id, its address or its rendered template).</summary>
internal sealed class InstanceMap
{
    private readonly Dictionary<string, string>? _byKey;
    private readonly PrometheusInstanceMatch _match;

    private InstanceMap(PrometheusInstanceMatch match, Dictionary<string, string>? byKey, IReadOnlyList<string> ids)
    {
        _match = match;
        _byKey = byKey;
        Ids = ids;
    }

    /// <summary>Gets the ids of the instances known at this poll (empty when no instance list is given).</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Gets whether the scale set's instances are known, so unknown and silent instances can be told.</summary>
    public bool Known => _byKey is not null;

    public static InstanceMap Create(PrometheusInstanceMatch match, string? template, IReadOnlyList<InstanceInfo>? instances)
    {
        if (instances is null)
        {
            return new InstanceMap(match, null, []);
        }

        var comparer = match == PrometheusInstanceMatch.Address ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var byKey = new Dictionary<string, string>(instances.Count, comparer);
        var ids = new List<string>(instances.Count);
        foreach (var instance in instances)
        {
            if (instance is null)
            {
                continue;
            }

            ids.Add(instance.Id);
            var key = match switch
            {
                PrometheusInstanceMatch.Address => instance.Address,
                PrometheusInstanceMatch.Template => Render(template!, instance),
                _ => instance.Id,
            };
            if (!string.IsNullOrEmpty(key))
            {
                byKey.TryAdd(key, instance.Id);
            }
        }

        return new InstanceMap(match, byKey, ids);
    }

    /// <summary>Renders an instance template: <c>{id}</c>, <c>{name}</c> and <c>{address}</c> replaced by the instance's values.</summary>
    public static string Render(string template, InstanceInfo instance) =>
        template
            .Replace("{id}", instance.Id, StringComparison.Ordinal)
            .Replace("{name}", instance.Name, StringComparison.Ordinal)
            .Replace("{address}", instance.Address ?? string.Empty, StringComparison.Ordinal);

    /// <summary>Finds the instance a label's value names; <see langword="false"/> when it names none.</summary>
    public bool TryResolve(string labelValue, out string instanceId)
    {
        if (_match != PrometheusInstanceMatch.Address)
        {
            instanceId = labelValue;
            return _byKey is null || _byKey.TryGetValue(labelValue, out instanceId!);
        }

        var host = Host(labelValue.AsSpan());
        if (_byKey is null)
        {
            instanceId = host.ToString();
            return true;
        }

        // Looked up by span: no substring per series.
        return _byKey.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(host, out instanceId!);
    }

    /// <summary>The host of <c>host:port</c>, <c>[v6]:port</c>, <c>[v6]</c>, or a bare host or IPv6 address.</summary>
    internal static string Host(string value) => Host(value.AsSpan()).ToString();

    private static ReadOnlySpan<char> Host(ReadOnlySpan<char> value)
    {
        if (value.StartsWith('['))
        {
            var end = value.IndexOf(']');
            return end > 0 ? value[1..end] : value;
        }

        var colon = value.LastIndexOf(':');
        return colon > 0 && value.IndexOf(':') == colon ? value[..colon] : value;
    }
}
