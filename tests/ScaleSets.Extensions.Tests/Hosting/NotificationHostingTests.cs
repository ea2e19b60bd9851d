using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScaleSets.Notifications;
using ScaleSets.Tests.Notifications;

namespace ScaleSets.Extensions.Tests.Hosting;

[TestFixture]
public sealed class NotificationHostingTests
{
    private const string Target = "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachineScaleSets/web";

    private static string WithNotifications(Uri webhook) => HostFixture.ValidJson.Replace(
        "\"name\": \"web\",",
        $$"""
        "name": "web",
        "targetResourceUri": "{{Target}}",
        "notifications": [ {
          "operation": "Scale",
          "email": { "customEmails": [ "ops@example.com" ] },
          "webhooks": [ { "serviceUri": "{{webhook}}", "properties": { "env": "test" } } ]
        } ],
        """,
        StringComparison.Ordinal);

    [Test]
    [CancelAfter(120_000)]
    public async Task StartAsync_ScaleOut_PostsTheSettingsWebhookAndCallsTheUsersSink()
    {
        await using var listener = new WebhookListener(200);
        var sink = new RecordingSink();
        using var fixture = new HostFixture(WithNotifications(listener.Uri), services => services
            .AddScaleSets(scaleSets => scaleSets
                .AddNotificationSink(sink)
                .ConfigureNotifications(options => options.AttemptTimeout = TimeSpan.FromHours(1))));
        await fixture.Host.StartAsync();

        await fixture.RunAsync(20, _ => 360.0);
        var request = await listener.NextAsync();
        var mailed = await sink.NextAsync();
        await fixture.Host.StopAsync();

        using var payload = JsonDocument.Parse(request.Body);
        var context = payload.RootElement.GetProperty("context");
        Assert.Multiple(() =>
        {
            Assert.That(payload.RootElement.GetProperty("operation").GetString(), Is.EqualTo("Scale Out"));
            Assert.That(context.GetProperty("name").GetString(), Is.EqualTo("web"));
            Assert.That(context.GetProperty("resourceId").GetString(), Is.EqualTo(Target));
            // The simulated cloud starts empty and the controller's first pass brings it to the profile's minimum of 2
            // (no engine decision, so no notification); the first scale action is then the CPU rule's 2 -> 4.
            Assert.That(context.GetProperty("oldCapacity").GetString(), Is.EqualTo("2"));
            Assert.That(context.GetProperty("newCapacity").GetString(), Is.EqualTo("4"));
            Assert.That(context.GetProperty("details").GetString(), Is.EqualTo("Autoscale successfully started scale operation for resource 'web' from capacity '2' to capacity '4'"));
            Assert.That(payload.RootElement.GetProperty("properties").GetProperty("env").GetString(), Is.EqualTo("test"));
            Assert.That(mailed.Email!.CustomEmails, Is.EqualTo(new[] { "ops@example.com" }));
            Assert.That((mailed.OldCapacity, mailed.NewCapacity), Is.EqualTo((2, 4)));
            Assert.That(mailed.Explanation, Does.Contain("rule 'cpu-high' Percentage CPU = 100 > 70 proposes 4"));
        });
    }

    [Test]
    public void AddScaleSets_Twice_RegistersOneDispatcher()
    {
        var services = new ServiceCollection();
        services.AddScaleSets();
        services.AddScaleSets();

        Assert.That(services.Count(d => d.ServiceType == typeof(NotificationDispatcher)), Is.EqualTo(1));
    }
}
