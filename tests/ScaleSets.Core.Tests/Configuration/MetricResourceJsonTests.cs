using ScaleSets.Configuration;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

[TestFixture]
public sealed class MetricResourceJsonTests
{
    private const string Target = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss1";
    private const string Queue1 = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa/services/queue/queues/orders";
    private const string Queue2 = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa/services/queue/queues/invoices";

    private static string AzureResource(string rules, string extra = "") => $$"""
        {
          "type": "Microsoft.Insights/autoscalesettings",
          "name": "queues",
          "location": "westus",
          "properties": {
            "enabled": true,
            "targetResourceUri": "{{Target}}",
            "targetResourceLocation": "West US",
            {{extra}}
            "profiles": [ { "name": "p", "capacity": { "minimum": "1", "maximum": "10", "default": "1" }, "rules": [ {{rules}} ] } ]
          }
        }
        """;

    private static string QueueRule(string resource, string direction) => $$"""
        {
          "metricTrigger": {
            "metricName": "ApproximateMessageCount", "metricNamespace": "", "metricResourceUri": "{{resource}}",
            "timeGrain": "PT1M", "statistic": "Average", "timeWindow": "PT5M", "timeAggregation": "Average",
            "operator": "GreaterThan", "threshold": 100
          },
          "scaleAction": { "direction": "{{direction}}", "type": "ChangeCount", "value": "1", "cooldown": "PT5M" }
        }
        """;

    [Test]
    public void Read_AzureRulesOnTwoQueues_KeepEachRulesResource()
    {
        var result = AutoscaleSettingJson.Read(AzureResource(QueueRule(Queue1, "Increase") + "," + QueueRule(Queue2, "Increase")));

        Assert.That(result.Problems, Is.Empty);
        var setting = result.Setting!;
        Assert.Multiple(() =>
        {
            Assert.That(setting.TargetResourceUri, Is.EqualTo(Target));
            Assert.That(setting.TargetResourceLocation, Is.EqualTo("West US"));
            Assert.That(setting.Profiles[0].Rules.Select(r => r.MetricTrigger.MetricResourceUri), Is.EqualTo(new[] { Queue1, Queue2 }));
            Assert.That(setting.Profiles[0].Rules[0].MetricTrigger.MetricNamespace, Is.Null, "an empty namespace is none");
        });
    }

    [Test]
    public void Read_TemplateExpressionAsResource_IsKeptAsWrittenWithoutError()
    {
        const string expression = "[resourceId('Microsoft.Compute/virtualMachineScaleSets', parameters('vmssName'))]";
        var json = AzureResource(QueueRule(expression, "Increase")).Replace("\"" + Target + "\"", "\"" + expression + "\"", StringComparison.Ordinal);

        var result = AutoscaleSettingJson.Read(json);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems.Where(p => p.Path.Contains("ResourceUri", StringComparison.OrdinalIgnoreCase)), Is.Empty);
            Assert.That(result.Setting!.TargetResourceUri, Is.EqualTo(expression));
            Assert.That(result.Setting.Profiles[0].Rules[0].MetricTrigger.MetricResourceUri, Is.EqualTo(expression));
        });
    }

    [Test]
    public void Read_AzureNotifications_ReadsEmailAndWebhooks()
    {
        const string notifications = """
            "notifications": [ {
              "operation": "Scale",
              "email": { "sendToSubscriptionAdministrator": true, "sendToSubscriptionCoAdministrators": false, "customEmails": [ "gu@ms.com", "ge@ns.net" ] },
              "webhooks": [ { "serviceUri": "http://myservice.com", "properties": { "key1": "value1", "retries": 3 } } ]
            } ],
            """;

        var result = AutoscaleSettingJson.Read(AzureResource(QueueRule(Queue1, "Increase"), notifications));

        Assert.That(result.Problems, Is.Empty);
        var notification = result.Setting!.Notifications.Single();
        Assert.Multiple(() =>
        {
            Assert.That(notification.Operation, Is.EqualTo("Scale"));
            Assert.That(notification.Email!.SendToSubscriptionAdministrator, Is.True);
            Assert.That(notification.Email.SendToSubscriptionCoAdministrators, Is.False);
            Assert.That(notification.Email.CustomEmails, Is.EqualTo(new[] { "gu@ms.com", "ge@ns.net" }));
            Assert.That(notification.Webhooks.Single().ServiceUri, Is.EqualTo("http://myservice.com"));
            Assert.That(notification.Webhooks[0].Properties, Is.EqualTo(new Dictionary<string, string> { ["key1"] = "value1", ["retries"] = "3" }));
        });
    }

    [Test]
    public void Write_ResourcesAndNotifications_ReadBackEqual()
    {
        var original = AutoscaleSettingJson.Read(AzureResource(
            QueueRule(Queue1, "Increase"),
            """
            "notifications": [ { "operation": "Scale", "email": { "customEmails": [ "ops@example.com" ] }, "webhooks": [ { "serviceUri": "https://hooks.example.com/a?token=1", "properties": { "team": "ops" } } ] } ],
            """)).Setting!;
        original.Profiles[0].Rules[0].MetricTrigger.MetricNamespace = "microsoft.storage/storageaccounts/queueservices";

        var json = AutoscaleSettingJson.Write(original);
        var read = AutoscaleSettingJson.Read(json);

        Assert.That(read.Problems, Is.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(read.Format, Is.EqualTo(SettingFormat.Native));
            Assert.That(AutoscaleSettingJson.Write(read.Setting!), Is.EqualTo(json));
            Assert.That(read.Setting!.TargetResourceUri, Is.EqualTo(Target));
            Assert.That(read.Setting.Profiles[0].Rules[0].MetricTrigger.MetricResourceUri, Is.EqualTo(Queue1));
            Assert.That(read.Setting.Profiles[0].Rules[0].MetricTrigger.MetricNamespace, Is.EqualTo("microsoft.storage/storageaccounts/queueservices"));
            Assert.That(read.Setting.Notifications.Single().Webhooks.Single().Properties["team"], Is.EqualTo("ops"));
            Assert.That(read.Setting.Notifications[0].Email!.CustomEmails, Is.EqualTo(new[] { "ops@example.com" }));
        });
    }

    [TestCase("ftp://hooks.example.com", "$.notifications[0].webhooks[0].serviceUri")]
    [TestCase("hooks/relative", "$.notifications[0].webhooks[0].serviceUri")]
    public void Validate_WebhookNotHttp_IsAnErrorAtItsPath(string uri, string path)
    {
        var setting = new AutoscaleSetting
        {
            Profiles = [new AutoscaleProfile { Name = "p", Capacity = new ScaleCapacity { Minimum = 1, Maximum = 2, Default = 1 } }],
            Notifications = [new AutoscaleNotification { Webhooks = [new WebhookNotification { ServiceUri = uri }] }],
        };

        var errors = AutoscaleSettingValidator.Validate(setting).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void Validate_BadEmailAndOperation_AreErrorsAtTheirPaths()
    {
        var setting = new AutoscaleSetting
        {
            Profiles = [new AutoscaleProfile { Name = "p", Capacity = new ScaleCapacity { Minimum = 1, Maximum = 2, Default = 1 } }],
            Notifications = [new AutoscaleNotification { Operation = "Delete", Email = new EmailNotification { CustomEmails = ["ok@example.com", "nobody"] } }],
        };

        var errors = AutoscaleSettingValidator.Validate(setting).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EquivalentTo(new[] { "$.notifications[0].operation", "$.notifications[0].email.customEmails[1]" }));
    }
}
