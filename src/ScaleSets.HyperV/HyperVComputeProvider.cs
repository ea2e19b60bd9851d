using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ScaleSets.Abstractions;
using ScaleSets.HyperV.Runner;
using ScaleSets.HyperV.Scripting;

namespace ScaleSets.HyperV;

/// <summary>
/// An <see cref="IComputeProvider"/> over Microsoft Hyper-V: each instance is a VM on a differencing disk of the model's
/// golden VHDX (<see cref="ScaleSetModel.ImageReference"/>), sized from <see cref="ScaleSetModel.Size"/>, owned through its
/// Notes and tracked by VM id. Hyper-V is driven by the shipped PowerShell scripts through an <see cref="IPowerShellRunner"/>;
/// concurrent calls are batched into few script runs.
/// </summary>
public sealed class HyperVComputeProvider : IComputeProvider
{
    private readonly HyperVProviderOptions _options;
    private readonly TimeProvider _time;
    private readonly ScriptCaller _caller;
    private readonly ScriptBatcher _batcher;
    private readonly HostCapacityGate _capacity;

    /// <summary>Initializes a new instance of the <see cref="HyperVComputeProvider"/> class.</summary>
    /// <param name="options">The options; validated here and not to be changed afterwards.</param>
    /// <param name="runner">Runs the scripts, for example a <see cref="PowerShellProcessRunner"/>.</param>
    /// <param name="timeProvider">The clock for timeouts and readiness polling; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public HyperVComputeProvider(HyperVProviderOptions options, IPowerShellRunner runner, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runner);
        options.ThrowIfInvalid();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _caller = new ScriptCaller(runner, new ScriptLibrary(options.ScriptDirectory), _time, options.ScriptTimeout, options.MaxConcurrentScripts, options.MaxRequestBytes);
        _batcher = new ScriptBatcher(_caller, options.MaxVmsPerScript);
        _capacity = new HostCapacityGate(_time, options.CapacityRetryInterval);
    }

    /// <inheritdoc />
    public async Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new InstanceOperationResult?[requests.Count];
        var calls = new List<(int Index, Task<ScriptOutcome> Outcome)>();
        var pendingItems = new List<(int Index, string ScaleSet, JsonObject Item)>();
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            if (Invalid(r) is { } problem)
            {
                results[i] = new InstanceOperationResult(r?.InstanceName ?? string.Empty, OperationFailureKind.Permanent, problem);
                continue;
            }

            if (_capacity.Blocked() is { } blocked)
            {
                results[i] = new InstanceOperationResult(r.InstanceName, OperationFailureKind.Permanent, blocked, null, ZoneUnavailable: true);
                continue;
            }

            _options.TryResolveSize(r.Model.Size, out var size);
            var item = new JsonObject
            {
                ["name"] = r.InstanceName,
                ["token"] = r.ClientToken,
                ["zone"] = r.Zone,
                ["modelVersion"] = r.Model.Version,
                ["parentPath"] = r.Model.ImageReference,
                ["diskPath"] = DiskPath(r.ScaleSetName, r.ClientToken),
                ["vmPath"] = _options.VmDirectory,
                ["generation"] = _options.Generation,
                ["memoryBytes"] = size.MemoryBytes,
                ["processorCount"] = size.ProcessorCount,
                ["switchName"] = _options.SwitchName,
                ["tags"] = Tags(r.Model),
            };
            pendingItems.Add((i, r.ScaleSetName, item));
        }

        // The creates of one call are queued together so they share script runs (each PowerShell start costs about a second).
        foreach (var scaleSet in pendingItems.Select(p => p.ScaleSet).Distinct(StringComparer.Ordinal))
        {
            var ofSet = pendingItems.Where(p => string.Equals(p.ScaleSet, scaleSet, StringComparison.Ordinal)).ToList();
            var outcomes = _batcher.SubmitAll(ScriptLibrary.New, "items", Common(scaleSet), [.. ofSet.Select(p => p.Item)], cancellationToken);
            for (var k = 0; k < ofSet.Count; k++)
            {
                calls.Add((ofSet[k].Index, outcomes[k]));
            }
        }

        var started = new Dictionary<int, InstanceInfo>();
        foreach (var (index, call) in calls)
        {
            var r = requests[index];
            var outcome = await call.ConfigureAwait(false);
            var (result, info) = ToResult(r.InstanceName, outcome, HyperVOperation.Create);
            results[index] = result;
            if (info is not null && result.Succeeded)
            {
                started[index] = info;
            }
        }

        await AwaitReadyAsync(requests.Count > 0 ? requests[0].ScaleSetName : string.Empty, results, started, cancellationToken).ConfigureAwait(false);
        return new BatchResult([.. results.Select(r => r!)]);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scaleSetName);
        var call = await _caller.CallAsync(ScriptLibrary.Get, Common(scaleSetName), cancellationToken).ConfigureAwait(false);
        if (call.Failure is { } failure)
        {
            var kind = failure.TimedOut ? OperationFailureKind.Transient : HyperVErrorClassifier.Classify(failure.Error, HyperVOperation.List).Failure;
            throw new ProviderOperationException($"Listing the VMs of scale set '{scaleSetName}' failed: {failure.Error}", kind == OperationFailureKind.None ? OperationFailureKind.Permanent : kind);
        }

        var list = new List<InstanceInfo>(call.Items!.Count);
        foreach (var item in call.Items!)
        {
            if (item.Vm is { } vm && ToInfo(vm) is { } info && VmOwnerNotes.TryParse(vm.Notes) is { } owner
                && string.Equals(owner.ScaleSet, scaleSetName, StringComparison.Ordinal))
            {
                list.Add(info);
            }
        }

        return list;
    }

    /// <inheritdoc />
    public Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        PowerAsync(scaleSetName, instanceIds, "Start", HyperVOperation.Start, cancellationToken);

    /// <inheritdoc />
    public Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        PowerAsync(scaleSetName, instanceIds, "Stop", HyperVOperation.Stop, cancellationToken);

    /// <inheritdoc />
    public Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        PowerAsync(scaleSetName, instanceIds, "Restart", HyperVOperation.Restart, cancellationToken);

    /// <inheritdoc />
    public Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (string.IsNullOrWhiteSpace(model.ImageReference) || string.IsNullOrWhiteSpace(model.Version))
        {
            throw new ArgumentException("ScaleSetModel.ImageReference and ScaleSetModel.Version: are required to reimage.", nameof(model));
        }

        var known = _options.TryResolveSize(model.Size, out var size);
        return MutateAsync(
            scaleSetName,
            instanceIds,
            HyperVOperation.Reimage,
            id => known
                ? (ScriptLibrary.Reset, "items", new JsonObject
                {
                    ["id"] = id,
                    ["modelVersion"] = model.Version,
                    ["parentPath"] = model.ImageReference,
                    ["memoryBytes"] = size.MemoryBytes,
                    ["processorCount"] = size.ProcessorCount,
                    ["tags"] = Tags(model),
                }, Common(scaleSetName))
                : throw new ArgumentException($"ScaleSetModel.Size: '{model.Size}' is not in HyperVProviderOptions.Sizes and is not of the form <n>cpu-<m>gb.", nameof(model)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        MutateAsync(scaleSetName, instanceIds, HyperVOperation.Delete, id => (ScriptLibrary.Remove, "ids", new JsonObject { ["id"] = id }, Common(scaleSetName)), cancellationToken);

    private static JsonObject Common(string scaleSetName) => new() { ["scaleSet"] = scaleSetName };

    private static JsonObject Tags(ScaleSetModel model)
    {
        var tags = new JsonObject();
        foreach (var (key, value) in model.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            tags[key] = value;
        }

        return tags;
    }

    private static bool IsReady(InstanceInfo info) =>
        info.State == InstanceState.Running && info.Health == InstanceHealth.Healthy && info.Address is not null;

    private static InstanceInfo? ToInfo(HyperVVmRecord vm)
    {
        if (VmOwnerNotes.TryParse(vm.Notes) is not { } owner)
        {
            return null;
        }

        var (state, health) = VmStateMapper.Map(vm.State, vm.Heartbeat);
        return new InstanceInfo(vm.Id, owner.Name, owner.Zone, owner.ModelVersion, state, health, VmStateMapper.PickAddress(vm.IpAddresses), vm.CreationTime);
    }

    private string? Invalid(InstanceCreateRequest? r)
    {
        if (r is null)
        {
            return "The create request is null.";
        }

        if (string.IsNullOrEmpty(r.ScaleSetName) || string.IsNullOrEmpty(r.InstanceName) || string.IsNullOrEmpty(r.ClientToken))
        {
            return "InstanceCreateRequest: ScaleSetName, InstanceName and ClientToken are required.";
        }

        if (r.Model is null || string.IsNullOrWhiteSpace(r.Model.ImageReference))
        {
            return $"InstanceCreateRequest.Model.ImageReference of {r.InstanceName}: the golden VHDX path is required.";
        }

        return _options.TryResolveSize(r.Model.Size, out _)
            ? null
            : $"ScaleSetModel.Size of {r.InstanceName}: '{r.Model.Size}' is not in HyperVProviderOptions.Sizes and is not of the form <n>cpu-<m>gb.";
    }

    /// <summary>The differencing disk's path: derived from a hash of the scale set and client token, never from the instance name, so no name can steer a path.</summary>
    private string DiskPath(string scaleSetName, string clientToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scaleSetName + "\n" + clientToken)))[..20];
        var prefix = new StringBuilder(Math.Min(scaleSetName.Length, 40));
        foreach (var c in scaleSetName.AsSpan(0, Math.Min(scaleSetName.Length, 40)))
        {
            prefix.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        var directory = _options.DiskDirectory;
        var separator = directory.Contains('\\', StringComparison.Ordinal) ? '\\' : '/';
        return directory.TrimEnd('\\', '/') + separator + prefix + "-" + hash + ".vhdx";
    }

    private async Task<BatchResult> PowerAsync(string scaleSetName, IReadOnlyList<string> instanceIds, string action, HyperVOperation operation, CancellationToken ct)
    {
        var common = Common(scaleSetName);
        common["action"] = action;
        return await MutateAsync(scaleSetName, instanceIds, operation, id => (ScriptLibrary.Power, "ids", new JsonObject { ["id"] = id }, common), ct).ConfigureAwait(false);
    }

    private async Task<BatchResult> MutateAsync(
        string scaleSetName,
        IReadOnlyList<string> instanceIds,
        HyperVOperation operation,
        Func<string, (string Script, string Collection, JsonObject Item, JsonObject Common)> build,
        CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(scaleSetName);
        ArgumentNullException.ThrowIfNull(instanceIds);
        var results = new InstanceOperationResult?[instanceIds.Count];
        var calls = new List<(int Index, Task<ScriptOutcome> Outcome)>();
        var needsCapacity = operation is HyperVOperation.Start or HyperVOperation.Restart or HyperVOperation.Reimage;
        for (var i = 0; i < instanceIds.Count; i++)
        {
            var id = instanceIds[i];
            if (!Guid.TryParse(id, out _))
            {
                // Hyper-V ids are GUIDs: anything else cannot name a VM, so a delete already holds.
                results[i] = operation == HyperVOperation.Delete
                    ? InstanceOperationResult.Success(id ?? string.Empty)
                    : new InstanceOperationResult(id ?? string.Empty, OperationFailureKind.Permanent, $"'{id}' is not a Hyper-V VM id (a GUID).");
                continue;
            }

            if (needsCapacity && _capacity.Blocked() is { } blocked)
            {
                results[i] = new InstanceOperationResult(id, OperationFailureKind.Permanent, blocked);
                continue;
            }

            var (script, collection, item, common) = build(id);
            calls.Add((i, _batcher.SubmitAsync(script, collection, common, item, ct)));
        }

        var started = new Dictionary<int, InstanceInfo>();
        foreach (var (index, call) in calls)
        {
            var outcome = await call.ConfigureAwait(false);
            var (result, info) = ToResult(instanceIds[index], outcome, operation);
            results[index] = result;
            if (result.Succeeded && operation is HyperVOperation.Delete or HyperVOperation.Stop)
            {
                _capacity.Open();
            }

            if (info is not null && result.Succeeded && needsCapacity)
            {
                started[index] = info;
            }
        }

        await AwaitReadyAsync(scaleSetName, results, started, ct).ConfigureAwait(false);
        return new BatchResult([.. results.Select(r => r!)]);
    }

    private (InstanceOperationResult Result, InstanceInfo? Info) ToResult(string key, ScriptOutcome outcome, HyperVOperation operation)
    {
        if (outcome.Failure is { } failure)
        {
            var kind = failure.TimedOut ? OperationFailureKind.Transient : HyperVErrorClassifier.Classify(failure.Error, operation).Failure;
            kind = kind == OperationFailureKind.None ? OperationFailureKind.Permanent : kind;
            return (new InstanceOperationResult(key, kind, "Hyper-V: " + failure.Error), null);
        }

        var item = outcome.Item!;
        var info = item.Vm is { } vm ? ToInfo(vm) : null;
        if (item.Ok)
        {
            return (InstanceOperationResult.Success(key, info), info);
        }

        var error = item.Error!;
        var cls = HyperVErrorClassifier.Classify(error, operation);
        if (cls.Failure == OperationFailureKind.None)
        {
            return (InstanceOperationResult.Success(key), null);
        }

        var message = "Hyper-V: " + error + (item.CleanupError is { } cleanup ? "; cleaning up also failed, the VM may be left over: " + cleanup : string.Empty);
        if (cls.OutOfMemory)
        {
            _capacity.Close(error.Message.Split('\n')[0].Trim());
        }

        return (new InstanceOperationResult(key, cls.Failure, message, info, ZoneUnavailable: cls.OutOfMemory && operation == HyperVOperation.Create), info);
    }

    /// <summary>Polls the started VMs until each has heartbeat OK and an address; those that do not within the boot timeout fail (and stay in place).</summary>
    private async Task AwaitReadyAsync(string scaleSetName, InstanceOperationResult?[] results, Dictionary<int, InstanceInfo> started, CancellationToken ct)
    {
        if (!_options.WaitForReady || started.Count == 0)
        {
            return;
        }

        var deadline = _time.GetUtcNow() + _options.BootTimeout;
        var waiting = new Dictionary<int, InstanceInfo>(started);
        while (true)
        {
            foreach (var (index, info) in waiting.ToList())
            {
                if (IsReady(info))
                {
                    results[index] = InstanceOperationResult.Success(results[index]!.Key, info);
                    waiting.Remove(index);
                }
            }

            if (waiting.Count == 0)
            {
                return;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                foreach (var (index, info) in waiting)
                {
                    results[index] = new InstanceOperationResult(
                        results[index]!.Key,
                        OperationFailureKind.Permanent,
                        string.Create(CultureInfo.InvariantCulture, $"VM {info.Id} ({info.Name}) did not report heartbeat OK and an IP address within {_options.BootTimeout:c} (state {info.State}, health {info.Health}, address {info.Address ?? "none"}); it is left in place and shows up in the next list."),
                        info);
                }

                return;
            }

            await Task.Delay(_options.PollInterval, _time, ct).ConfigureAwait(false);
            var polls = waiting.Select(w => (w.Key, _batcher.SubmitAsync(ScriptLibrary.Get, "ids", Common(scaleSetName), new JsonObject { ["id"] = w.Value.Id }, ct))).ToList();
            foreach (var (index, poll) in polls)
            {
                var outcome = await poll.ConfigureAwait(false);
                if (outcome.Item is { Ok: true, Gone: true })
                {
                    results[index] = new InstanceOperationResult(results[index]!.Key, OperationFailureKind.Transient, $"VM {waiting[index].Id} ({waiting[index].Name}) vanished while it was booting.");
                    waiting.Remove(index);
                }
                else if (outcome.Item is { Ok: true, Vm: { } vm } && ToInfo(vm) is { } info)
                {
                    waiting[index] = info;
                }

                // A failed poll is retried at the next interval; the deadline bounds the wait.
            }
        }
    }
}
