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
