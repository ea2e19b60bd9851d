using System.Diagnostics;
using ScaleSets.Abstractions;

namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>
/// The traps of Debian's HAProxy 2.6 that the adapter works around, each shown against the real HAProxy (raw commands prove
/// HAProxy's behaviour, the adapter's calls prove it copes).
/// </summary>
[TestFixture]
[Category("HAProxy")]
public sealed class HAProxyTrapTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task AddServer_NoStateKeyword_StartsInMaintenanceWithoutTraffic()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        await using var b = new TestHttpBackend("b");

        Assert.That(await h.SendAsync($"add server web/raw {b.Address} check inter 100ms rise 1 fall 1;enable health web/raw"), Does.Contain("New server registered."));

        Assert.That(await h.SendAsync("show stat web 4 -1"), Does.Contain(",raw,").And.Contain(",MAINT,"));
        Assert.That((await Http.GetManyAsync(h.FrontendUri("web"), 5)).Select(a => a.Status), Is.All.EqualTo(503));
        Assert.That(b.Requests, Is.Zero);
    }

    [Test]
    public async Task AddServer_EnabledKeyword_ReportsUpButGetsNoTraffic()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web", "other"]);
        await using var b = new TestHttpBackend("b");

        await h.SendAsync($"add server web/raw {b.Address} check inter 100ms rise 1 fall 1 enabled;enable health web/raw");
        await Eventually.UntilAsync(async () => (await h.SendAsync("show stat web 4 -1")).Contains(",raw,", StringComparison.Ordinal) && (await h.SendAsync("show stat web 4 -1")).Contains(",UP,", StringComparison.Ordinal), Wait, "raw reports UP");
        var answers = await Http.GetManyAsync(h.FrontendUri("web"), 5);

        Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(503), "HAProxy 2.6.12: UP but not in the load-balancing tree");
        Assert.That(b.Requests, Is.Zero);

        // The adapter's way (no 'enabled'; ready and health down on one line) on a clean backend serves.
        using var lb = h.NewLoadBalancer(options);
        await lb.RegisterAsync("other", "vm-1", "web_000001", b.Address, CancellationToken.None);
        await lb.SetReadyAsync("other", "vm-1", CancellationToken.None);
        await Eventually.UntilAsync(async () => (await Http.GetAsync(h.FrontendUri("other"))).Body == "b", Wait, "adapter-added server serves");
    }

    [Test]
    public async Task DelServer_NotInMaintenanceOrWithConnections_RefusedAndTheAdapterWaits()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await using var b = new TestHttpBackend("b");
        await lb.RegisterAsync("web", "vm-1", "web_000001", b.Address, CancellationToken.None);
        await lb.SetReadyAsync("web", "vm-1", CancellationToken.None);
        await Eventually.UntilAsync(async () => (await Http.GetAsync(h.FrontendUri("web"))).Body == "b", Wait, "serves");

        Assert.That(await h.SendAsync("del server web/ss-vm-1"), Does.Contain("Only servers in maintenance mode can be deleted."));
        var slow = Http.GetAsync(h.FrontendUri("web", "/slow"));
        await Eventually.UntilAsync(() => b.SlowInFlight == 1, Wait, "slow request in flight");
        Assert.That(await h.SendAsync("set server web/ss-vm-1 state maint;del server web/ss-vm-1"), Does.Contain("Server still has connections attached to it, cannot remove it."));

        var remove = lb.RemoveAsync("web", "vm-1", CancellationToken.None);
        await Eventually.UntilAsync(async () => (await h.SendAsync("show stat web 4 -1")).Contains("ss-vm-1", StringComparison.Ordinal), Wait, "still there");
        Assert.That(remove.IsCompleted, Is.False, "the adapter waits for the connection");
        b.ReleaseSlow();
        Assert.That((await slow).Status, Is.EqualTo(200));
        await remove.WaitAsync(Wait, TimeProvider.System);
        Assert.That(await h.SendAsync("show stat web 4 -1"), Does.Not.Contain("ss-vm-1"));
    }

    [Test]
    public async Task DrainTimeout_SessionOutlastsIt_CutAndDeleted()
    {
        var options = HAProxyProcess.TestOptions();
        options.DrainTimeout = TimeSpan.FromMilliseconds(300);
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await using var b = new TestHttpBackend("b");
        await lb.RegisterAsync("web", "vm-1", "web_000001", b.Address, CancellationToken.None);
        await lb.SetReadyAsync("web", "vm-1", CancellationToken.None);
        await Eventually.UntilAsync(async () => (await Http.GetAsync(h.FrontendUri("web"))).Body == "b", Wait, "serves");
        var slow = Http.GetAsync(h.FrontendUri("web", "/slow"));
        await Eventually.UntilAsync(() => b.SlowInFlight == 1, Wait, "slow request in flight");

        await lb.RemoveAsync("web", "vm-1", CancellationToken.None).WaitAsync(Wait, TimeProvider.System);

        Assert.That(await h.SendAsync("show stat web 4 -1"), Does.Not.Contain("ss-vm-1"));
        Assert.That((await slow).Status, Is.Not.EqualTo(200), "the session past the drain timeout was cut");
    }

    [Test]
    public async Task StaticAlgorithm_AddServerRefused_AdapterSaysWhichAlgorithmToUse()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, [], "backend fixed\n  balance static-rr\n");
        using var lb = h.NewLoadBalancer(options);

        var ex = Assert.ThrowsAsync<ProviderOperationException>(() => lb.RegisterAsync("fixed", "vm-1", "web_000001", "127.0.0.1:1", CancellationToken.None));

        Assert.That(ex!.IsTransient, Is.False);
        Assert.That(ex.Message, Does.Contain("dynamic").And.Contain("balance roundrobin"));
    }

    [Test]
    public async Task WeightPercent_IsRelativeToTheInitialWeight_AdapterSetsAbsolute()
    {
        var options = HAProxyProcess.TestOptions();
        options.Weight = 10;
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await lb.RegisterAsync("web", "vm-1", "web_000001", "127.0.0.1:1", CancellationToken.None);

        await h.SendAsync("set server web/ss-vm-1 weight 50%");
        var relative = (await lb.StatAsync("web", CancellationToken.None)).Single().Weight;
        await lb.SetWeightAsync("web", "vm-1", 50, CancellationToken.None);
        var absolute = (await lb.StatAsync("web", CancellationToken.None)).Single().Weight;

        Assert.That(relative, Is.EqualTo(5), "50% of the initial weight 10");
        Assert.That(absolute, Is.EqualTo(50));
    }

    [Test]
    public async Task ServerIds_ReusedAfterDelete_AdapterGivesItsOwnAndKeysMembersByName()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await h.SendAsync("add server web/raw-a 127.0.0.1:1001");
        await h.SendAsync("add server web/raw-b 127.0.0.1:1002");
        var idOfA = Column(await h.SendAsync("show stat web 4 -1"), "raw-a", "sid");
        await h.SendAsync("set server web/raw-a state maint;del server web/raw-a");
        await h.SendAsync("add server web/raw-c 127.0.0.1:1003");
        Assert.That(Column(await h.SendAsync("show stat web 4 -1"), "raw-c", "sid"), Is.EqualTo(idOfA), "HAProxy gave raw-c the id raw-a had");

        await lb.RegisterAsync("web", "vm-a", "a", "127.0.0.1:1001", CancellationToken.None);
        await lb.RegisterAsync("web", "vm-b", "b", "127.0.0.1:1002", CancellationToken.None);
        await lb.RemoveAsync("web", "vm-a", CancellationToken.None);
        await lb.RegisterAsync("web", "vm-c", "c", "127.0.0.1:1003", CancellationToken.None);

        var stat = await h.SendAsync("show stat web 4 -1");
        Assert.That(Column(stat, "ss-vm-c", "sid"), Is.EqualTo(ScaleSets.HAProxy.Runtime.ServerNaming.IdFor("ss-vm-c", 0).ToString(System.Globalization.CultureInfo.InvariantCulture)), "the adapter's servers carry ids of its own band, from their names");
        var members = await lb.ListMembersAsync("web", CancellationToken.None);
        Assert.That(members.Select(m => (m.InstanceId, m.Address)), Is.EquivalentTo(new[] { ("vm-b", "127.0.0.1:1002"), ("vm-c", "127.0.0.1:1003") }));
    }

    [Test]
    public async Task HostName_AcceptedButNotResolvedByHAProxy_RefusedByTheAdapter()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);

        Assert.That(await h.SendAsync("add server web/raw localhost:8080"), Does.Contain("New server registered."));
        var state = await h.SendAsync("show servers state web");
        var row = state.Split('\n').Single(l => l.Contains(" raw ", StringComparison.Ordinal)).Split(' ');

        Assert.That(row[4], Is.EqualTo("-"), "srv_addr: no address, the name was never resolved");
        var ex = Assert.ThrowsAsync<ArgumentException>(() => lb.RegisterAsync("web", "vm-1", "web_000001", "localhost:8080", CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain("host names"));
    }

    [Test]
    public async Task UnixSocketPath_Over97Characters_HAProxyRefusesToStart_OptionsRefuseIt()
    {
        var executable = HAProxyProcess.RequireExecutable();
        var directory = Path.Combine("/tmp", "ssh-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        try
        {
            var longPath = directory + "/" + new string('s', 98 - directory.Length - 1);
            Assert.That(longPath, Has.Length.EqualTo(98));
            var config = Path.Combine(directory, "long.cfg");
            await File.WriteAllTextAsync(config, $"global\n  stats socket {longPath} mode 600 level admin\ndefaults\n  mode http\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n");
            var info = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("-f");
            info.ArgumentList.Add(config);
            using var process = Process.Start(info)!;
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(Wait, TimeProvider.System);

            Assert.That(process.ExitCode, Is.Not.Zero);
            Assert.That(stderr, Does.Contain("too long (max 97)"));
            Assert.That(new HAProxyLoadBalancerOptions { SocketAddress = longPath }.Validate(), Has.Exactly(1).Contains("97"));
            Assert.That(() => HAProxyBackendConfig.RenderStatsSocket(longPath), Throws.ArgumentException);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Column(string showStat, string server, string column)
    {
        var lines = showStat.Split('\n');
        var header = lines[0][2..].Split(',');
        var row = lines.Single(l => l.Split(',') is [_, var name, ..] && name == server).Split(',');
        return row[Array.IndexOf(header, column)];
    }
}
