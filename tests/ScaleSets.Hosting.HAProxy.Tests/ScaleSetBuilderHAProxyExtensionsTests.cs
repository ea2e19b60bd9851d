using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Abstractions;
using ScaleSets.HAProxy;

namespace ScaleSets.Hosting.HAProxy.Tests;

[TestFixture]
public sealed class ScaleSetBuilderHAProxyExtensionsTests
{
    [Test]
    public void AddHAProxyLoadBalancer_Configured_RegistersTheAdapterBuiltFromTheScaleSetsOptions()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddScaleSets(s => s
            .AddScaleSet("web", web => web.AddHAProxyLoadBalancer(o =>
            {
                o.SocketAddress = "127.0.0.1:9999";
                o.BackendName = "web_back";
                o.ServerNamePrefix = "web-";
            }))
            .AddScaleSet("api", api => api.AddHAProxyLoadBalancer(o =>
            {
                o.SocketAddress = "127.0.0.1:9998";
                o.BackendName = "api_back";
            })));
        using var provider = services.BuildServiceProvider();

        var web = ResolveLoadBalancer(provider, "web");
        var api = ResolveLoadBalancer(provider, "api");
        var webOptions = OptionsOf<HAProxyLoadBalancerOptions>(web);

        Assert.Multiple(() =>
        {
            Assert.That(web, Is.InstanceOf<HAProxyLoadBalancer>());
            Assert.That(web, Is.SameAs(provider.GetRequiredKeyedService<HAProxyLoadBalancer>("web")), "one adapter per scale set, owned by the container");
            Assert.That(api, Is.Not.SameAs(web));
            Assert.That(webOptions.SocketAddress, Is.EqualTo("127.0.0.1:9999"));
            Assert.That(webOptions.BackendName, Is.EqualTo("web_back"));
            Assert.That(webOptions.ServerNamePrefix, Is.EqualTo("web-"));
            Assert.That(OptionsOf<HAProxyLoadBalancerOptions>(api).BackendName, Is.EqualTo("api_back"));
        });
    }

    [Test]
    public async Task AddHAProxyLoadBalancer_InvalidOptions_HostStartFailsNamingTheScaleSetAndEveryProblem()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        builder.Services.AddScaleSets(s => s.AddScaleSet("web", web => web.AddHAProxyLoadBalancer(o =>
        {
            o.SocketAddress = string.Empty;
            o.Weight = -1;
        })));
        using var host = builder.Build();

        var failures = ValidationFailures(Assert.CatchAsync(() => host.StartAsync()));

        var haproxy = failures.Where(f => f.Contains("HAProxy", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(haproxy, Has.Count.GreaterThanOrEqualTo(2), string.Join(Environment.NewLine, failures));
            Assert.That(haproxy, Is.All.StartsWith("Scale set 'web', HAProxy load balancer: "));
        });
        await host.StopAsync();
    }

    // The host reports the failed options of several names together, as an AggregateException of OptionsValidationExceptions.
    private static List<string> ValidationFailures(Exception? error) => error switch
    {
        OptionsValidationException single => [.. single.Failures],
        AggregateException many => [.. many.Flatten().InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => throw new AssertionException($"Expected an options validation failure, got {error}"),
    };

    private static ILoadBalancer ResolveLoadBalancer(IServiceProvider provider, string name) =>
        provider.GetRequiredService<ScaleSetRegistry>().Find(name)!.LoadBalancer!(provider);

    // The adapters keep their options private; reading the field shows which options instance the container built them from.
    private static T OptionsOf<T>(object adapter) =>
        (T)adapter.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic).Single(f => f.FieldType == typeof(T)).GetValue(adapter)!;
}
