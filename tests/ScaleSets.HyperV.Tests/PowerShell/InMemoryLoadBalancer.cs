using ScaleSets.Abstractions;

namespace ScaleSets.HyperV.Tests.PowerShell;

/// <summary>A plain in-memory backend pool; drained members have no connections.</summary>
internal sealed class InMemoryLoadBalancer : ILoadBalancer
{
    private readonly Dictionary<string, Dictionary<string, LoadBalancerMember>> _pools = new(StringComparer.Ordinal);

    public IReadOnlyList<LoadBalancerMember> Members(string pool)
    {
        lock (_pools)
        {
            return _pools.TryGetValue(pool, out var members) ? [.. members.Values] : [];
        }
    }

    public Task RegisterAsync(string pool, string instanceId, string instanceName, string address, CancellationToken cancellationToken)
    {
        lock (_pools)
        {
            Pool(pool)[instanceId] = new LoadBalancerMember(instanceId, instanceName, address, LoadBalancerMemberState.Registered, 0);
        }

        return Task.CompletedTask;
    }

    public Task SetReadyAsync(string pool, string instanceId, CancellationToken cancellationToken) => SetState(pool, instanceId, LoadBalancerMemberState.Ready);

    public Task DrainAsync(string pool, string instanceId, CancellationToken cancellationToken) => SetState(pool, instanceId, LoadBalancerMemberState.Draining);

    public Task RemoveAsync(string pool, string instanceId, CancellationToken cancellationToken)
    {
        lock (_pools)
        {
            Pool(pool).Remove(instanceId);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LoadBalancerMember>> ListMembersAsync(string pool, CancellationToken cancellationToken) => Task.FromResult(Members(pool));

    private Dictionary<string, LoadBalancerMember> Pool(string pool)
    {
        if (!_pools.TryGetValue(pool, out var members))
        {
            _pools[pool] = members = new Dictionary<string, LoadBalancerMember>(StringComparer.Ordinal);
        }

        return members;
    }

    private Task SetState(string pool, string instanceId, LoadBalancerMemberState state)
    {
        lock (_pools)
        {
            var members = Pool(pool);
            if (!members.TryGetValue(instanceId, out var member))
            {
                throw new ProviderOperationException($"{instanceId} is not a member of pool {pool}", OperationFailureKind.Permanent);
            }

            members[instanceId] = member with { State = state };
        }

        return Task.CompletedTask;
    }
}
