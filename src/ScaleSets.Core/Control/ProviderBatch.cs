using Polly;
using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// One provider call over a batch of items with the controller's retries: each item ends with its own result. Items that
/// fail transiently are called again together (with the retry delay) until they succeed, fail for good or the retries run
/// out; items already done are not called again. A whole call that throws counts for every item still pending.
/// </summary>
/// <typeparam name="TItem">What one item of the call is (a create request, an instance).</typeparam>
internal sealed class ProviderBatch<TItem>
{
    private const string NoResult = "The provider returned no result for the item.";
    private readonly ProviderCalls _owner;
    private readonly Func<ProviderCalls, TItem[], CancellationToken, Task<BatchResult>> _call;
    private readonly Func<TItem, string> _keyOf;
    private readonly InstanceOperationResult?[] _results;
    private TItem[] _pending;
    private int[]? _pendingAt;

    private ProviderBatch(ProviderCalls owner, TItem[] items, Func<ProviderCalls, TItem[], CancellationToken, Task<BatchResult>> call, Func<TItem, string> keyOf)
    {
        _owner = owner;
        _call = call;
        _keyOf = keyOf;
        _pending = items;
        _results = new InstanceOperationResult?[items.Length];
    }

    /// <summary>Calls the provider for <paramref name="items"/> and returns one result per item, in item order.</summary>
    /// <param name="retry">The controller's retry pipeline (retries <see cref="ProviderOperationException"/>s that are transient).</param>
    /// <param name="owner">The provider calls, handed to <paramref name="call"/> so that it needs no closure.</param>
    /// <param name="items">The items, at least one.</param>
    /// <param name="call">The provider call for the items still pending.</param>
    /// <param name="keyOf">The key the provider reports an item's result under (the instance name of a create, the id otherwise).</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The results.</returns>
    public static async Task<InstanceOperationResult[]> RunAsync(
        ResiliencePipeline retry,
        ProviderCalls owner,
        TItem[] items,
        Func<ProviderCalls, TItem[], CancellationToken, Task<BatchResult>> call,
        Func<TItem, string> keyOf,
        CancellationToken ct)
    {
        var batch = new ProviderBatch<TItem>(owner, items, call, keyOf);
        try
        {
            await retry.ExecuteAsync(static async (b, token) => await b.AttemptAsync(token).ConfigureAwait(false), batch, ct).ConfigureAwait(false);
        }
        catch (ProviderOperationException ex)
        {
            batch.FailPending(ex.Failure, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            batch.FailPending(OperationFailureKind.Permanent, ex.GetType().Name + ": " + ex.Message);
        }

        return batch._results!;
    }

    private async Task AttemptAsync(CancellationToken ct)
    {
        var reported = (await _call(_owner, _pending, ct).ConfigureAwait(false)).Items;
        Dictionary<string, InstanceOperationResult>? byKey = null;
        List<int>? transient = null;
        string? message = null;
        for (var i = 0; i < _pending.Length; i++)
        {
            var key = _keyOf(_pending[i]);
            InstanceOperationResult? result;
            if (_pending.Length == 1)
            {
                // A single item's result is the one reported, whatever key the provider gave it.
                result = reported.Count > 0 ? reported[0] : null;
            }
            else if (i < reported.Count && string.Equals(reported[i].Key, key, StringComparison.Ordinal))
            {
                result = reported[i];
            }
            else
            {
                // Reported in another order (or not at all): look the item up by its key.
                byKey ??= ByKey(reported);
                result = byKey.GetValueOrDefault(key);
            }

            result ??= new InstanceOperationResult(key, OperationFailureKind.Permanent, NoResult);
            if (result.Failure == OperationFailureKind.Transient)
            {
                (transient ??= []).Add(i);
                message = result.Message;
            }
            else
            {
                _results[At(i)] = result;
            }
        }

        if (transient is null)
        {
            return;
        }

        var pending = new TItem[transient.Count];
        var pendingAt = new int[transient.Count];
        for (var j = 0; j < transient.Count; j++)
        {
            pending[j] = _pending[transient[j]];
            pendingAt[j] = At(transient[j]);
        }

        _pending = pending;
        _pendingAt = pendingAt;
        throw new ProviderOperationException(message ?? "transient failure", OperationFailureKind.Transient);
    }

    private void FailPending(OperationFailureKind failure, string message)
    {
        for (var i = 0; i < _pending.Length; i++)
        {
            _results[At(i)] ??= new InstanceOperationResult(_keyOf(_pending[i]), failure, message);
        }
    }

    private int At(int pendingIndex) => _pendingAt is null ? pendingIndex : _pendingAt[pendingIndex];

    private static Dictionary<string, InstanceOperationResult> ByKey(IReadOnlyList<InstanceOperationResult> reported)
    {
        var byKey = new Dictionary<string, InstanceOperationResult>(reported.Count, StringComparer.Ordinal);
        foreach (var r in reported)
        {
            // The first result reported for a key counts.
            byKey.TryAdd(r.Key, r);
        }

        return byKey;
    }
}
