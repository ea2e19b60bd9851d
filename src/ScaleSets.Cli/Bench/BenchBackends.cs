using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Orleans.Hosting;
using ScaleSets.Simulation.Cloud;

namespace ScaleSets.Cli.Bench;

/// <summary>
/// The silos' backends for the cluster bench: every set acts on the one simulated cloud (one zone), its decisions and
/// its capacity-changing calls (create, drain, delete) reported to the <see cref="DecisionTimer"/>.
/// </summary>
internal sealed class BenchBackends(SimulatedCloud cloud, DecisionTimer timer) : IScaleSetBackendFactory
{
    public ScaleSetBackend Create(string scaleSetName)
    {
        var options = new ScaleSetControllerOptions
        {
            ScaleSetName = scaleSetName,
            LoadBalancerPool = scaleSetName,
            InstanceWarmup = TimeSpan.Zero,
            DrainTimeout = TimeSpan.FromSeconds(30),
            RetryBaseDelay = TimeSpan.FromSeconds(1),
        };
        return new ScaleSetBackend(new Compute(cloud.Compute, timer, scaleSetName), new LoadBalancer(cloud.LoadBalancer, timer, scaleSetName), options)
        {
            OnDecision = timer.Decided,
        };
    }

    private sealed class Compute(IComputeProvider inner, DecisionTimer timer, string set) : IComputeProvider
    {
        public Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken)
        {
            timer.Called(set);
            return inner.CreateInstancesAsync(requests, cancellationToken);
        }

        public Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken) =>
            inner.ListInstancesAsync(scaleSetName, cancellationToken);

        public Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            inner.StartInstancesAsync(scaleSetName, instanceIds, cancellationToken);

        public Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            inner.StopInstancesAsync(scaleSetName, instanceIds, cancellationToken);

        public Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            inner.RestartInstancesAsync(scaleSetName, instanceIds, cancellationToken);

        public Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken) =>
            inner.ReimageInstancesAsync(scaleSetName, instanceIds, model, cancellationToken);

        public Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            timer.Called(set);
            return inner.DeleteInstancesAsync(scaleSetName, instanceIds, cancellationToken);
        }
    }

    private sealed class LoadBalancer(ILoadBalancer inner, DecisionTimer timer, string set) : ILoadBalancer
    {
        public Task RegisterAsync(string pool, string instanceId, string instanceName, string address, CancellationToken cancellationToken) =>
            inner.RegisterAsync(pool, instanceId, instanceName, address, cancellationToken);

        public Task SetReadyAsync(string pool, string instanceId, CancellationToken cancellationToken) =>
            inner.SetReadyAsync(pool, instanceId, cancellationToken);

        public Task DrainAsync(string pool, string instanceId, CancellationToken cancellationToken)
        {
            timer.Called(set);
            return inner.DrainAsync(pool, instanceId, cancellationToken);
        }

        public Task RemoveAsync(string pool, string instanceId, CancellationToken cancellationToken) =>
            inner.RemoveAsync(pool, instanceId, cancellationToken);

        public Task<IReadOnlyList<LoadBalancerMember>> ListMembersAsync(string pool, CancellationToken cancellationToken) =>
            inner.ListMembersAsync(pool, cancellationToken);
    }
}
