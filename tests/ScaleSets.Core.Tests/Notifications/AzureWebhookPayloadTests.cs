using System.Text.Json;
using ScaleSets.Notifications;
using static ScaleSets.Tests.Notifications.NotificationTestData;

namespace ScaleSets.Tests.Notifications;

[TestFixture]
public sealed class AzureWebhookPayloadTests
{
    [Test]
    public async Task Post_ScaleIn_SendsAzuresPayloadFieldByField()
    {
        await using var listener = new WebhookListener(200);
        var time = new TimerWatchingTimeProvider();
        await using var dispatcher = new NotificationDispatcher(Options(), timeProvider: time);

        Assert.That(dispatcher.TryEnqueue(Notification(Setting(listener.Uri))), Is.True);
        var request = await listener.NextAsync();

        using var document = JsonDocument.Parse(request.Body);
        var root = document.RootElement;
        var context = root.GetProperty("context");
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.ContentType, Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(request.Url.AbsolutePath, Is.EqualTo("/hook/"));
            Assert.That(root.GetProperty("version").GetString(), Is.EqualTo("1.0"));
            Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("Activated"));
            Assert.That(root.GetProperty("operation").GetString(), Is.EqualTo("Scale In"));
            Assert.That(context.GetProperty("timestamp").GetString(), Is.EqualTo("2026-03-02T08:15:00.0000000Z"));
            Assert.That(context.GetProperty("id").GetString(), Is.EqualTo("/subscriptions/s1/resourceGroups/rg1/providers/microsoft.insights/autoscalesettings/web-autoscale"));
            Assert.That(context.GetProperty("name").GetString(), Is.EqualTo("web-autoscale"));
            Assert.That(context.GetProperty("details").GetString(), Is.EqualTo("Autoscale successfully started scale operation for resource 'vmss1' from capacity '3' to capacity '2'"));
            Assert.That(context.GetProperty("subscriptionId").GetString(), Is.EqualTo("s1"));
            Assert.That(context.GetProperty("resourceGroupName").GetString(), Is.EqualTo("rg1"));
            Assert.That(context.GetProperty("resourceName").GetString(), Is.EqualTo("vmss1"));
            Assert.That(context.GetProperty("resourceType").GetString(), Is.EqualTo("microsoft.compute/virtualmachinescalesets"));
            Assert.That(context.GetProperty("resourceId").GetString(), Is.EqualTo(Target));
            Assert.That(context.GetProperty("portalLink").GetString(), Is.EqualTo("https://portal.azure.com/#resource" + Target));
            Assert.That(context.GetProperty("resourceRegion").GetString(), Is.EqualTo("West US"));
            Assert.That(context.GetProperty("oldCapacity").GetString(), Is.EqualTo("3"), "Azure sends capacities as strings");
            Assert.That(context.GetProperty("newCapacity").GetString(), Is.EqualTo("2"));
            Assert.That(root.GetProperty("properties").GetProperty("key1").GetString(), Is.EqualTo("value1"));
            Assert.That(root.GetProperty("properties").GetProperty("team").GetString(), Is.EqualTo("ops"));
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "version", "status", "operation", "context", "properties" }));
        });
    }

    [Test]
    public void Write_ScaleOutOutsideAzure_NamesTheScaleSetAndLeavesAzurePartsEmpty()
    {
        var setting = Setting(new Uri("http://127.0.0.1/x"), target: null);
        setting.TargetResourceLocation = null;
        var notification = Notification(setting, from: 2, to: 5);

        using var document = JsonDocument.Parse(AzureWebhookPayload.Write(notification, setting.Notifications[0].Webhooks[0], "https://portal.azure.com/#resource"));

        var context = document.RootElement.GetProperty("context");
        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.GetProperty("operation").GetString(), Is.EqualTo("Scale Out"));
            Assert.That(context.GetProperty("id").GetString(), Is.EqualTo("web-autoscale"));
            Assert.That(context.GetProperty("resourceName").GetString(), Is.EqualTo("vmss1"));
            Assert.That(context.GetProperty("resourceId").GetString(), Is.EqualTo("vmss1"));
            Assert.That(context.GetProperty("subscriptionId").GetString(), Is.Empty);
            Assert.That(context.GetProperty("portalLink").GetString(), Is.Empty);
            Assert.That(context.TryGetProperty("resourceRegion", out _), Is.False);
            Assert.That(context.GetProperty("details").GetString(), Is.EqualTo("Autoscale successfully started scale operation for resource 'vmss1' from capacity '2' to capacity '5'"));
        });
    }

    [TestCase("/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/serverfarms/plan1", "microsoft.web/serverfarms", "plan1")]
    [TestCase("/subscriptions/s/resourceGroups/g/providers/microsoft.classicCompute/domainNames/svc/slots/Production/roles/MyCSRole", "microsoft.classiccompute/domainnames/slots/roles", "MyCSRole")]
    public void TryParse_ResourceIds_GivesAzuresTypeAndName(string id, string type, string name)
    {
        Assert.That(AzureResourceId.TryParse(id, out var parsed), Is.True);
        Assert.That((parsed.SubscriptionId, parsed.ResourceGroupName, parsed.ResourceType, parsed.ResourceName), Is.EqualTo(("s", "g", type, name)));
    }

    [TestCase("vmss1")]
    [TestCase("/subscriptions/s/resourceGroups/g")]
    [TestCase("[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'x')]")]
    public void TryParse_NotAResourceId_IsFalse(string id) => Assert.That(AzureResourceId.TryParse(id, out _), Is.False);
}
