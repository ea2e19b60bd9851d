using System.Globalization;
using System.Runtime.InteropServices;
using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Cloud;

/// <summary>
/// An in-memory cloud: a <see cref="Compute"/> provider and a <see cref="LoadBalancer"/> with boot times, per-call transient and
/// permanent failures, crashes, lost instances, zone outages and load balancer restarts, all on a <see cref="TimeProvider"/>
/// and deterministic for a seed. Shipped so users can test their own controllers and policies against it.
/// </summary>
/// <remarks>
/// Health and connection counts are computed from the clock when asked, so the cloud needs no timers of its own. Each scale
/// set and pool keeps its listing between calls and refreshes only what changed or what the clock moved on (a boot or a drain
/// ending), so listing n unchanged instances costs one copy of n references.
/// </remarks>
public sealed class SimulatedCloud
{
    private const int PurposeFailure = 1;
    private const int PurposeBoot = 2;
    private const int PurposeLeftover = 3;
    private const int PurposeList = 4;
    private const int PurposeBootFailure = 5;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedScaleSet> _sets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedInstance> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedPool> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedInstance> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedInstance> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _createAttempts = new(StringComparer.Ordinal);

    // Calls per pool and instance id, for the failure draws; kept apart from the members, since a member removed (or
    // forgotten by a load balancer restart) and registered again goes on counting. Keyed by ordinal strings rather than a
    // (pool, id) tuple, whose hash is a randomized hash of both strings on every member call.
    private readonly Dictionary<string, Dictionary<string, long>> _memberCalls = new(StringComparer.Ordinal);
    private readonly HashSet<string> _zonesDown = new(StringComparer.Ordinal);
    private readonly Func<SimulatedInstance, DateTimeOffset, InstanceInfo> _describeInstance;
    private readonly Func<SimulatedMember, DateTimeOffset, LoadBalancerMember> _describeMember;
    private long _nextId;
    private long _listCalls;
    private long _createsMade;
    private long _idempotentCreates;
    private long _changes;
    private List<InstanceInfo>? _instanceListing;
    private List<LoadBalancerMember>? _memberListing;

    /// <summary>Initializes a new instance of the <see cref="SimulatedCloud"/> class.</summary>
    /// <param name="options">How the cloud behaves; validated here.</param>
    /// <param name="timeProvider">The clock, usually a <see cref="Time.VirtualTimeProvider"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SimulatedCloud(SimulatedCloudOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid();
        Options = options;
        Time = timeProvider;
        Compute = new SimulatedComputeProvider(this);
        LoadBalancer = new SimulatedLoadBalancer(this);
        _describeInstance = InfoLocked;
        _describeMember = DescribeLocked;
    }

    /// <summary>Gets a controller state store that lives as long as the cloud, so controllers restarted against it keep their state.</summary>
    public SimulatedControllerStateStore StateStore { get; } = new();

    /// <summary>Gets the options; fault rates may be changed while the cloud runs.</summary>
    public SimulatedCloudOptions Options { get; }

    /// <summary>Gets the cloud's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets the compute provider.</summary>
    public SimulatedComputeProvider Compute { get; }

    /// <summary>Gets the load balancer.</summary>
    public SimulatedLoadBalancer LoadBalancer { get; }

    /// <summary>Gets how many instances creates made.</summary>
    public long InstancesCreated
    {
        get
        {
            lock (_gate)
            {
                return _createsMade;
            }
        }
    }

    /// <summary>Gets how many creates named an instance that already existed and returned it instead of making a duplicate.</summary>
    public long IdempotentCreates
    {
        get
        {
            lock (_gate)
            {
                return _idempotentCreates;
            }
        }
    }

    /// <summary>Returns every instance of a scale set as the provider would list it (no failures, no latency): the ground truth for checks.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <returns>The instances.</returns>
    public IReadOnlyList<InstanceInfo> GetInstances(string scaleSetName)
    {
        lock (_gate)
        {
            return ListLocked(scaleSetName);
        }
    }

    /// <summary>Returns every member of a pool (no failures, no latency).</summary>
    /// <param name="pool">The pool.</param>
    /// <returns>The members.</returns>
    public IReadOnlyList<LoadBalancerMember> GetMembers(string pool)
    {
        lock (_gate)
        {
            return MembersLocked(pool);
        }
    }

    /// <summary>Makes an instance unhealthy until it is restarted, reimaged or deleted.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <returns>Whether it exists.</returns>
    public bool Crash(string instanceId)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(instanceId, out var instance))
            {
                return false;
            }

            instance.Crashed = true;
            _sets[instance.ScaleSet].Invalidate(instance);
            _changes++;
            return true;
        }
    }

    /// <summary>Makes an instance vanish without a trace (a host failure, a VM deleted out of band). Its pool member stays.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <returns>Whether it existed.</returns>
    public bool Lose(string instanceId)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(instanceId, out var instance))
            {
                return false;
            }

            _sets[instance.ScaleSet].Remove(instanceId);
            ForgetLocked(instance);
            _changes++;
            return true;
        }
    }

    /// <summary>Gives an instance a new network address, as a reboot that gets a new DHCP lease does. Its pool member keeps the old one.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="address">The new address.</param>
    /// <returns>Whether it exists.</returns>
    public bool ChangeAddress(string instanceId, string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        lock (_gate)
        {
            if (!_byId.TryGetValue(instanceId, out var instance))
            {
                return false;
            }

            instance.Address = address;
            _sets[instance.ScaleSet].Invalidate(instance);
            return true;
        }
    }

    /// <summary>Sets whether an instance is protected from scale-in.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="isProtected">Whether it is protected.</param>
    /// <returns>Whether it exists.</returns>
    public bool SetProtectedFromScaleIn(string instanceId, bool isProtected)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(instanceId, out var instance))
            {
                return false;
            }

            instance.Protected = isProtected;
            _sets[instance.ScaleSet].Invalidate(instance);
            _changes++;
            return true;
        }
    }

    /// <summary>Starts or ends a zone outage: the zone's instances are unhealthy and creates there fail as zone-unavailable.</summary>
    /// <param name="zone">The zone.</param>
    /// <param name="down">Whether the zone is down.</param>
    public void SetZoneOutage(string zone, bool down)
    {
        ArgumentNullException.ThrowIfNull(zone);
        lock (_gate)
        {
            if (down ? _zonesDown.Add(zone) : _zonesDown.Remove(zone))
            {
                _changes++;
                foreach (var instance in _byId.Values)
                {
                    if (string.Equals(instance.Zone, zone, StringComparison.Ordinal))
                    {
                        _sets[instance.ScaleSet].Invalidate(instance);
                    }
                }
            }
        }
    }

    /// <summary>Gets whether a zone is down.</summary>
    /// <param name="zone">The zone.</param>
    /// <returns>Whether it is down.</returns>
    public bool IsZoneDown(string zone)
    {
        lock (_gate)
        {
            return _zonesDown.Contains(zone);
        }
    }

    /// <summary>Sets the active connections a pool member reports while ready.</summary>
    /// <param name="pool">The pool.</param>
    /// <param name="instanceId">The member's instance.</param>
    /// <param name="connections">The connections.</param>
    /// <returns>Whether the member exists.</returns>
    public bool SetActiveConnections(string pool, string instanceId, int connections)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(connections);
        lock (_gate)
        {
            if (!_pools.TryGetValue(pool, out var members) || !members.Members.TryGetValue(instanceId, out var member))
            {
                return false;
            }

            member.Connections = connections;
            members.Changed(member);
            _changes++;
            return true;
        }
    }

    /// <summary>Restarts the load balancer without persisted state: every member of every pool is forgotten.</summary>
    public void RestartLoadBalancer()
    {
        lock (_gate)
        {
            _pools.Clear();
            _changes++;
        }
    }

    /// <summary>
    /// Gets a counter that every change not driven by the clock moves on: a call that creates, changes or deletes an instance
    /// or a pool member, and every fault injected through this class. While it stands still, only boots and drains finishing
    /// on the clock can change what the provider and the load balancer report.
    /// </summary>
    internal long Changes
    {
        get
        {
            lock (_gate)
            {
                return _changes;
            }
        }
    }

    /// <summary>
    /// Gets or sets a value indicating whether the provider's and the load balancer's list calls return one reused list each,
    /// refilled by the next call, instead of a new list per call. Only for a caller that is done with a listing before it
    /// lists again, as the controller is (a simulation lists every pass, so a new list per call is garbage per pass).
    /// </summary>
    internal bool ReuseListings { get; set; }

    /// <summary>Fills <paramref name="into"/> with the instance ids of the pool's members that take traffic, without allocating per member.</summary>
    internal void CopyReadyMemberIds(string pool, List<string> into)
    {
        into.Clear();
        lock (_gate)
        {
            if (_pools.TryGetValue(pool, out var members))
            {
                into.AddRange(members.ReadyIds());
            }
        }
    }

    /// <summary>
    /// Returns the first time after <paramref name="after"/> at which what the provider lists for the scale set or the load
    /// balancer lists for the pool changes by the clock alone (a boot ends; a draining member's connections end), or
    /// <see cref="DateTimeOffset.MaxValue"/> when nothing is pending.
    /// </summary>
    internal DateTimeOffset NextClockTransition(string scaleSetName, string pool, DateTimeOffset after)
    {
        var next = long.MaxValue;
        lock (_gate)
        {
            if (_sets.TryGetValue(scaleSetName, out var set))
            {
                next = set.NextBootEnd(after.UtcTicks);
            }

            if (_pools.TryGetValue(pool, out var members))
            {
                next = Math.Min(next, members.NextDrainEnd(after.UtcTicks, Options.ConnectionDrainTime));
            }
        }

        return next == long.MaxValue ? DateTimeOffset.MaxValue : new DateTimeOffset(next, TimeSpan.Zero);
    }

    /// <summary>Gets how many instances of the scale set are stopped: they are paid for at a share of a running one's price (their disks).</summary>
    internal int CountStoppedInstances(string scaleSetName)
    {
        lock (_gate)
        {
            if (!_sets.TryGetValue(scaleSetName, out var set))
            {
                return 0;
            }

            var stopped = 0;
            foreach (var instance in set.Instances.Values)
            {
                stopped += instance.Stopped ? 1 : 0;
            }

            return stopped;
        }
    }

    /// <summary>Gets how many instances of the scale set exist (booting, running, stopped or being removed): what is paid for.</summary>
    internal int CountInstances(string scaleSetName)
    {
        lock (_gate)
        {
            return _sets.TryGetValue(scaleSetName, out var set) ? set.Instances.Count : 0;
        }
    }

    internal async Task<BatchResult> CreateAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(requests);
        await DelayAsync(Options.CreateLatency, ct).ConfigureAwait(false);
        var results = new InstanceOperationResult[requests.Count];
        lock (_gate)
        {
            _changes++;
            var now = Time.GetUtcNow();
            for (var i = 0; i < requests.Count; i++)
            {
                var r = requests[i];
                var set = SetLocked(r.ScaleSetName);
                if (_byName.TryGetValue(NameKey(r.ScaleSetName, r.InstanceName), out var existing) || _byToken.TryGetValue(r.ClientToken, out existing))
                {
                    _idempotentCreates++;
                    results[i] = InstanceOperationResult.Success(r.InstanceName, InfoLocked(existing, now));
                    continue;
                }

                var attempt = _createAttempts.GetValueOrDefault(r.ClientToken);
                _createAttempts[r.ClientToken] = attempt + 1;
                if (_zonesDown.Contains(r.Zone))
                {
                    results[i] = new InstanceOperationResult(r.InstanceName, OperationFailureKind.Permanent, $"zone {r.Zone} is unavailable", null, ZoneUnavailable: true);
                    continue;
                }

                var failure = DrawFailure(r.ClientToken, attempt);
                if (failure == OperationFailureKind.Transient)
                {
                    results[i] = new InstanceOperationResult(r.InstanceName, failure, "simulated transient failure (throttled)");
                    continue;
                }

                if (failure == OperationFailureKind.Permanent
                    && DeterministicRandom.Unit(Options.Seed, r.ClientToken, PurposeLeftover, attempt) >= Options.FailedCreateLeavesInstanceRate)
                {
                    results[i] = new InstanceOperationResult(r.InstanceName, failure, "simulated permanent failure (allocation failed)");
                    continue;
                }

                var id = "vm-" + (++_nextId).ToString("D7", CultureInfo.InvariantCulture);
                var address = string.Create(CultureInfo.InvariantCulture, $"10.{(_nextId >> 16) & 255}.{(_nextId >> 8) & 255}.{_nextId & 255}");
                var instance = new SimulatedInstance(id, r.InstanceName, r.ScaleSetName, r.Zone, r.ClientToken, now, address) { ModelVersion = r.Model.Version };
                BootLocked(set, instance, now);
                set.Add(instance);
                _byId.Add(id, instance);
                _byName.Add(NameKey(r.ScaleSetName, r.InstanceName), instance);
                _byToken.Add(r.ClientToken, instance);
                _createsMade++;
                results[i] = failure == OperationFailureKind.Permanent
                    ? new InstanceOperationResult(r.InstanceName, failure, "simulated failure after the instance was made (timed out)")
                    : InstanceOperationResult.Success(r.InstanceName, InfoLocked(instance, now));
            }
        }

        return new BatchResult(results);
    }

    internal async Task<IReadOnlyList<InstanceInfo>> ListAsync(string scaleSetName, CancellationToken ct)
    {
        await DelayAsync(Options.ListLatency, ct).ConfigureAwait(false);
        lock (_gate)
        {
            var call = _listCalls++;
            if (DeterministicRandom.Unit(Options.Seed, scaleSetName, PurposeList, call) < Options.ListFailureRate)
            {
                throw new ProviderOperationException("simulated transient failure listing instances", OperationFailureKind.Transient);
            }

            return ListLocked(scaleSetName, ReuseListings ? _instanceListing ??= [] : null);
        }
    }

    internal async Task<BatchResult> MutateAsync(string scaleSetName, IReadOnlyList<string> ids, SimulatedOperation operation, ScaleSetModel? model, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await DelayAsync(Options.OperationLatency, ct).ConfigureAwait(false);
        var results = new InstanceOperationResult[ids.Count];
        lock (_gate)
        {
            _changes++;
            var now = Time.GetUtcNow();
            var set = SetLocked(scaleSetName);
            for (var i = 0; i < ids.Count; i++)
            {
                var id = ids[i];
                if (!set.Instances.TryGetValue(id, out var instance))
                {
                    results[i] = operation == SimulatedOperation.Delete
                        ? InstanceOperationResult.Success(id)
                        : new InstanceOperationResult(id, OperationFailureKind.Permanent, $"instance {id} not found");
                    continue;
                }

                var failure = DrawFailure(id, instance.Calls++);
                if (failure != OperationFailureKind.None)
                {
                    results[i] = new InstanceOperationResult(id, failure, $"simulated {failure.ToString().ToLowerInvariant()} failure of {operation}");
                    continue;
                }

                switch (operation)
                {
                    case SimulatedOperation.Delete:
                        set.Remove(id);
                        ForgetLocked(instance);

                        // A deleted instance's member calls are not counted on (a lost one keeps its member and its count).
                        foreach (var calls in _memberCalls.Values)
                        {
                            calls.Remove(id);
                        }

                        results[i] = InstanceOperationResult.Success(id);
                        continue;
                    case SimulatedOperation.Stop:
                        // A boot that ended before the stop is done even if no listing saw it end.
                        instance.FirstBootDone |= now >= instance.ReadyAt && !instance.Stopped;
                        instance.Stopped = true;
                        break;
                    case SimulatedOperation.Start when instance.Stopped && instance.FirstBootDone:
                        // A stopped instance that booted before starts in the start time: its first-boot initialization is done.
                        instance.Stopped = false;
                        instance.Crashed = false;
                        BootLocked(set, instance, now, Options.StartTime, Options.StartTimeSpread);
                        break;
                    case SimulatedOperation.Reimage:
                        instance.ModelVersion = model!.Version;
                        instance.Stopped = false;
                        instance.Crashed = false;
                        BootLocked(set, instance, now);
                        break;
                    default:
                        instance.Stopped = false;
                        instance.Crashed = false;
                        BootLocked(set, instance, now);
                        break;
                }

                set.Invalidate(instance);
                results[i] = InstanceOperationResult.Success(id, InfoLocked(instance, now));
            }
        }

        return new BatchResult(results);
    }

    internal async Task MemberAsync(string pool, string instanceId, LoadBalancerMemberState? to, string? name, string? address, CancellationToken ct)
    {
        await DelayAsync(Options.LoadBalancerLatency, ct).ConfigureAwait(false);
        lock (_gate)
        {
            _changes++;
            if (!_pools.TryGetValue(pool, out var members))
            {
                _pools[pool] = members = new SimulatedPool();
            }

            members.Members.TryGetValue(instanceId, out var member);
            if (!_memberCalls.TryGetValue(pool, out var poolCalls))
            {
                _memberCalls[pool] = poolCalls = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            ref var counted = ref CollectionsMarshal.GetValueRefOrAddDefault(poolCalls, instanceId, out _);
            var calls = counted++;
            if (Options.TransientFailureRate > 0 && DrawTransient(pool + "/" + instanceId, calls))
            {
                throw new ProviderOperationException($"simulated transient load balancer failure for {instanceId}", OperationFailureKind.Transient);
            }

            if (to is null)
            {
                members.Remove(instanceId);
                return;
            }

            if (name is not null)
            {
                if (member is null)
                {
                    members.Add(new SimulatedMember(instanceId, name, address!));
                }
                else
                {
                    member.Address = address!;
                    members.Changed(member);
                }

                return;
            }

            if (member is null)
            {
                throw new ProviderOperationException($"{instanceId} is not a member of pool {pool}", OperationFailureKind.Permanent);
            }

            var drainStarts = to == LoadBalancerMemberState.Draining && member.State != LoadBalancerMemberState.Draining;
            if (drainStarts)
            {
                member.DrainStartedAt = Time.GetUtcNow();
            }

            member.State = to.Value;
            members.Changed(member);
            if (drainStarts)
            {
                members.DrainStarted(member);
            }
        }
    }

    internal async Task<IReadOnlyList<LoadBalancerMember>> ListMembersAsync(string pool, CancellationToken ct)
    {
        await DelayAsync(Options.LoadBalancerLatency, ct).ConfigureAwait(false);
        lock (_gate)
        {
            var call = _listCalls++;
            if (DeterministicRandom.Unit(Options.Seed, pool, PurposeList, call) < Options.ListFailureRate)
            {
                throw new ProviderOperationException("simulated transient failure listing pool members", OperationFailureKind.Transient);
            }

            return MembersLocked(pool, ReuseListings ? _memberListing ??= [] : null);
        }
    }

    private static string NameKey(string scaleSet, string name) => scaleSet + "/" + name;

    private void ForgetLocked(SimulatedInstance instance)
    {
        _byId.Remove(instance.Id);
        _byName.Remove(NameKey(instance.ScaleSet, instance.Name));
        _byToken.Remove(instance.ClientToken);

        // A vanished instance never comes back under its token, so its attempts are dropped: a run that creates and deletes
        // millions of instances keeps tables the size of the instances that exist.
        _createAttempts.Remove(instance.ClientToken);
    }

    private Task DelayAsync(TimeSpan latency, CancellationToken ct) =>
        latency > TimeSpan.Zero ? Task.Delay(latency, Time, ct) : Task.CompletedTask;

    private SimulatedScaleSet SetLocked(string scaleSetName)
    {
        if (!_sets.TryGetValue(scaleSetName, out var set))
        {
            _sets[scaleSetName] = set = new SimulatedScaleSet();
        }

        return set;
    }

    private OperationFailureKind DrawFailure(string key, long counter)
    {
        var u = DeterministicRandom.Unit(Options.Seed, key, PurposeFailure, counter);
        return u < Options.TransientFailureRate ? OperationFailureKind.Transient
            : u < Options.TransientFailureRate + Options.PermanentFailureRate ? OperationFailureKind.Permanent
            : OperationFailureKind.None;
    }

    private bool DrawTransient(string key, long counter) =>
        DeterministicRandom.Unit(Options.Seed, key, PurposeFailure, counter) < Options.TransientFailureRate;

    private static List<T> CopyListing<T>(List<T> listing, List<T>? reuse)
    {
        if (reuse is null)
        {
            return [.. listing];
        }

        // One block copy: the listing the cloud keeps is never handed out, so a caller holding a listing never sees it change.
        reuse.Clear();
        reuse.AddRange(listing);
        return reuse;
    }

    private void BootLocked(SimulatedScaleSet set, SimulatedInstance instance, DateTimeOffset now) =>
        BootLocked(set, instance, now, Options.BootTime, Options.BootTimeSpread);

    private void BootLocked(SimulatedScaleSet set, SimulatedInstance instance, DateTimeOffset now, TimeSpan time, TimeSpan timeSpread)
    {
        var boot = instance.Boots++;
        var spread = DeterministicRandom.Unit(Options.Seed, instance.Name, PurposeBoot, boot);
        instance.ReadyAt = now + time + (timeSpread * spread);
        instance.BootFails = DeterministicRandom.Unit(Options.Seed, instance.Name, PurposeBootFailure, boot) < Options.BootFailureRate;
        set.Booted(instance);
    }

    private List<InstanceInfo> ListLocked(string scaleSetName, List<InstanceInfo>? reuse = null)
    {
        if (!_sets.TryGetValue(scaleSetName, out var set))
        {
            reuse?.Clear();
            return reuse ?? [];
        }

        return CopyListing(set.List(Time.GetUtcNow(), _describeInstance), reuse);
    }

    private InstanceInfo InfoLocked(SimulatedInstance i, DateTimeOffset now)
    {
        var booted = now >= i.ReadyAt;
        if (booted && !i.Stopped)
        {
            i.FirstBootDone = true;
        }

        var state = i.Stopped ? InstanceState.Stopped
            : !booted ? (i.Boots > 1 ? InstanceState.Starting : InstanceState.Creating)
            : InstanceState.Running;
        var health = state != InstanceState.Running ? InstanceHealth.Unknown
            : i.Crashed || i.BootFails || (_zonesDown.Count > 0 && _zonesDown.Contains(i.Zone)) ? InstanceHealth.Unhealthy
            : InstanceHealth.Healthy;
        var address = i.FirstBootDone ? i.Address : null;
        var cached = i.Cached;
        if (cached is not null && cached.State == state && cached.Health == health && ReferenceEquals(cached.Address, address)
            && ReferenceEquals(cached.ModelVersion, i.ModelVersion) && cached.ProtectedFromScaleIn == i.Protected)
        {
            return cached;
        }

        return i.Cached = new InstanceInfo(i.Id, i.Name, i.Zone, i.ModelVersion, state, health, address, i.CreatedAt, i.Protected);
    }

    private List<LoadBalancerMember> MembersLocked(string pool, List<LoadBalancerMember>? reuse = null)
    {
        if (!_pools.TryGetValue(pool, out var members))
        {
            reuse?.Clear();
            return reuse ?? [];
        }

        return CopyListing(members.List(Time.GetUtcNow(), Options.DefaultActiveConnections, Options.ConnectionDrainTime, _describeMember), reuse);
    }

    private LoadBalancerMember DescribeLocked(SimulatedMember m, DateTimeOffset now)
    {
        var base_ = m.Connections ?? Options.DefaultActiveConnections;
        var connections = m.State switch
        {
            LoadBalancerMemberState.Ready => base_,
            LoadBalancerMemberState.Draining => now >= m.DrainStartedAt + Options.ConnectionDrainTime ? 0 : base_,
            _ => 0,
        };

        // A member's description is reused while unchanged, as instances' are: a pool of n members lists without n allocations.
        var cached = m.Cached;
        if (cached is null || cached.State != m.State || cached.ActiveConnections != connections || !ReferenceEquals(cached.Address, m.Address))
        {
            m.Cached = cached = new LoadBalancerMember(m.InstanceId, m.InstanceName, m.Address, m.State, connections);
        }

        return cached;
    }
}
