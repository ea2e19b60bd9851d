using ScaleSets.Abstractions;

namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>The adapter against a real HAProxy with real HTTP traffic.</summary>
[TestFixture]
[Category("HAProxy")]
public sealed class HAProxyLoadBalancerIntegrationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task FullCycle_AddHealthyTrafficDrainWithSlowRequestDelete_NothingLost()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await using var b1 = new TestHttpBackend("b1") { Healthy = false };
        await using var b2 = new TestHttpBackend("b2");
        var uri = h.FrontendUri("web");

        await lb.RegisterAsync("web", "vm-1", "web_000001", b1.Address, CancellationToken.None);
        Assert.That((await lb.ListMembersAsync("web", CancellationToken.None)).Single().State, Is.EqualTo(LoadBalancerMemberState.Registered));
        await lb.SetReadyAsync("web", "vm-1", CancellationToken.None);

        // Ready but failing its checks: no request may reach it.
        var early = await Http.GetManyAsync(uri, 10);
        Assert.That(early.Select(r => r.Status), Is.All.EqualTo(503));
        Assert.That(b1.Requests, Is.Zero, "no traffic before the first passing check");

        b1.Healthy = true;
        await Eventually.UntilAsync(async () => (await Http.GetAsync(uri)).Body == "b1", Wait, "b1 serves once healthy");
        await lb.RegisterAsync("web", "vm-2", "web_000002", b2.Address, CancellationToken.None);
        await lb.SetReadyAsync("web", "vm-2", CancellationToken.None);
        await Eventually.UntilAsync(async () => (await Http.GetAsync(uri)).Body == "b2", Wait, "b2 serves once healthy");

        // A slow request on b1 is in flight while b1 drains and is removed.
        Task<(int Status, string Body)> slow;
        var attempts = 0;
        do
        {
            slow = Http.GetAsync(h.FrontendUri("web", "/slow"));
            await Eventually.UntilAsync(() => b1.SlowInFlight + b2.SlowInFlight > 0, Wait, "slow request arrives");
            if (b2.SlowInFlight > 0)
            {
                b2.ReleaseSlow();
                await slow;
            }
        }
        while (b1.SlowInFlight == 0 && ++attempts < 5);

        Assert.That(b1.SlowInFlight, Is.EqualTo(1));
        var remove = lb.RemoveAsync("web", "vm-1", CancellationToken.None);
        await Eventually.UntilAsync(
            async () => (await lb.ListMembersAsync("web", CancellationToken.None)).Any(m => m.InstanceId == "vm-1" && m.State == LoadBalancerMemberState.Draining && m.ActiveConnections == 1),
            Wait,
            "vm-1 draining with its session");
        b1.ResetCount();
        var during = await Http.GetManyAsync(uri, 10);
        Assert.That(during, Is.All.EqualTo((200, "b2")), "a draining server takes no new requests");
        Assert.That(remove.IsCompleted, Is.False, "removal waits for the session");

        b1.ReleaseSlow();
        Assert.That(await slow, Is.EqualTo((200, "b1")), "the in-flight request completes");
        await remove.WaitAsync(Wait, TimeProvider.System);

        var members = await lb.ListMembersAsync("web", CancellationToken.None);
        Assert.That(members.Select(m => m.InstanceId), Is.EqualTo(new[] { "vm-2" }));
        Assert.That(await h.SendAsync("show stat web 4 -1"), Does.Not.Contain("ss-vm-1"));
        Assert.That(b1.Requests, Is.Zero);
    }

    [Test]
    public async Task Traffic_ThreeReadyServers_SpreadOverAll()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        var backends = new[] { new TestHttpBackend("b1"), new TestHttpBackend("b2"), new TestHttpBackend("b3") };
        try
        {
            for (var i = 0; i < backends.Length; i++)
            {
                await lb.RegisterAsync("web", "vm-" + i, "web_" + i, backends[i].Address, CancellationToken.None);
                await lb.SetReadyAsync("web", "vm-" + i, CancellationToken.None);
            }

            await Eventually.UntilAsync(async () => (await lb.StatAsync("web", CancellationToken.None)).All(s => s.IsUp && !s.IsTransitional), Wait, "all servers up");
            var answers = await Http.GetManyAsync(h.FrontendUri("web"), 30);

            Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(200));
            foreach (var b in backends)
            {
                Assert.That(b.Requests, Is.InRange(5, 15), b.Name + " takes its round-robin share");
            }
        }
        finally
        {
            foreach (var b in backends)
            {
                await b.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task HealthChecks_FailingBackend_TakenOutAndGetsNoTraffic()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await using var good = new TestHttpBackend("good");
        await using var bad = new TestHttpBackend("bad");
        foreach (var (id, b) in new[] { ("vm-good", good), ("vm-bad", bad) })
        {
            await lb.RegisterAsync("web", id, id, b.Address, CancellationToken.None);
            await lb.SetReadyAsync("web", id, CancellationToken.None);
        }

        await Eventually.UntilAsync(async () => (await lb.StatAsync("web", CancellationToken.None)).All(s => s.IsUp), Wait, "both up");
        bad.Healthy = false;
        await Eventually.UntilAsync(async () => (await lb.StatAsync("web", CancellationToken.None)).Single(s => s.Name == "ss-vm-bad").Status.StartsWith("DOWN", StringComparison.Ordinal), Wait, "bad marked down");
        bad.ResetCount();

        var answers = await Http.GetManyAsync(h.FrontendUri("web"), 20);

        Assert.That(answers, Is.All.EqualTo((200, "good")));
        Assert.That(bad.Requests, Is.Zero);
        Assert.That((await lb.ListMembersAsync("web", CancellationToken.None)).Single(m => m.InstanceId == "vm-bad").State, Is.EqualTo(LoadBalancerMemberState.Ready), "still a pool member, only out of rotation");
    }

    [Test]
    public async Task Restart_HAProxyKilledAndStartedMidRun_ResyncedAndServesAgain()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await using var b1 = new TestHttpBackend("b1");
        await using var b2 = new TestHttpBackend("b2");
        await lb.RegisterAsync("web", "vm-1", "web_000001", b1.Address, CancellationToken.None);
        await lb.SetReadyAsync("web", "vm-1", CancellationToken.None);
        await lb.RegisterAsync("web", "vm-2", "web_000002", b2.Address, CancellationToken.None);
        await Eventually.UntilAsync(async () => (await Http.GetAsync(h.FrontendUri("web"))).Body == "b1", Wait, "b1 serves");
        var pidBefore = h.Pid;

        await h.RestartAsync();
        Assert.That(h.Pid, Is.Not.EqualTo(pidBefore));
        Assert.That((await Http.GetAsync(h.FrontendUri("web"))).Status, Is.EqualTo(503), "the new process has no runtime servers");

        var members = await lb.ListMembersAsync("web", CancellationToken.None);

        Assert.That(lb.Resyncs, Is.EqualTo(1));
        Assert.That(members.Select(m => (m.InstanceId, m.InstanceName, m.State)), Is.EquivalentTo(new[]
        {
            ("vm-1", "web_000001", LoadBalancerMemberState.Ready),
            ("vm-2", "web_000002", LoadBalancerMemberState.Registered),
        }));
        await Eventually.UntilAsync(async () => (await Http.GetAsync(h.FrontendUri("web"))).Body == "b1", Wait, "b1 serves after the restart");
        b2.ResetCount();
        Assert.That(await Http.GetManyAsync(h.FrontendUri("web"), 5), Is.All.EqualTo((200, "b1")));
        Assert.That(b2.Requests, Is.Zero, "a registered-only member stays out of traffic after the re-sync");
    }

    [Test]
    public async Task Startup_NewAdapterInstance_AdoptsTheServersItFinds()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        await using var b1 = new TestHttpBackend("b1");
        using (var first = h.NewLoadBalancer(options))
        {
            await first.RegisterAsync("web", "vm-1", "web_000001", b1.Address, CancellationToken.None);
            await first.SetReadyAsync("web", "vm-1", CancellationToken.None);
        }

        using var second = h.NewLoadBalancer(HAProxyProcess.TestOptions());
        var members = await second.ListMembersAsync("web", CancellationToken.None);
        await h.RestartAsync();
        var after = await second.ListMembersAsync("web", CancellationToken.None);

        Assert.That(members.Select(m => (m.InstanceId, m.Address, m.State)), Is.EqualTo(new[] { ("vm-1", b1.Address, LoadBalancerMemberState.Ready) }));
        Assert.That(after.Select(m => m.InstanceId), Is.EqualTo(new[] { "vm-1" }), "adopted servers are re-applied after a restart too");
        await second.RemoveAsync("web", "vm-1", CancellationToken.None);
        Assert.That(await second.ListMembersAsync("web", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Injection_UnsafeNamesAndAddresses_RefusedAndHAProxyUnchanged()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await using var b1 = new TestHttpBackend("b1");
        await lb.RegisterAsync("web", "vm-1", "web_000001", b1.Address, CancellationToken.None);
        await lb.SetReadyAsync("web", "vm-1", CancellationToken.None);
        await Eventually.UntilAsync(async () => (await Http.GetAsync(h.FrontendUri("web"))).Body == "b1", Wait, "b1 serves");
        var before = await h.SendAsync("show servers state web");

        foreach (var id in InjectionTests.BadIds)
        {
            Assert.ThrowsAsync<ArgumentException>(() => lb.RegisterAsync("web", id, "x", "127.0.0.1:1", CancellationToken.None), id);
            Assert.ThrowsAsync<ArgumentException>(() => lb.RemoveAsync("web", id, CancellationToken.None), id);
            Assert.ThrowsAsync<ArgumentException>(() => lb.DrainAsync("web", id, CancellationToken.None), id);
        }

        foreach (var address in InjectionTests.BadAddresses)
        {
            Assert.ThrowsAsync<ArgumentException>(() => lb.RegisterAsync("web", "vm-9", "x", address, CancellationToken.None), address);
        }

        Assert.ThrowsAsync<ArgumentException>(() => lb.RegisterAsync("web;set server web/ss-vm-1 state maint", "vm-9", "x", "127.0.0.1:1", CancellationToken.None));

        var after = await h.SendAsync("show servers state web");
        Assert.That(Rows(after), Is.EqualTo(Rows(before)), "server set, addresses and states unchanged");
        Assert.That((await Http.GetAsync(h.FrontendUri("web"))).Body, Is.EqualTo("b1"));
    }

    /// <summary>Server name, address, operational and admin state of each row, without the time-varying columns.</summary>
    private static string[] Rows(string showServersState) =>
        [.. showServersState.Split('\n').Where(l => l.Length > 0 && char.IsAsciiDigit(l[0]) && l.Contains(' ', StringComparison.Ordinal)).Select(l => string.Join(' ', l.Split(' ').Skip(3).Take(4)))];
}
