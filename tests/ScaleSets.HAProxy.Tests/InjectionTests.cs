using Microsoft.Extensions.Time.Testing;
using ScaleSets.HAProxy.Tests.Fakes;

namespace ScaleSets.HAProxy.Tests;

/// <summary>Names and addresses that could smuggle a second Runtime API command are refused before anything is sent.</summary>
[TestFixture]
public sealed class InjectionTests
{
    public static readonly string[] BadIds =
    [
        "vm-1\nshow info",
        "vm-1;del server web/static1",
        "vm-1 weight 256",
        "vm-1\r\nset server web/static1 state maint",
        "vm-1\u0000",
        "vm-1\u001b[2J",
        "vm-1\\;x",
        "../vm",
        "vm-1<<",
        "",
    ];

    public static readonly string[] BadAddresses =
    [
        "10.0.0.4\nshow info",
        "10.0.0.4;del server web/static1",
        "10.0.0.4:80 weight 256",
        "10.0.0.4:80\u0000",
        "10.0.0.4\t",
        "web01.internal",
        "localhost",
        "10.0.0.256",
        "10.0.0.4:99999",
        "999.1.1.1",
        "::ffff:zz",
        "",
    ];

    [TestCaseSource(nameof(BadIds))]
    public void RegisterAsync_UnsafeInstanceId_RefusedBeforeSending(string id) =>
        AssertRefused(lb => lb.RegisterAsync("web", id, "name", "10.0.0.4", CancellationToken.None), "instanceId");

    [TestCaseSource(nameof(BadAddresses))]
    public void RegisterAsync_UnsafeOrInvalidAddress_RefusedBeforeSending(string address) =>
        AssertRefused(lb => lb.RegisterAsync("web", "vm-1", "name", address, CancellationToken.None), "address");

    [TestCaseSource(nameof(BadIds))]
    public void OtherOperations_UnsafeInstanceId_RefusedBeforeSending(string id)
    {
        AssertRefused(lb => lb.SetReadyAsync("web", id, CancellationToken.None), "instanceId");
        AssertRefused(lb => lb.DrainAsync("web", id, CancellationToken.None), "instanceId");
        AssertRefused(lb => lb.RemoveAsync("web", id, CancellationToken.None), "instanceId");
        AssertRefused(lb => lb.SetWeightAsync("web", id, 1, CancellationToken.None), "instanceId");
    }

    [TestCase("web\nshow info")]
    [TestCase("web;del server web/static1")]
    [TestCase("web 4 -1")]
    public void ListMembersAsync_UnsafePool_RefusedBeforeSending(string pool) =>
        AssertRefused(lb => lb.ListMembersAsync(pool, CancellationToken.None), "pool");

    private static void AssertRefused(Func<HAProxyLoadBalancer, Task> call, string param)
    {
        var api = new FakeRuntimeApi();
        using var lb = new HAProxyLoadBalancer(new HAProxyLoadBalancerOptions { SocketAddress = "/tmp/x.sock" }, api, new FakeTimeProvider());

        var ex = Assert.ThrowsAsync<ArgumentException>(() => call(lb));

        Assert.That(ex!.ParamName, Is.EqualTo(param));
        Assert.That(ex.Message, Does.Contain("Nothing was sent to HAProxy"));
        Assert.That(api.Lines, Is.Empty, "nothing may reach the socket");
    }
}
