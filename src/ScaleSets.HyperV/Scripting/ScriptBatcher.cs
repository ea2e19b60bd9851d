using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ScaleSets.HyperV.Scripting;

/// <summary>
/// Gathers items of concurrent calls for the same script (and scale set, action) into one script run of up to
/// <c>HyperVProviderOptions.MaxVmsPerScript</c> items: the controller issues one instance per call, and each
/// PowerShell start costs about a second. Items that queue while the concurrent runs are busy ride in the next run.
/// A run also carries at most <see cref="ScriptCaller.MaxRequestBytes"/> of encoded request: a batch ends before the item
/// that would pass it, and an item that alone would is failed at once as too large.
/// </summary>
internal sealed class ScriptBatcher
{
    private readonly ScriptCaller _caller;
    private readonly int _maxItems;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private long _nextKey;

    public ScriptBatcher(ScriptCaller caller, int maxItems)
    {
        _caller = caller;
        _maxItems = maxItems;
    }

    /// <summary>Submits one item; <paramref name="common"/> holds the request's other properties and, with the script, decides which items share a run.</summary>
    public Task<ScriptOutcome> SubmitAsync(string script, string collection, JsonObject common, JsonObject item, CancellationToken ct) =>
        SubmitAll(script, collection, common, [item], ct)[0];

    /// <summary>
    /// Submits the items of one call together: they are queued at once, so they share runs whatever the thread pool
    /// does (items of concurrent calls still join them when they arrive in the same burst).
    /// </summary>
    public Task<ScriptOutcome>[] SubmitAll(string script, string collection, JsonObject common, IReadOnlyList<JsonObject> items, CancellationToken ct)
    {
        var groupKey = script + "\n" + collection + "\n" + common.ToJsonString();
        var pending = new Pending[items.Count];
        Group group;
        lock (_gate)
        {
            if (!_groups.TryGetValue(groupKey, out group!))
            {
                group = new Group(script, collection, common);
                _groups.Add(groupKey, group);
            }

            for (var i = 0; i < items.Count; i++)
            {
                items[i]["key"] = (++_nextKey).ToString(CultureInfo.InvariantCulture);
                pending[i] = new Pending(items[i], Encoding.UTF8.GetByteCount(items[i].ToJsonString()) + 1);
                var alone = ScriptCaller.EncodedSize(group.CommonBytes + pending[i].JsonBytes);
                if (alone > _caller.MaxRequestBytes)
                {
                    pending[i].Taken = true;
                    pending[i].Completion.TrySetResult(new ScriptOutcome(null, _caller.TooLarge(script, alone, "for this VM")));
                    continue;
                }

                group.Queue.Add(pending[i]);
            }
        }

        var outcomes = new Task<ScriptOutcome>[pending.Length];
        for (var i = 0; i < pending.Length; i++)
        {
            outcomes[i] = DrainAsync(group, pending[i], ct);
        }

        return outcomes;
    }

    private async Task<ScriptOutcome> DrainAsync(Group group, Pending pending, CancellationToken ct)
    {
        // Let callers that arrive in the same burst queue up before a run takes items.
        await Task.Yield();
        while (!pending.Taken)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (pending.Taken)
                {
                    break;
                }

                var count = 0;
                var bytes = group.CommonBytes;
                while (count < Math.Min(_maxItems, group.Queue.Count)
                    && (count == 0 || ScriptCaller.EncodedSize(bytes + group.Queue[count].JsonBytes) <= _caller.MaxRequestBytes))
                {
                    bytes += group.Queue[count].JsonBytes;
                    count++;
                }

                batch = group.Queue.GetRange(0, count);
                group.Queue.RemoveRange(0, count);
                foreach (var p in batch)
                {
                    p.Taken = true;
                }
            }

            await RunAsync(group, batch).ConfigureAwait(false);
        }

        return await pending.Completion.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    private async Task RunAsync(Group group, List<Pending> batch)
    {
        var request = group.Common.DeepClone().AsObject();
        var items = new JsonArray();
        foreach (var p in batch)
        {
            items.Add(p.Item.DeepClone());
        }

        request[group.Collection] = items;
        ScriptCallResult result;
        try
        {
            // Not cancelled by any one caller: the run serves every item in it and is bounded by the script timeout.
            result = await _caller.CallAsync(group.Script, request, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every waiter must get an outcome, whatever went wrong.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = new ScriptCallResult(null, new ScriptFailure(new ScriptError($"{group.Script} could not be run: {ex.Message}", "ScriptFailed", "NotSpecified"), false, -1));
        }

        foreach (var p in batch)
        {
            var key = (string)p.Item["key"]!;
            if (result.Failure is { } failure)
            {
                p.Completion.TrySetResult(new ScriptOutcome(null, failure));
                continue;
            }

            var item = result.Items!.FirstOrDefault(i => string.Equals(i.Key, key, StringComparison.Ordinal));
            p.Completion.TrySetResult(item is not null
                ? new ScriptOutcome(item, null)
                : new ScriptOutcome(null, new ScriptFailure(new ScriptError($"{group.Script} returned no result for item {key}.", "ScriptOutputUnreadable", "InvalidResult"), false, 0)));
        }
    }

    private sealed class Group(string script, string collection, JsonObject common)
    {
        public string Script { get; } = script;

        public string Collection { get; } = collection;

        public JsonObject Common { get; } = common;

        /// <summary>Gets the UTF-8 size of the request without its items (with room for the collection's name).</summary>
        public long CommonBytes { get; } = Encoding.UTF8.GetByteCount(common.ToJsonString()) + collection.Length + 8;

        public List<Pending> Queue { get; } = [];
    }

    private sealed class Pending(JsonObject item, long jsonBytes)
    {
        public JsonObject Item { get; } = item;

        public long JsonBytes { get; } = jsonBytes;

        public TaskCompletionSource<ScriptOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Taken { get; set; }
    }
}
