using Polly;
using Polly.Retry;
using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// Every call the controller makes to the compute provider and the load balancer: the Polly retry pipeline (transient
/// <see cref="ProviderOperationException"/>s only), batches of at most <see cref="ScaleSetControllerOptions.MaxBatchSize"/>
/// items and at most <see cref="ScaleSetControllerOptions.MaxConcurrentOperations"/> calls in flight. The retry policy is
/// this layer's alone: adapters report a failure once and do not retry it themselves.
/// </summary>
internal sealed class ProviderCalls
{
    private readonly ScaleSetControllerOptions _options;
    private readonly ControllerGate _gate;
    private readonly PassCounters _pass;
    private readonly ResiliencePipeline _retry;

    public ProviderCalls(ScaleSetControllerOptions options, IComputeProvider compute, ILoadBalancer loadBalancer, TimeProvider time, ControllerGate gate, PassCounters pass)
    {
        _options = options;
        Compute = compute;
        LoadBalancer = loadBalancer;
        _gate = gate;
        _pass = pass;
        _retry = BuildRetry(options, time);
    }

    public IComputeProvider Compute { get; }

    public ILoadBalancer LoadBalancer { get; }

    public string ScaleSetName => _options.ScaleSetName;

    public string Pool => _options.EffectivePool;

    public int MaxConcurrency => _options.MaxConcurrentOperations;

    /// <summary>Lists the scale set's instances, then the pool's members, each with retries.</summary>
    public async Task<(IReadOnlyList<InstanceInfo> Instances, IReadOnlyList<LoadBalancerMember> Members)> ListAsync(CancellationToken ct)
    {
        var instances = await _retry.ExecuteAsync(
            static (s, token) => new ValueTask<IReadOnlyList<InstanceInfo>>(s.Compute.ListInstancesAsync(s.ScaleSetName, token)), this, ct).ConfigureAwait(false);
        var members = await _retry.ExecuteAsync(
            static (s, token) => new ValueTask<IReadOnlyList<LoadBalancerMember>>(s.LoadBalancer.ListMembersAsync(s.Pool, token)), this, ct).ConfigureAwait(false);
        return (instances, members);
    }

    /// <summary>Runs <paramref name="body"/> for each item, at most <see cref="ScaleSetControllerOptions.MaxConcurrentOperations"/> at once.</summary>
    public Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, CancellationToken, Task> body, CancellationToken ct) =>
        BoundedConcurrency.ForEachAsync(items, _options.MaxConcurrentOperations, body, ct);

    /// <summary>
    /// Calls the provider for <paramref name="items"/> in batches, retrying what fails transiently (<see cref="ProviderBatch{TItem}"/>),
    /// and hands each item its result under the gate as its batch completes.
    /// </summary>
    public Task ForEachBatchAsync<TItem>(
        IReadOnlyList<TItem> items,
        Func<ProviderCalls, TItem[], CancellationToken, Task<BatchResult>> call,
        Func<TItem, string> keyOf,
        Action<TItem, InstanceOperationResult> onResult,
        CancellationToken ct)
    {
        var size = _options.MaxBatchSize;
        var batches = new TItem[(items.Count + size - 1) / size][];
        for (var b = 0; b < batches.Length; b++)
        {
            var batch = batches[b] = new TItem[Math.Min(size, items.Count - (b * size))];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = items[(b * size) + i];
            }
        }

        return ForEachAsync(
            batches,
            async (batch, token) =>
            {
                var results = await ProviderBatch<TItem>.RunAsync(_retry, this, batch, call, keyOf, token).ConfigureAwait(false);
                using (_gate.Enter())
                {
                    for (var i = 0; i < batch.Length; i++)
                    {
                        onResult(batch[i], results[i]);
                    }
                }
            },
            ct);
    }

    /// <summary>Calls a load balancer operation with retries; reports a final failure as an error event and returns false.</summary>
    public async Task<bool> LoadBalancerCallAsync<TState>(Func<TState, CancellationToken, Task> call, TState state, string instanceId, string? cause, CancellationToken ct)
    {
        try
        {
            await _retry.ExecuteAsync(
                static async (s, token) => await s.call(s.state, token).ConfigureAwait(false),
                (call, state),
                ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            using (_gate.Enter())
            {
                _pass.Failures++;
                _gate.Emit(ControllerEventKind.Error, instanceId, cause, "load balancer call failed: " + ex.Message);
            }

            return false;
        }
    }

    public Task<bool> DrainAsync(string instanceId, string? cause, CancellationToken ct) =>
        LoadBalancerCallAsync(static (s, token) => s.self.LoadBalancer.DrainAsync(s.self.Pool, s.id, token), (self: this, id: instanceId), instanceId, cause, ct);

    public Task<bool> RemoveMemberAsync(string instanceId, string? cause, CancellationToken ct) =>
        LoadBalancerCallAsync(static (s, token) => s.self.LoadBalancer.RemoveAsync(s.self.Pool, s.id, token), (self: this, id: instanceId), instanceId, cause, ct);

    public Task<bool> RegisterAsync(InstanceInfo info, string? cause, CancellationToken ct) =>
        LoadBalancerCallAsync(static (s, token) => s.self.LoadBalancer.RegisterAsync(s.self.Pool, s.info.Id, s.info.Name, s.info.Address!, token), (self: this, info), info.Id, cause, ct);

    public Task<bool> SetReadyAsync(string instanceId, string? cause, CancellationToken ct) =>
        LoadBalancerCallAsync(static (s, token) => s.self.LoadBalancer.SetReadyAsync(s.self.Pool, s.id, token), (self: this, id: instanceId), instanceId, cause, ct);

    public static string[] Ids(TrackedInstance[] batch) => Array.ConvertAll(batch, t => t.Id);

    private static ResiliencePipeline BuildRetry(ScaleSetControllerOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ProviderOperationException>(e => e.IsTransient),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            });
        }

        return builder.Build();
    }
}
