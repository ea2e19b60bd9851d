using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ScaleSets.Orleans.Hosting;
using ScaleSets.Orleans.Tests.Grains;

namespace ScaleSets.Orleans.Tests.Hosting;

[TestFixture]
public sealed class ScaleSetsSiloBuilderExtensionsTests
{
    [Test]
    public void AddScaleSets_FromConfiguration_BindsTheOptions()
    {
        using var host = Build(new() { ["ScaleSets:Orleans:EvaluationInterval"] = "00:00:30", ["ScaleSets:Orleans:WakeUpPeriod"] = "00:05:00" });

        var options = host.Services.GetRequiredService<IOptions<ScaleSetsSiloOptions>>().Value;

        Assert.That(options.EvaluationInterval, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.WakeUpPeriod, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(options.ReconcileInterval, Is.Null, "unset: the controller options' own");
    }

    [Test]
    public void AddScaleSets_InvalidConfiguration_NamesEveryProblem()
    {
        using var host = Build(new() { ["ScaleSets:Orleans:EvaluationInterval"] = "00:00:00.5", ["ScaleSets:Orleans:WakeUpPeriod"] = "00:00:10" });

        var error = Assert.Throws<ArgumentException>(() => _ = host.Services.GetRequiredService<IOptions<ScaleSetsSiloOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("ScaleSets:Orleans:EvaluationInterval").And.Contain("ScaleSets:Orleans:WakeUpPeriod"));
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering()
            .AddScaleSets(_ => TestCloud.Backends, builder.Configuration.GetSection("ScaleSets:Orleans"), configure: null));
        return builder.Build();
    }
}
