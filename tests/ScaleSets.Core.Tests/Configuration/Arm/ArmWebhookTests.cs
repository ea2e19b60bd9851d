using ScaleSets.Configuration;

namespace ScaleSets.Tests.Configuration.Arm;

/// <summary>
/// A webhook whose <c>serviceUri</c> only Azure can fill in (a Logic App trigger's <c>listCallbackUrl()</c>, a
/// <c>reference()</c>): Azure accepts the document, so it is valid here too, with a warning naming the field that says the
/// webhook is not called.
/// </summary>
[TestFixture]
public sealed class ArmWebhookTests
{
    private const string CallbackUrl = "[listCallbackURL(resourceId('Microsoft.Logic/workflows/triggers', 'scale-alerts', 'manual'), '2019-05-01').value]";

    private static string Template(string webhooks) => """
        { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
          "resources": [ { "type": "Microsoft.Insights/autoscalesettings", "apiVersion": "2022-10-01", "name": "web",
            "properties": { "enabled": true, "targetResourceUri": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss",
              "profiles": [ { "name": "p", "capacity": { "minimum": "1", "maximum": "3", "default": "1" }, "rules": [] } ],
              "notifications": [ { "operation": "Scale", "webhooks": WEBHOOKS } ] } } ] }
        """.Replace("WEBHOOKS", webhooks, StringComparison.Ordinal);

    private static SettingLoadResult Load(string template)
    {
        var directory = Directory.CreateTempSubdirectory("scalesets-webhook-");
        try
        {
            var path = Path.Combine(directory.FullName, "autoscale.json");
            File.WriteAllText(path, template);
            return AutoscaleSettingLoader.Load(path);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void Load_ServiceUriOnlyAzureKnows_ValidWithAWarningAndTheWebhookIsNotCalled()
    {
        var result = Load(Template($$"""[ { "serviceUri": "{{CallbackUrl}}", "properties": {} }, { "serviceUri": "https://example.com/hook", "properties": {} } ]"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.True, string.Join("\n", result.Problems));
            var warning = result.Problems.Single();
            Assert.That(warning.Severity, Is.EqualTo(SettingProblemSeverity.Warning));
            Assert.That(warning.Path, Is.EqualTo("$.resources[0].properties.notifications[0].webhooks[0].serviceUri"));
            Assert.That(warning.Message, Does.Contain("serviceUri").And.Contain("listCallbackURL").And.Contain("this webhook is not called"));
            Assert.That(result.Setting!.Notifications[0].Webhooks.Select(w => w.ServiceUri), Is.EqualTo(new[] { "https://example.com/hook" }), "only the webhook with an address is called");
        });
    }

    [Test]
    public void Load_ServiceUriComposedWithAReference_Warned()
    {
        var result = Load(Template("""[ { "serviceUri": "[concat('https://', reference(resourceId('Microsoft.Web/sites', 'hooks')).defaultHostName, '/scale')]" } ]"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.True, string.Join("\n", result.Problems));
            Assert.That(result.Problems.Single().Message, Does.Contain("this webhook is not called"));
            Assert.That(result.Setting!.Notifications[0].Webhooks, Is.Empty);
        });
    }

    [Test]
    public void Load_BadWebhookAfterOneNotCalled_ErrorNamesItWhereItIsWritten()
    {
        var result = Load(Template($$"""[ { "serviceUri": "{{CallbackUrl}}" }, { "serviceUri": "ftp://example.com/hook" } ]"""));

        var error = result.Problems.Single(p => p.Severity == SettingProblemSeverity.Error);
        Assert.That(error.Path, Is.EqualTo("$.resources[0].properties.notifications[0].webhooks[1].serviceUri"), "the model's webhooks[0] is the document's webhooks[1]");
    }

    [Test]
    public void Load_ServiceUriFromAParameter_IsCalled()
    {
        var template = Template("""[ { "serviceUri": "[parameters('hook')]" } ]""")
            .Replace("\"resources\"", "\"parameters\": { \"hook\": { \"type\": \"string\", \"defaultValue\": \"https://example.com/hook\" } }, \"resources\"", StringComparison.Ordinal);

        var result = Load(template);

        Assert.That(result.Setting!.Notifications[0].Webhooks.Single().ServiceUri, Is.EqualTo("https://example.com/hook"));
    }
}
