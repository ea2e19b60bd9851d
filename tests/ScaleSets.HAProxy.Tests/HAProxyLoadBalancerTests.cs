using Microsoft.Extensions.Time.Testing;
using ScaleSets.Abstractions;
using ScaleSets.HAProxy.Tests.Fakes;

namespace ScaleSets.HAProxy.Tests;

/// <summary>Command building and sequencing against a recording fake; the integration tests prove the same against HAProxy.</summary>
[TestFixture]
public sealed class HAProxyLoadBalancerTests
{
    private FakeRuntimeApi _api = null!;
    private FakeTimeProvider _time = null!;
    private HAProxyLoadBalancer _lb = null!;

    [SetUp]
    public void SetUp()
    {
        _api = new FakeRuntimeApi();
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        _lb = new HAProxyLoadBalancer(
            new HAProxyLoadBalancerOptions { SocketAddress = "/tmp/x.sock", HealthCheckInterval = TimeSpan.FromMilliseconds(500), HealthCheckRise = 2, HealthCheckFall = 3, Weight = 10, DrainTimeout = TimeSpan.FromSeconds(10), DrainPollInterval = TimeSpan.FromSeconds(1), MaxRetryAttempts = 3, RetryDelay = TimeSpan.FromSeconds(1) },
            _api,
            _time);
    }

    [TearDown]
    public void TearDown() => _lb.Dispose();

    [Test]
    public async Task RegisterAsync_NewServer_AddsWithEveryKeywordThenEnablesHealth()
    {
        await _lb.RegisterAsync("web", "vm-1", "web_000001", "10.0.0.4:8080", CancellationToken.None);

        Assert.That(_api.Lines, Does.Contain("add server web/ss-vm-1 10.0.0.4:8080 weight 10 check inter 500ms fastinter 500ms downinter 500ms rise 2 fall 3;enable health web/ss-vm-1"));
        Assert.That(_api.Lines.Any(l => l.Contains("enabled", StringComparison.Ordinal)), Is.False, "the 'enabled' keyword leaves 2.6 servers UP without traffic");
        Assert.That(_api.Servers["ss-vm-1"].Maint, Is.True);
    }

    [Test]
    public async Task SetReadyAsync_FromMaintenance_ReadyAndHealthDownOnOneLine()
    {
        await _lb.RegisterAsync("web", "vm-1", "web_000001", "10.0.0.4", CancellationToken.None);

        await _lb.SetReadyAsync("web", "vm-1", CancellationToken.None);

        Assert.That(_api.Lines, Does.Contain("set server web/ss-vm-1 state ready;set server web/ss-vm-1 health down"));
        Assert.That(_api.Servers["ss-vm-1"].ForcedDown, Is.EqualTo(1));
    }

    [Test]
    public async Task SetReadyAsync_AlreadyReady_SendsNoStateChange()
    {
        await _lb.RegisterAsync("web", "vm-1", "web_000001", "10.0.0.4", CancellationToken.None);
        await _lb.SetReadyAsync("web", "vm-1", CancellationToken.None);
        _api.Lines.Clear();

        await _lb.SetReadyAsync("web", "vm-1", CancellationToken.None);

        Assert.That(_api.Lines.Where(l => l.StartsWith("set ", StringComparison.Ordinal)), Is.Empty, "forcing a serving server down again would cut it from traffic");
    }

    [Test]
    public async Task ListMembersAsync_ManagedServers_MappedToMembersWithoutThePrefix()
    {
        _api.Servers["static1"] = new FakeServer("static1") { Maint = false, Up = true, Address = "10.9.9.9:80" };
        await _lb.RegisterAsync("web", "vm-1", "web_000001", "10.0.0.4", CancellationToken.None);
        await _lb.RegisterAsync("web", "vm-2", "web_000002", "10.0.0.5", CancellationToken.None);
        await _lb.SetReadyAsync("web", "vm-2", CancellationToken.None);
        await _lb.DrainAsync("web", "vm-2", CancellationToken.None);
        _api.Servers["ss-vm-2"].Sessions = 4;

        var members = await _lb.ListMembersAsync("web", CancellationToken.None);

        Assert.That(members, Is.EquivalentTo(new[]
        {
            new LoadBalancerMember("vm-1", "web_000001", "10.0.0.4:80", LoadBalancerMemberState.Registered, 0),
            new LoadBalancerMember("vm-2", "web_000002", "10.0.0.5:80", LoadBalancerMemberState.Draining, 4),
        }));
    }

    [Test]
    public async Task RemoveAsync_SessionsEndBeforeTimeout_WaitsThenMaintThenDeletes()
    {
        await RegisterReadyAsync("vm-1");
        _api.Servers["ss-vm-1"].Sessions = 2;

        var remove = _lb.RemoveAsync("web", "vm-1", CancellationToken.None);
        await Until(() => _api.Lines.Contains("set server web/ss-vm-1 state drain"));
        Assert.That(remove.IsCompleted, Is.False, "waits while sessions remain");
        _api.Servers["ss-vm-1"].Sessions = 0;
        _time.Advance(TimeSpan.FromSeconds(1));
        await remove.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);

        var changes = _api.Lines.Where(l => !l.StartsWith("show", StringComparison.Ordinal)).ToList();
        Assert.That(changes[^3..], Is.EqualTo(new[] { "set server web/ss-vm-1 state drain", "set server web/ss-vm-1 state maint", "del server web/ss-vm-1" }));
        Assert.That(_api.Lines, Does.Not.Contain("shutdown sessions server web/ss-vm-1"));
        Assert.That(_api.Servers, Does.Not.ContainKey("ss-vm-1"));
    }

    [Test]
    public async Task RemoveAsync_SessionsOutlastDrainTimeout_CutsThemAndDeletes()
    {
        await RegisterReadyAsync("vm-1");
        _api.Servers["ss-vm-1"].Sessions = 2;

        var remove = _lb.RemoveAsync("web", "vm-1", CancellationToken.None);
        for (var i = 0; i < 15 && !remove.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            for (var y = 0; y < 20; y++)
            {
                await Task.Yield();
            }
        }

        await remove.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        Assert.That(_api.Lines, Does.Contain("shutdown sessions server web/ss-vm-1"));
        Assert.That(_api.Servers, Does.Not.ContainKey("ss-vm-1"));
    }

    [Test]
    public async Task RemoveAsync_AlreadyDraining_DeletesWithoutWaitingAgain()
    {
        // The controller drains, waits its own drain timeout, then removes: the adapter must not wait a second time.
        await RegisterReadyAsync("vm-1");
        await _lb.DrainAsync("web", "vm-1", CancellationToken.None);
        _api.Servers["ss-vm-1"].Sessions = 2;

        var remove = _lb.RemoveAsync("web", "vm-1", CancellationToken.None);
        await Until(() => _api.Lines.Contains("shutdown sessions server web/ss-vm-1"));
        _time.Advance(TimeSpan.FromSeconds(1));
        await Until(() => remove.IsCompleted);

        Assert.That(remove.IsCompletedSuccessfully, Is.True, "deleted one poll interval after the cut, not after another 10 s drain timeout");
        Assert.That(_api.Lines, Does.Contain("shutdown sessions server web/ss-vm-1"), "what outlasted the caller's drain is cut");
        Assert.That(_api.Servers, Does.Not.ContainKey("ss-vm-1"));
    }

    [Test]
    public async Task RegisterAsync_TransientFailureWithDefaultOptions_ReportedOnceForTheCallerToRetry()
    {
        var api = new FakeRuntimeApi { TransientFailuresLeft = 1 };
        using var lb = new HAProxyLoadBalancer(new HAProxyLoadBalancerOptions { SocketAddress = "/tmp/x.sock" }, api, _time);

        var register = lb.RegisterAsync("web", "vm-1", "web_000001", "10.0.0.4", CancellationToken.None);
        await Until(() => register.IsCompleted);

        Assert.That(register.Exception?.InnerException, Is.TypeOf<ProviderOperationException>().With.Property(nameof(ProviderOperationException.IsTransient)).True);
        Assert.That(api.Lines, Has.Count.EqualTo(1), "one attempt: the controller's retry policy owns retries");
    }

    [Test]
    public async Task RemoveAsync_NotThere_Succeeds()
    {
        await _lb.RemoveAsync("web", "vm-404", CancellationToken.None);

        Assert.That(_api.Lines.Where(l => l.StartsWith("del", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void DrainAsync_UnknownMember_PermanentError()
    {
        var ex = Assert.ThrowsAsync<ProviderOperationException>(() => _lb.DrainAsync("web", "vm-404", CancellationToken.None));

        Assert.That(ex!.IsTransient, Is.False);
        Assert.That(ex.Message, Does.Contain("web/ss-vm-404"));
    }

    [Test]
    public async Task ListMembersAsync_AfterRestart_ReappliesEveryServerInItsState()
    {
        await RegisterReadyAsync("vm-1");
        await _lb.RegisterAsync("web", "vm-2", "web_000002", "10.0.0.5", CancellationToken.None);
        await RegisterReadyAsync("vm-3");
        await _lb.DrainAsync("web", "vm-3", CancellationToken.None);
        _api.Restart();

        var members = await _lb.ListMembersAsync("web", CancellationToken.None);

        Assert.That(_lb.Resyncs, Is.EqualTo(1));
        Assert.That(members.ToDictionary(m => m.InstanceId, m => m.State), Is.EquivalentTo(new Dictionary<string, LoadBalancerMemberState>
        {
            ["vm-1"] = LoadBalancerMemberState.Ready,
            ["vm-2"] = LoadBalancerMemberState.Registered,
            ["vm-3"] = LoadBalancerMemberState.Draining,
        }));
        Assert.That(_api.Servers["ss-vm-1"].ForcedDown, Is.EqualTo(1), "a re-added server waits for its first check");
    }

    [Test]
    public async Task ListMembersAsync_FirstContact_AdoptsPrefixedServersOnly()
    {
        _api.Servers["ss-vm-7"] = new FakeServer("ss-vm-7") { Maint = false, Up = true, Address = "10.0.0.7:80", Weight = 10 };
        _api.Servers["static1"] = new FakeServer("static1") { Maint = false, Up = true, Address = "10.9.9.9:80" };

        var members = await _lb.ListMembersAsync("web", CancellationToken.None);
        _api.Restart();
        var after = await _lb.ListMembersAsync("web", CancellationToken.None);

        Assert.That(members.Select(m => m.InstanceId), Is.EqualTo(new[] { "vm-7" }));
        Assert.That(after.Select(m => (m.InstanceId, m.State)), Is.EqualTo(new[] { ("vm-7", LoadBalancerMemberState.Ready) }), "adopted servers are re-applied after a restart");
    }

    [Test]
    public async Task RegisterAsync_TransientSocketFailures_RetriedOnTheInjectedClock()
    {
        _api.TransientFailuresLeft = 2;

        var register = _lb.RegisterAsync("web", "vm-1", "web_000001", "10.0.0.4", CancellationToken.None);
        await Until(() => _api.Lines.Count == 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Until(() => _api.Lines.Count == 2);
        _time.Advance(TimeSpan.FromSeconds(2));
        await register.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);

        Assert.That(_api.Servers, Does.ContainKey("ss-vm-1"));
    }

    [Test]
    public void RegisterAsync_StaticAlgorithmRefusal_PermanentWithHint()
    {
        var lb = new HAProxyLoadBalancer(new HAProxyLoadBalancerOptions { SocketAddress = "/tmp/x.sock" }, new RefusingApi("Backend must use a dynamic load balancing to support dynamic servers.\n"), _time);

        var ex = Assert.ThrowsAsync<ProviderOperationException>(() => lb.RegisterAsync("web", "vm-1", "n", "10.0.0.4", CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("balance roundrobin"));
        lb.Dispose();
    }

    [Test]
    public async Task SetWeightAsync_AbsoluteWeight_SentWithoutPercent()
    {
        await RegisterReadyAsync("vm-1");

        await _lb.SetWeightAsync("web", "vm-1", 50, CancellationToken.None);

        Assert.That(_api.Lines, Does.Contain("set server web/ss-vm-1 weight 50"));
        Assert.That(() => _lb.SetWeightAsync("web", "vm-1", 257, CancellationToken.None), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Yield();
        }

        Assert.That(condition(), Is.True, "condition not reached");
    }

    private async Task RegisterReadyAsync(string id)
    {
        await _lb.RegisterAsync("web", id, "name-" + id, "10.0.0.4", CancellationToken.None);
        await _lb.SetReadyAsync("web", id, CancellationToken.None);
    }

    private sealed class RefusingApi(string refusal) : ScaleSets.HAProxy.Runtime.IRuntimeApi
    {
        public Task<string> SendAsync(string line, CancellationToken cancellationToken) => Task.FromResult(
            line == "show info" ? "Pid: 1\n" : line.StartsWith("show stat", StringComparison.Ordinal) ? "# pxname,svname,scur,status,weight,\n" : refusal);
    }
}
