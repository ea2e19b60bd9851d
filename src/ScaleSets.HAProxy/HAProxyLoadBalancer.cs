using System.Globalization;
using ScaleSets.Abstractions;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy;

/// <summary>
/// An <see cref="ILoadBalancer"/> over HAProxy's Runtime API (the admin stats socket): each pool member is a server added at
/// runtime to an HAProxy backend, named <see cref="HAProxyLoadBalancerOptions.ServerNamePrefix"/> + instance id.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="RegisterAsync"/> adds the server (in maintenance, with health checks enabled); <see cref="SetReadyAsync"/> takes it out
/// of maintenance and forces it down on the same command line, so it gets traffic only after its first passing check;
/// <see cref="DrainAsync"/> sets it draining; <see cref="RemoveAsync"/> drains, waits for its sessions to end (up to
/// <see cref="HAProxyLoadBalancerOptions.DrainTimeout"/>, unless the caller drained it already), puts it in maintenance and
/// deletes it. Transient failures are reported, not retried, unless <see cref="HAProxyLoadBalancerOptions.MaxRetryAttempts"/>
/// asks for retries: under a <c>ScaleSetController</c> the controller's retry policy is the one that applies.
/// </para>
/// <para>
/// Servers added at runtime vanish when HAProxy restarts or reloads. Every call first reads <c>show info</c>; a new process id,
/// start time or a smaller uptime means a new process, and the adapter re-adds every server it manages in the state it was told.
/// On first contact with a backend it adopts the servers it finds with its name prefix, so a restarted controller can finish or
/// remove them. Names and addresses are validated before anything is sent: the protocol is line based, and a newline, ';', space,
/// backslash or control character could smuggle a second command.
/// </para>
/// </remarks>
public sealed class HAProxyLoadBalancer : ILoadBalancer, IDisposable
{
    private readonly HAProxyLoadBalancerOptions _options;
    private readonly IRuntimeApi _api;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly Dictionary<string, Dictionary<string, DesiredServer>> _desired = new(StringComparer.Ordinal);
    private readonly HashSet<string> _adopted = new(StringComparer.Ordinal);
    private ProcessIdentity? _process;
    private long _resyncs;

    /// <summary>Initializes a new instance of the <see cref="HAProxyLoadBalancer"/> class.</summary>
    /// <param name="options">The options; validated here and not to be changed afterwards.</param>
    /// <param name="timeProvider">The clock for command timeouts, retry delays and drain waits; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public HAProxyLoadBalancer(HAProxyLoadBalancerOptions options, TimeProvider? timeProvider = null)
        : this(options, null, timeProvider ?? TimeProvider.System)
    {
    }

    internal HAProxyLoadBalancer(HAProxyLoadBalancerOptions options, IRuntimeApi? api, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid();
        _options = options;
        _time = timeProvider;
        if (api is null)
        {
            RuntimeEndpoint.TryParse(options.SocketAddress, options.AllowNonLoopbackSocket, out var endpoint, out _);
            api = new SocketRuntimeApi(endpoint!, options.CommandTimeout, timeProvider);
        }

        _api = api;
    }

    /// <summary>Gets how many times a restarted HAProxy was detected and the managed servers re-applied.</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The pool, instance id or address is not safe or valid for HAProxy; nothing was sent.</exception>
    public async Task RegisterAsync(string pool, string instanceId, string instanceName, string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceName);
        var server = Resolve(pool, instanceId);
        var addr = RuntimeInput.RequireAddress(address, _options.DefaultServerPort, $"address of instance '{RuntimeInput.Describe(instanceId)}'", nameof(address));
        await EnsureCurrentAsync(server.Backend, cancellationToken).ConfigureAwait(false);

        var current = await FindAsync(server, cancellationToken).ConfigureAwait(false);
        var weight = _options.Weight;
        var state = LoadBalancerMemberState.Registered;
        if (current is null)
        {
            current = await AddAsync(server, addr, weight, cancellationToken).ConfigureAwait(false);
        }

        if (current is not null)
        {
            weight = current.Weight > 0 ? current.Weight : weight;
            state = ToMemberState(current.Admin);
            if (!string.Equals(current.Address, addr.ToCommandText(), StringComparison.Ordinal))
            {
                var line = RuntimeCommands.SetAddress(server, addr);
                var answer = await ExecuteAsync(line, cancellationToken).ConfigureAwait(false);
                if (RuntimeAnswer.Contains(answer, "No such") || !(RuntimeAnswer.Contains(answer, "changed") || RuntimeAnswer.Contains(answer, "no need to change")))
                {
                    throw RuntimeAnswer.Refused(answer, line);
                }
            }
        }

        lock (_gate)
        {
            Pool(server.Backend)[server.Server] = new DesiredServer(instanceId, instanceName, addr, state, weight);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The pool or instance id is not safe or valid for HAProxy; nothing was sent.</exception>
    public async Task SetReadyAsync(string pool, string instanceId, CancellationToken cancellationToken)
    {
        var server = Resolve(pool, instanceId);
        await EnsureCurrentAsync(server.Backend, cancellationToken).ConfigureAwait(false);
        var current = await FindAsync(server, cancellationToken).ConfigureAwait(false);
        DesiredServer? desired;
        lock (_gate)
        {
            desired = Pool(server.Backend).GetValueOrDefault(server.Server);
        }

        if (current is null)
        {
            if (desired is null)
            {
                throw NotAMember(server);
            }

            current = await AddAsync(server, desired.Address, desired.Weight, cancellationToken).ConfigureAwait(false) ?? throw NotAMember(server);
        }

        switch (current.Admin)
        {
            case ServerAdminState.Maint:
                // Leaving maintenance marks a checked server up at once; forced down on the same line it waits for its first check.
                await ExpectAsync(RuntimeCommands.Join(RuntimeCommands.SetReady(server), RuntimeCommands.SetHealthDown(server)), cancellationToken).ConfigureAwait(false);
                break;
            case ServerAdminState.Drain:
                await ExpectAsync(RuntimeCommands.SetReady(server), cancellationToken).ConfigureAwait(false);
                break;
        }

        SetDesiredState(server, current, LoadBalancerMemberState.Ready);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The pool or instance id is not safe or valid for HAProxy; nothing was sent.</exception>
    public async Task DrainAsync(string pool, string instanceId, CancellationToken cancellationToken)
    {
        var server = Resolve(pool, instanceId);
        await EnsureCurrentAsync(server.Backend, cancellationToken).ConfigureAwait(false);
        var current = await FindAsync(server, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            lock (_gate)
            {
                // Deleted behind the adapter's back: it takes no traffic, which is what draining asks for.
                if (!Pool(server.Backend).Remove(server.Server))
                {
                    throw NotAMember(server);
                }
            }

            return;
        }

        if (current.Admin == ServerAdminState.Ready)
        {
            await ExpectAsync(RuntimeCommands.SetDrain(server), cancellationToken).ConfigureAwait(false);
        }

        SetDesiredState(server, current, LoadBalancerMemberState.Draining);
    }

    /// <summary>
    /// Removes a member: sets it draining if it is not yet, waits until its current sessions reach zero or
    /// <see cref="HAProxyLoadBalancerOptions.DrainTimeout"/> passes, puts it in maintenance and deletes it (cutting sessions that
    /// outlast the timeout). A member already draining was drained by the caller, who owns the wait: it is deleted at once, its
    /// remaining sessions cut. Removing a member that is not there succeeds.
    /// </summary>
    /// <param name="pool">The backend pool.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server is deleted.</returns>
    /// <exception cref="ArgumentException">The pool or instance id is not safe or valid for HAProxy; nothing was sent.</exception>
    /// <exception cref="ProviderOperationException">HAProxy refused, or the server still had connections after the timeout.</exception>
    public async Task RemoveAsync(string pool, string instanceId, CancellationToken cancellationToken)
    {
        var server = Resolve(pool, instanceId);
        await EnsureCurrentAsync(server.Backend, cancellationToken).ConfigureAwait(false);
        var current = await FindAsync(server, cancellationToken).ConfigureAwait(false);
        if (current is not null)
        {
            // Whoever set the server draining owns the drain wait (the controller drains, waits its own timeout, then removes).
            var deadline = _time.GetUtcNow() + (current.Admin == ServerAdminState.Drain ? TimeSpan.Zero : _options.DrainTimeout);
            if (current.Admin == ServerAdminState.Ready)
            {
                await ExpectAsync(RuntimeCommands.SetDrain(server), cancellationToken).ConfigureAwait(false);
                SetDesiredState(server, current, LoadBalancerMemberState.Draining);
            }

            while (current is { CurrentSessions: > 0 } && _time.GetUtcNow() < deadline)
            {
                await Task.Delay(_options.DrainPollInterval, _time, cancellationToken).ConfigureAwait(false);
                current = await FindAsync(server, cancellationToken).ConfigureAwait(false);
            }

            if (current is not null)
            {
                if (current.Admin != ServerAdminState.Maint)
                {
                    await ExpectAsync(RuntimeCommands.SetMaint(server), cancellationToken).ConfigureAwait(false);
                }

                await DeleteAsync(server, deadline, cancellationToken).ConfigureAwait(false);
            }
        }

        lock (_gate)
        {
            Pool(server.Backend).Remove(server.Server);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The pool is not a valid HAProxy backend name; nothing was sent.</exception>
    public async Task<IReadOnlyList<LoadBalancerMember>> ListMembersAsync(string pool, CancellationToken cancellationToken)
    {
        var backend = ResolveBackend(pool);
        await EnsureCurrentAsync(backend, cancellationToken).ConfigureAwait(false);
        var stats = await StatAsync(backend, cancellationToken).ConfigureAwait(false);
        var members = new List<LoadBalancerMember>(stats.Count);
        lock (_gate)
        {
            var desired = Pool(backend);
            foreach (var s in stats)
            {
                if (!IsManaged(s.Name))
                {
                    continue;
                }

                var id = s.Name[_options.ServerNamePrefix.Length..];
                var name = desired.TryGetValue(s.Name, out var d) ? d.InstanceName : id;
                members.Add(new LoadBalancerMember(id, name, s.Address, ToMemberState(s.Admin), s.CurrentSessions));
            }
        }

        return members;
    }

    /// <summary>Sets a member's weight (HAProxy's absolute weight: a percentage would be relative to the initial weight).</summary>
    /// <param name="pool">The backend pool.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="weight">The weight, 0 (no new traffic) to 256.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the weight is set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weight"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The pool or instance id is not safe or valid for HAProxy; nothing was sent.</exception>
    /// <exception cref="ProviderOperationException">The member does not exist or HAProxy refused.</exception>
    public async Task SetWeightAsync(string pool, string instanceId, int weight, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weight, 256);
        var server = Resolve(pool, instanceId);
        await EnsureCurrentAsync(server.Backend, cancellationToken).ConfigureAwait(false);
        var line = RuntimeCommands.SetWeight(server, weight);
        var answer = await ExecuteAsync(line, cancellationToken).ConfigureAwait(false);
        if (RuntimeAnswer.Contains(answer, "No such server"))
        {
            throw NotAMember(server);
        }

        RuntimeAnswer.Expect(answer, line);
        lock (_gate)
        {
            var pool2 = Pool(server.Backend);
            if (pool2.TryGetValue(server.Server, out var d))
            {
                pool2[server.Server] = d with { Weight = weight };
            }
        }
    }

    /// <summary>Releases the synchronisation primitive.</summary>
    public void Dispose() => _syncGate.Dispose();

    internal static LoadBalancerMemberState ToMemberState(ServerAdminState admin) => admin switch
    {
        ServerAdminState.Maint => LoadBalancerMemberState.Registered,
        ServerAdminState.Drain => LoadBalancerMemberState.Draining,
        _ => LoadBalancerMemberState.Ready,
    };

    /// <summary>Reads every server of a backend from <c>show stat</c>.</summary>
    internal async Task<IReadOnlyList<ServerStat>> StatAsync(string backend, CancellationToken ct) =>
        StatCsv.ParseServers(await ExecuteAsync(RuntimeCommands.ShowStat(backend), ct).ConfigureAwait(false));

    private static ProviderOperationException NotAMember(ServerRef server) =>
        new($"HAProxy server {server} does not exist: the instance is not a member of the pool.", OperationFailureKind.Permanent);

    private bool IsManaged(string serverName) => serverName.StartsWith(_options.ServerNamePrefix, StringComparison.Ordinal) && serverName.Length > _options.ServerNamePrefix.Length;

    private string ResolveBackend(string pool) =>
        _options.BackendName ?? RuntimeInput.RequireName(pool, "backend name (the pool)", nameof(pool));

    private ServerRef Resolve(string pool, string instanceId)
    {
        var backend = ResolveBackend(pool);
        if (!RuntimeInput.TryValidateName(instanceId, out var error))
        {
            throw new ArgumentException($"HAProxy server name from instance id: {error} Nothing was sent to HAProxy.", nameof(instanceId));
        }

        return ServerRef.Create(backend, _options.ServerNamePrefix + instanceId, nameof(instanceId));
    }

    private Dictionary<string, DesiredServer> Pool(string backend)
    {
        if (!_desired.TryGetValue(backend, out var pool))
        {
            _desired[backend] = pool = new Dictionary<string, DesiredServer>(StringComparer.Ordinal);
        }

        return pool;
    }

    private void SetDesiredState(ServerRef server, ServerStat current, LoadBalancerMemberState state)
    {
        lock (_gate)
        {
            var pool = Pool(server.Backend);
            if (pool.TryGetValue(server.Server, out var d))
            {
                pool[server.Server] = d with { State = state };
            }
            else if (RuntimeInput.TryParseAddress(current.Address, _options.DefaultServerPort, out var address, out _))
            {
                var id = server.Server[_options.ServerNamePrefix.Length..];
                pool[server.Server] = new DesiredServer(id, id, address, state, current.Weight > 0 ? current.Weight : _options.Weight);
            }
        }
    }

    private async Task<ServerStat?> FindAsync(ServerRef server, CancellationToken ct)
    {
        var stats = await StatAsync(server.Backend, ct).ConfigureAwait(false);
        foreach (var s in stats)
        {
            if (string.Equals(s.Name, server.Server, StringComparison.Ordinal))
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>Adds a server in maintenance with checks enabled; returns its row, or <see langword="null"/> when it vanished at once.</summary>
    private async Task<ServerStat?> AddAsync(ServerRef server, ServerAddress address, int weight, CancellationToken ct)
    {
        var line = RuntimeCommands.Join(
            RuntimeCommands.AddServer(server, address, weight, _options.HealthCheckInterval, _options.HealthCheckRise, _options.HealthCheckFall),
            RuntimeCommands.EnableHealth(server));
        var answer = await ExecuteAsync(line, ct).ConfigureAwait(false);
        if (!RuntimeAnswer.Lines(answer).SequenceEqual([RuntimeAnswer.ServerRegistered], StringComparer.Ordinal)
            && !RuntimeAnswer.Contains(answer, "Already exists"))
        {
            throw RuntimeAnswer.Refused(answer, line);
        }

        return await FindAsync(server, ct).ConfigureAwait(false);
    }

    private async Task DeleteAsync(ServerRef server, DateTimeOffset drainDeadline, CancellationToken ct)
    {
        var line = RuntimeCommands.DeleteServer(server);
        var giveUpAt = drainDeadline + _options.CommandTimeout;
        var cut = false;
        while (true)
        {
            var answer = await ExecuteAsync(line, ct).ConfigureAwait(false);
            var lines = RuntimeAnswer.Lines(answer);
            if (lines.SequenceEqual([RuntimeAnswer.ServerDeleted], StringComparer.Ordinal) || RuntimeAnswer.Contains(answer, "No such server"))
            {
                return;
            }

            if (!RuntimeAnswer.Contains(answer, "still has connections"))
            {
                throw RuntimeAnswer.Refused(answer, line);
            }

            var now = _time.GetUtcNow();
            if (now >= giveUpAt)
            {
                throw new ProviderOperationException(
                    string.Create(CultureInfo.InvariantCulture, $"HAProxy server {server} still has connections {_options.CommandTimeout.TotalSeconds:0.###} s after the drain timeout; not deleted yet."),
                    OperationFailureKind.Transient);
            }

            if (now >= drainDeadline && !cut)
            {
                // The drain timeout is over: end what is left, as Azure's connection draining does.
                cut = true;
                await ExecuteAsync(RuntimeCommands.ShutdownSessions(server), ct).ConfigureAwait(false);
            }

            await Task.Delay(_options.DrainPollInterval, _time, ct).ConfigureAwait(false);
        }
    }

    private async Task ExpectAsync(string line, CancellationToken ct) =>
        RuntimeAnswer.Expect(await ExecuteAsync(line, ct).ConfigureAwait(false), line);

    /// <summary>Sends a line, retrying transient failures with exponential back-off on the injected clock.</summary>
    private async Task<string> ExecuteAsync(string line, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await _api.SendAsync(line, ct).ConfigureAwait(false);
            }
            catch (ProviderOperationException ex) when (ex.IsTransient && attempt < _options.MaxRetryAttempts)
            {
                var delay = _options.RetryDelay * Math.Pow(2, attempt);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Notices a restarted HAProxy (re-applying every managed server) and adopts a backend's servers on first contact.</summary>
    private async Task EnsureCurrentAsync(string backend, CancellationToken ct)
    {
        var observed = ProcessIdentity.Parse(await ExecuteAsync(RuntimeCommands.ShowInfo, ct).ConfigureAwait(false));
        await _syncGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            bool restarted;
            bool adopt;
            List<string> backends;
            lock (_gate)
            {
                restarted = _process is { } known && !observed.IsSameProcessAs(known);
                adopt = !_adopted.Contains(backend);
                backends = [.. _desired.Where(p => p.Value.Count > 0).Select(p => p.Key)];
            }

            if (restarted)
            {
                foreach (var b in backends)
                {
                    await ReapplyAsync(b, ct).ConfigureAwait(false);
                }

                Interlocked.Increment(ref _resyncs);
            }

            if (adopt)
            {
                await AdoptAsync(backend, ct).ConfigureAwait(false);
            }

            lock (_gate)
            {
                _process = observed;
                _adopted.Add(backend);
            }
        }
        finally
        {
            _syncGate.Release();
        }
    }

    private async Task AdoptAsync(string backend, CancellationToken ct)
    {
        var stats = await StatAsync(backend, ct).ConfigureAwait(false);
        lock (_gate)
        {
            var pool = Pool(backend);
            foreach (var s in stats)
            {
                if (IsManaged(s.Name) && !pool.ContainsKey(s.Name) && RuntimeInput.TryParseAddress(s.Address, _options.DefaultServerPort, out var address, out _))
                {
                    var id = s.Name[_options.ServerNamePrefix.Length..];
                    pool[s.Name] = new DesiredServer(id, id, address, ToMemberState(s.Admin), s.Weight > 0 ? s.Weight : _options.Weight);
                }
            }
        }
    }

    private async Task ReapplyAsync(string backend, CancellationToken ct)
    {
        var present = (await StatAsync(backend, ct).ConfigureAwait(false)).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        List<(ServerRef Server, DesiredServer Desired)> missing;
        lock (_gate)
        {
            missing = [.. Pool(backend).Where(p => !present.Contains(p.Key)).Select(p => (ServerRef.Create(backend, p.Key, nameof(backend)), p.Value))];
        }

        foreach (var (server, desired) in missing)
        {
            await AddAsync(server, desired.Address, desired.Weight, ct).ConfigureAwait(false);
            switch (desired.State)
            {
                case LoadBalancerMemberState.Ready:
                    await ExpectAsync(RuntimeCommands.Join(RuntimeCommands.SetReady(server), RuntimeCommands.SetHealthDown(server)), ct).ConfigureAwait(false);
                    break;
                case LoadBalancerMemberState.Draining:
                    await ExpectAsync(RuntimeCommands.SetDrain(server), ct).ConfigureAwait(false);
                    break;
            }
        }
    }
}
