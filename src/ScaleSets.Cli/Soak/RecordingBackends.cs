using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Orleans.Hosting;
using ScaleSets.Simulation.Cloud;

namespace ScaleSets.Cli.Soak;

/// <summary>
/// The silos' backends for the cluster soak: every set acts on the one simulated cloud, each activation (each call of
/// <see cref="Create"/>) through its own numbered recorder of actions in the <see cref="ActionLedger"/>.
/// </summary>
internal sealed class RecordingBackends(SimulatedCloud cloud, ActionLedger ledger, int zones) : IScaleSetBackendFactory
{
    public ScaleSetBackend Create(string scaleSetName)
    {
        var activation = ledger.NewActivation();
        var options = new ScaleSetControllerOptions
        {
            ScaleSetName = scaleSetName,
            LoadBalancerPool = scaleSetName,
            InstanceWarmup = TimeSpan.Zero,
            DrainTimeout = TimeSpan.FromSeconds(60),
            RetryBaseDelay = TimeSpan.FromSeconds(1),
        };
        options.Zones.Clear();
        for (var z = 1; z <= zones; z++)
        {
            options.Zones.Add(z.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        options.RollingUpgrade.Mode = UpgradeMode.Automatic;
        options.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10);
        return new ScaleSetBackend(new Compute(cloud.Compute, ledger, scaleSetName, activation), new LoadBalancer(cloud.LoadBalancer, ledger, scaleSetName, activation), options);
    }

    private sealed class Compute(IComputeProvider inner, ActionLedger ledger, string set, int activation) : IComputeProvider
    {
        public Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken)
        {
            ledger.Record(set, activation, "create " + string.Join(",", requests.Select(r => r.InstanceName)));
            return inner.CreateInstancesAsync(requests, cancellationToken);
        }

        public Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken) =>
            inner.ListInstancesAsync(scaleSetName, cancellationToken);

        public Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            ledger.Record(set, activation, "start " + string.Join(",", instanceIds));
            return inner.StartInstancesAsync(scaleSetName, instanceIds, cancellationToken);
        }

        public Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            ledger.Record(set, activation, "stop " + string.Join(",", instanceIds));
            return inner.StopInstancesAsync(scaleSetName, instanceIds, cancellationToken);
        }

        public Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            ledger.Record(set, activation, "restart " + string.Join(",", instanceIds));
            return inner.RestartInstancesAsync(scaleSetName, instanceIds, cancellationToken);
        }

        public Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken)
        {
            ledger.Record(set, activation, "reimage " + string.Join(",", instanceIds));
            return inner.ReimageInstancesAsync(scaleSetName, instanceIds, model, cancellationToken);
        }

        public Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            ledger.Record(set, activation, "delete " + string.Join(",", instanceIds));
            return inner.DeleteInstancesAsync(scaleSetName, instanceIds, cancellationToken);
        }
    }

    private sealed class LoadBalancer(ILoadBalancer inner, ActionLedger ledger, string set, int activation) : ILoadBalancer
    {
        public Task RegisterAsync(string pool, string instanceId, string instanceName, string address, CancellationToken cancellationToken)
        {
            ledger.Record(set, activation, "register " + instanceId);
            return inner.RegisterAsync(pool, instanceId, instanceName, address, cancellationToken);
        }

        public Task SetReadyAsync(string pool, string instanceId, CancellationToken cancellationToken)
        {
            ledger.Record(set, activation, "ready " + instanceId);
            return inner.SetReadyAsync(pool, instanceId, cancellationToken);
        }

        public Task DrainAsync(string pool, string instanceId, CancellationToken cancellationToken)
        {
            ledger.Record(set, activation, "drain " + instanceId);
            return inner.DrainAsync(pool, instanceId, cancellationToken);
        }

        public Task RemoveAsync(string pool, string instanceId, CancellationToken cancellationToken)
        {
            ledger.Record(set, activation, "remove " + instanceId);
            return inner.RemoveAsync(pool, instanceId, cancellationToken);
        }

        public Task<IReadOnlyList<LoadBalancerMember>> ListMembersAsync(string pool, CancellationToken cancellationToken) =>
            inner.ListMembersAsync(pool, cancellationToken);
    }
}
