namespace ScaleSets.HAProxy.Tests;

[TestFixture]
public sealed class HAProxyLoadBalancerOptionsTests
{
    [Test]
    public void Validate_Defaults_NoProblems() =>
        Assert.That(new HAProxyLoadBalancerOptions().Validate(), Is.Empty);

    [TestCase("/run/haproxy/admin.sock")]
    [TestCase("127.0.0.1:9999")]
    [TestCase("[::1]:9999")]
    public void Validate_LoopbackOrUnixSocket_Accepted(string address) =>
        Assert.That(new HAProxyLoadBalancerOptions { SocketAddress = address }.Validate(), Is.Empty);

    [Test]
    public void Validate_UnixPathOver97Characters_RefusedNamingTheLimit()
    {
        var path = "/tmp/" + new string('s', 93);

        var errors = new HAProxyLoadBalancerOptions { SocketAddress = path }.Validate();

        Assert.That(errors, Has.Exactly(1).Contains("SocketAddress").And.Contains("97"));
    }

    [Test]
    public void Validate_UnixPathOf97Characters_Accepted() =>
        Assert.That(new HAProxyLoadBalancerOptions { SocketAddress = "/tmp/" + new string('s', 92) }.Validate(), Is.Empty);

    [Test]
    public void Validate_EmptyPrefix_Refused() =>
        Assert.That(new HAProxyLoadBalancerOptions { ServerNamePrefix = "" }.Validate(), Has.Exactly(1).StartsWith("HAProxyLoadBalancerOptions.ServerNamePrefix: is empty"));

    [Test]
    public void Validate_PrefixLeavingNoRoomForInstanceIds_Refused()
    {
        Assert.That(new HAProxyLoadBalancerOptions { ServerNamePrefix = new string('p', 33) }.Validate(), Has.Exactly(1).Contains("at most 32 leave room for the instance ids"));
        Assert.That(new HAProxyLoadBalancerOptions { ServerNamePrefix = new string('p', 32) }.Validate(), Is.Empty);
    }

    [Test]
    public void Validate_RemoteTcpSocket_RefusedUnlessAllowed()
    {
        Assert.That(new HAProxyLoadBalancerOptions { SocketAddress = "10.0.0.9:9999" }.Validate(), Has.Exactly(1).Contains("loopback"));
        Assert.That(new HAProxyLoadBalancerOptions { SocketAddress = "10.0.0.9:9999", AllowNonLoopbackSocket = true }.Validate(), Is.Empty);
    }

    [Test]
    public void Validate_ManyProblems_ReportsEveryOneWithItsPath()
    {
        var options = new HAProxyLoadBalancerOptions
        {
            SocketAddress = "haproxy.internal:9999",
            BackendName = "web;x",
            ServerNamePrefix = "ss ",
            DefaultServerPort = 0,
            Weight = 300,
            HealthCheckPath = "health",
            HealthCheckInterval = TimeSpan.FromMilliseconds(1.5),
            HealthCheckRise = 0,
            HealthCheckFall = 101,
            CommandTimeout = TimeSpan.Zero,
            MaxRetryAttempts = -1,
            RetryDelay = TimeSpan.FromHours(1),
            DrainTimeout = TimeSpan.FromDays(1),
            DrainPollInterval = TimeSpan.Zero,
        };

        var errors = options.Validate();

        foreach (var name in new[] { "SocketAddress", "BackendName", "ServerNamePrefix", "DefaultServerPort", "Weight", "HealthCheckPath", "HealthCheckInterval", "HealthCheckRise", "HealthCheckFall", "CommandTimeout", "MaxRetryAttempts", "RetryDelay", "DrainTimeout", "DrainPollInterval" })
        {
            Assert.That(errors, Has.Some.StartsWith("HAProxyLoadBalancerOptions." + name + ":"), name);
        }

        Assert.That(() => new HAProxyLoadBalancer(options), Throws.ArgumentException.With.Message.Contains("Weight"));
    }

    [Test]
    public void RenderBackend_Options_DynamicAlgorithmAndTheirHealthCheck()
    {
        var text = HAProxyBackendConfig.RenderBackend(new HAProxyLoadBalancerOptions { HealthCheckPath = "/healthz" }, "web");

        Assert.That(text, Does.Contain("backend web\n").And.Contain("balance roundrobin\n").And.Contain("option httpchk GET /healthz\n"));
    }
}
