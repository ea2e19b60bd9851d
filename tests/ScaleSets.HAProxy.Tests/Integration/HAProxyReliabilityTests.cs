using ScaleSets.Abstractions;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>Failures an adversarial probe found in the adapter (issue 17, items 6, 7 and 13), each against the real HAProxy.</summary>
[TestFixture]
[Category("HAProxy")]
public sealed class HAProxyReliabilityTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task ListMembersAsync_DrainedServerFailingItsChecks_StillDraining()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await using var b = new TestHttpBackend("b");
        await lb.RegisterAsync("web", "vm-1", "web_000001", b.Address, CancellationToken.None);
        await lb.SetReadyAsync("web", "vm-1", CancellationToken.None);
        await Eventually.UntilAsync(async () => (await Http.GetAsync(h.FrontendUri("web"))).Body == "b", Wait, "serves");
        await lb.DrainAsync("web", "vm-1", CancellationToken.None);

        b.Healthy = false;
        // show stat now says DOWN, not DRAIN: HAProxy reports the operational state first.
        await Eventually.UntilAsync(async () => (await h.SendAsync("show stat web 4 -1")).Contains(",DOWN,", StringComparison.Ordinal), Wait, "the drained server is DOWN");

        var member = (await lb.ListMembersAsync("web", CancellationToken.None)).Single();
        Assert.That(member.State, Is.EqualTo(LoadBalancerMemberState.Draining));

        // A controller that starts afresh and adopts the server sees it draining too, and re-applies it so after a restart.
        using var restarted = h.NewLoadBalancer(options);
        Assert.That((await restarted.ListMembersAsync("web", CancellationToken.None)).Single().State, Is.EqualTo(LoadBalancerMemberState.Draining));
        await h.RestartAsync();
        Assert.That((await restarted.ListMembersAsync("web", CancellationToken.None)).Single().State, Is.EqualTo(LoadBalancerMemberState.Draining), "not Ready after a restart");
        Assert.That(restarted.Resyncs, Is.EqualTo(1));
        b.Healthy = true;
        await Eventually.UntilAsync(async () => (await h.SendAsync("show stat web 4 -1")).Contains(",DRAIN,", StringComparison.Ordinal), Wait, "drained in the new process");
        Assert.That((await Http.GetManyAsync(h.FrontendUri("web"), 5)).Select(r => r.Status), Is.All.EqualTo(503), "a draining server takes no new requests");
    }

    [Test]
    public async Task SetReadyAsync_DrainedServerFailingItsChecks_LeavesTheDrain()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await using var b = new TestHttpBackend("b");
        await lb.RegisterAsync("web", "vm-1", "web_000001", b.Address, CancellationToken.None);
        await lb.SetReadyAsync("web", "vm-1", CancellationToken.None);
        await lb.DrainAsync("web", "vm-1", CancellationToken.None);
        b.Healthy = false;
        await Eventually.UntilAsync(async () => (await h.SendAsync("show stat web 4 -1")).Contains(",DOWN,", StringComparison.Ordinal), Wait, "the drained server is DOWN");

        await lb.SetReadyAsync("web", "vm-1", CancellationToken.None);
        b.Healthy = true;

        await Eventually.UntilAsync(async () => (await Http.GetAsync(h.FrontendUri("web"))).Body == "b", Wait, "serves again once healthy: the drain was lifted");
    }

    [Test]
    public async Task Adapter_StaticServerNamedWithThePrefix_NeverListedChangedOrDeleted()
    {
        var options = HAProxyProcess.TestOptions();
        // Servers of the configuration file, one named as the adapter would name instance vm-1's.
        await using var h = await HAProxyProcess.StartAsync(options, ["web"], "  server ss-vm-1 127.0.0.1:9 check\n  server ss-static 127.0.0.1:9 check\n");
        using var lb = h.NewLoadBalancer(options);
        await using var b = new TestHttpBackend("b");

        Assert.That(await lb.ListMembersAsync("web", CancellationToken.None), Is.Empty, "static servers are not members");
        var remove = Assert.ThrowsAsync<ProviderOperationException>(() => lb.RemoveAsync("web", "vm-1", CancellationToken.None));
        var register = Assert.ThrowsAsync<ProviderOperationException>(() => lb.RegisterAsync("web", "vm-1", "web_000001", b.Address, CancellationToken.None));
        var weight = Assert.ThrowsAsync<ProviderOperationException>(() => lb.SetWeightAsync("web", "vm-1", 0, CancellationToken.None));
        await lb.RegisterAsync("web", "vm-2", "web_000002", b.Address, CancellationToken.None);

        Assert.That(remove!.Message, Does.Contain("web/ss-vm-1 was not created by this adapter"));
        Assert.That(register!.Message, Does.Contain("was not created by this adapter"));
        Assert.That(weight!.Message, Does.Contain("was not created by this adapter"));
        var stat = await h.SendAsync("show stat web 4 -1");
        Assert.That(stat, Does.Contain("web,ss-vm-1,").And.Contain("web,ss-static,"), "both static servers are still there");
        Assert.That(stat.Split('\n').Single(l => l.StartsWith("web,ss-vm-1,", StringComparison.Ordinal)), Does.Contain(",127.0.0.1:9,"), "its address unchanged");
        Assert.That((await lb.ListMembersAsync("web", CancellationToken.None)).Select(m => m.InstanceId), Is.EqualTo(new[] { "vm-2" }));
    }

    [Test]
    public async Task ListMembersAsync_SocketFileMissing_ErrorNamesTheFile()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        options.MaxRetryAttempts = 1;
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
        options.SocketAddress = Path.Combine(h.Directory, "missing.sock");
        using var lb = new HAProxyLoadBalancer(options);

        var ex = Assert.ThrowsAsync<ProviderOperationException>(() => lb.ListMembersAsync("web", CancellationToken.None));

        Assert.That(ex!.Message, Does.StartWith($"HAProxy Runtime API socket {options.SocketAddress} does not exist"));
        Assert.That(ex.IsTransient, Is.True, "the socket is recreated when HAProxy starts again");
    }

    [Test]
    public async Task SendAsync_ConnectionClosedWithoutAnswer_Transient()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        RuntimeEndpoint.TryParse(h.SocketPath, false, out var endpoint, out _);
        var api = new SocketRuntimeApi(endpoint!, TimeSpan.FromSeconds(5), TimeProvider.System);

        // 'quit' makes HAProxy close the connection without a byte, as an old process does under a command during a reload.
        var ex = Assert.ThrowsAsync<ProviderOperationException>(() => api.SendAsync("quit", CancellationToken.None));

        Assert.That(ex!.IsTransient, Is.True);
        Assert.That(ex.Message, Does.Contain("closed without an answer to 'quit'"));
        Assert.That(await api.SendAsync("show info", CancellationToken.None), Does.Contain("Pid:"), "every real command is answered");
    }
}
