using System.Diagnostics;
using ScaleSets.Abstractions;

namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>How long registering and draining 100 servers takes against a real HAProxy (figures in the test output and the package README).</summary>
[TestFixture]
[Category("HAProxy")]
public sealed class HAProxyScaleTests
{
    private const int Servers = 100;

    [TestCase(1)]
    [TestCase(10)]
    public async Task RegisterAndDrain_100Servers_TimedAndComplete(int concurrency)
    {
        var options = HAProxyProcess.TestOptions();
        options.HealthCheckInterval = TimeSpan.FromSeconds(1);
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await using var backend = new TestHttpBackend("b");
        var ids = Enumerable.Range(0, Servers).Select(i => "vm-" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency };

        var register = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, parallel, async (id, ct) =>
        {
            await lb.RegisterAsync("web", id, id, backend.Address, ct);
            await lb.SetReadyAsync("web", id, ct);
        });
        register.Stop();
        var members = await lb.ListMembersAsync("web", CancellationToken.None);

        var drain = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, parallel, async (id, ct) =>
        {
            await lb.DrainAsync("web", id, ct);
            await lb.RemoveAsync("web", id, ct);
        });
        drain.Stop();

        TestContext.Out.WriteLine($"concurrency {concurrency}: register+ready {Servers} servers {register.Elapsed.TotalMilliseconds:0} ms, drain+remove {drain.Elapsed.TotalMilliseconds:0} ms");
        Assert.That(members.Where(m => m.State == LoadBalancerMemberState.Ready).Select(m => m.InstanceId), Is.EquivalentTo(ids));
        Assert.That(await lb.ListMembersAsync("web", CancellationToken.None), Is.Empty);
        Assert.That(register.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
        Assert.That(drain.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
    }
}
