using System.Text.Json.Nodes;
using ScaleSets.Configuration;
using ScaleSets.Configuration.Kubernetes;

namespace ScaleSets.Tests.Configuration;

/// <summary>
/// One path style in every message: every problem the readers (native, Azure resource, ARM template, HPA manifest) and
/// the validator report for one file is a JSON path into the file the user gave (or, for a parameters file's problem,
/// into that file), pointing at a value that is there or at a missing property of an object that is. The real Azure
/// documents are broken at several depths (capacity, trigger, action, schedule, notifications, predictive policy) so
/// reader and validator problems appear together.
/// </summary>
[TestFixture]
public sealed class SettingPathAuditTests
{
    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = System.IO.Directory.CreateTempSubdirectory("scalesets-paths-").FullName;

    [TearDown]
    public void DeleteDirectory() => System.IO.Directory.Delete(directory, recursive: true);

    private static IEnumerable<string> RealDocuments => AzureSettingFiles.Names.Where(n => n != "docs-understanding-settings.json");

    [TestCaseSource(nameof(RealDocuments))]
    public void Load_BrokenRealDocument_EveryPathIsInTheFile(string name)
    {
        var root = JsonNode.Parse(File.ReadAllText(AzureSettingFiles.PathOf(name)), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var bodies = SettingBodies(root).ToList();
        Assert.That(bodies, Is.Not.Empty, "the test finds the setting in every real document");
        foreach (var body in bodies)
        {
            Break(body);
        }

        var result = Load(root.ToJsonString(), name, AzureSettingFiles.ParametersOf(name));

        AssertEveryPathResolves(result, root, AzureSettingFiles.ParametersOf(name));
        Assert.That(result.Problems.Select(p => p.Path), Has.Some.Contains("capacity"), "the broken capacity is reported");
        Assert.That(result.Problems.Select(p => p.Path), Has.Some.Contains(".notifications[0].webhooks[1]"), "the broken webhook is reported");
    }

    [Test]
    public void Load_NativeSettingWithProblemsAtEveryDepth_EveryPathIsInTheFile()
    {
        const string Setting = """
            { "name": "web", "bogus": 1,
              "profiles": [
                { "name": "day", "capacity": { "minimum": 5, "maximum": 2, "default": 3 },
                  "rules": [ { "metricTrigger": { "metricName": "cpu", "timeGrain": "PT1S", "timeWindow": "PT5M", "operator": "GreaterThan", "threshold": 70, "extra": true },
                               "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 0, "cooldown": "PT5M" } } ],
                  "recurrence": { "frequency": "Week", "schedule": { "timeZone": "UTC", "days": ["Monday"], "hours": [25], "minutes": [0] } } },
                { "name": "night", "capacity": { "minimum": 1, "maximum": 3, "default": 1 }, "rules": [],
                  "fixedDate": { "timeZone": "UTC", "start": "2026-01-02T00:00:00", "end": "2026-01-01T00:00:00" } } ],
              "notifications": [ { "operation": "Scale", "webhooks": [ { "serviceUri": "https://example.com/hook" }, { "serviceUri": "nope" } ] } ] }
            """;

        var result = Load(Setting, "native.json");

        AssertEveryPathResolves(result, JsonNode.Parse(Setting)!);
        Assert.That(result.Problems.Select(p => p.Path), Has.Some.StartsWith("$.profiles[0].capacity")
            .And.Some.StartsWith("$.profiles[0].rules[0].metricTrigger.timeGrain")
            .And.Some.StartsWith("$.profiles[1].fixedDate")
            .And.Some.StartsWith("$.notifications[0].webhooks[1].serviceUri"));
    }

    [Test]
    public void Load_LanguageVersion2TemplateWithProblems_PathsNameTheResourceByItsSymbolicName()
    {
        var template = """
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "languageVersion": "2.0", "contentVersion": "1.0.0.0",
              "parameters": { "maximum": { "type": "int", "defaultValue": 2 } },
              "resources": { "autoscale": { "type": "Microsoft.Insights/autoscalesettings", "apiVersion": "2022-10-01", "name": "web",
                "properties": { "enabled": true, "targetResourceUri": "[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'vmss')]",
                  "profiles": [ { "name": "p", "capacity": { "minimum": "4", "maximum": "[parameters('maximum')]", "default": "4" },
                    "rules": [ RULE ] } ] } } } }
            """.Replace("RULE", AzureRule("PT1S", "soon"), StringComparison.Ordinal);

        var result = Load(template, "v2.json");

        AssertEveryPathResolves(result, JsonNode.Parse(template)!);
        Assert.That(result.Problems.Select(p => p.Path), Has.Some.StartsWith("$.resources.autoscale.properties.profiles[0].capacity")
            .And.Some.StartsWith("$.resources.autoscale.properties.profiles[0].rules[0].metricTrigger.timeGrain")
            .And.Some.StartsWith("$.resources.autoscale.properties.profiles[0].rules[0].scaleAction.cooldown"));
    }

    [Test]
    public void Load_NestedDeploymentWithProblems_PathsGoThroughTheDeployment()
    {
        var template = """
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
              "resources": [ { "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "inner",
                "properties": { "mode": "Incremental", "expressionEvaluationOptions": { "scope": "inner" },
                  "template": { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
                    "resources": [ { "type": "Microsoft.Insights/autoscalesettings", "apiVersion": "2022-10-01", "name": "web",
                      "properties": { "enabled": true, "targetResourceUri": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss",
                        "profiles": [ { "name": "p", "capacity": { "minimum": "4", "maximum": "2", "default": "4" },
                          "rules": [ RULE ] } ] } } ] } } } ] }
            """.Replace("RULE", AzureRule("PT1S", "PT5M"), StringComparison.Ordinal);

        var result = Load(template, "nested.json");

        AssertEveryPathResolves(result, JsonNode.Parse(template)!);
        Assert.That(result.Problems.Select(p => p.Path), Has.Some.StartsWith("$.resources[0].properties.template.resources[0].properties.profiles[0].capacity")
            .And.Some.StartsWith("$.resources[0].properties.template.resources[0].properties.profiles[0].rules[0].metricTrigger.timeGrain"));
    }

    [Test]
    public void Load_ProfilesFromAVariable_PathsStopAtTheExpressionThatGaveThem()
    {
        var template = """
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
              "variables": { "profiles": [ { "name": "p", "capacity": { "minimum": "4", "maximum": "2", "default": "4" }, "rules": [ RULE ] } ] },
              "resources": [ { "type": "Microsoft.Insights/autoscalesettings", "apiVersion": "2022-10-01", "name": "web",
                "properties": { "enabled": true, "targetResourceUri": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss",
                  "profiles": "[variables('profiles')]" } } ] }
            """.Replace("RULE", AzureRule("PT1S", "PT5M"), StringComparison.Ordinal);

        var result = Load(template, "variables.json");

        AssertEveryPathResolves(result, JsonNode.Parse(template)!);
        Assert.That(result.Problems.Where(p => p.Severity == SettingProblemSeverity.Error).Select(p => p.Path), Is.Not.Empty.And.All.EqualTo("$.resources[0].properties.profiles"));
        Assert.That(result.Problems.Select(p => p.Message), Has.Some.Contains("[0].capacity").And.Some.Contains("[0].rules[0].metricTrigger.timeGrain"),
            "the message says where inside the expression's value");
    }

    [Test]
    public void Load_ParametersFileWithProblems_TheirPathsAreInTheParametersFile()
    {
        var template = """
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
              "parameters": { "maximum": { "type": "int", "defaultValue": 2 } },
              "resources": [ { "type": "Microsoft.Insights/autoscalesettings", "apiVersion": "2022-10-01", "name": "web",
                "properties": { "enabled": true, "targetResourceUri": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss",
                  "profiles": [ { "name": "p", "capacity": { "minimum": "4", "maximum": "[parameters('maximum')]", "default": "4" }, "rules": [] } ] } } ] }
            """;
        const string Parameters = """{ "parameters": { "maximum": { "value": 1 }, "unused": { "value": 3 }, "broken": { "nothing": 1 } } }""";
        var parametersPath = Path.Combine(directory, "template.parameters.json");
        File.WriteAllText(parametersPath, Parameters);

        var result = Load(template, "template.json", parametersPath);

        AssertEveryPathResolves(result, JsonNode.Parse(template)!, parametersPath);
        Assert.Multiple(() =>
        {
            Assert.That(result.Problems.Where(p => p.FilePath == parametersPath).Select(p => p.Path), Has.Member("$.parameters.broken").And.Member("$.parameters.unused"));
            Assert.That(result.Problems.Where(p => p.FilePath is null).Select(p => p.Path), Has.Some.StartsWith("$.resources[0].properties.profiles[0].capacity"));
            Assert.That(result.Problems.First(p => p.FilePath == parametersPath).ToString(), Does.Contain(parametersPath), "printed, the problem names the file its path is in");
        });
    }

    [Test]
    public void Load_HpaManifestWithProblemsAtEveryDepth_EveryPathIsInTheManifest()
    {
        const string Manifest = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: web
            spec:
              scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
              minReplicas: 5
              maxReplicas: 2
              metrics:
              - type: Resource
                resource: { name: cpu, target: { type: Utilization, averageUtilization: 60 } }
              - type: Resource
                resource: { name: memory, target: { type: Utilization, averageUtilization: -5 } }
              behavior:
                scaleDown:
                  stabilizationWindowSeconds: 999999
                  policies:
                  - { type: Pods, value: 0, periodSeconds: 60 }
                  - { type: Furlongs, value: 1, periodSeconds: 60 }
            """;

        var result = Load(Manifest, "hpa.yaml");

        var json = YamlDocuments.Read(Manifest, []).Single()!;
        AssertEveryPathResolves(result, json);
        Assert.That(result.Problems.Select(p => p.Path), Has.Some.StartsWith("$.spec.m")
            .And.Some.StartsWith("$.spec.metrics[1]")
            .And.Some.StartsWith("$.spec.behavior.scaleDown.stabilizationWindowSeconds")
            .And.Some.StartsWith("$.spec.behavior.scaleDown.policies[0]")
            .And.Some.StartsWith("$.spec.behavior.scaleDown.policies[1].type"));
    }

    private static string AzureRule(string timeGrain, string cooldown) =>
        "{ \"metricTrigger\": { \"metricName\": \"Percentage CPU\", \"metricResourceUri\": \"[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'vmss')]\", "
        + "\"timeGrain\": \"" + timeGrain + "\", \"statistic\": \"Average\", \"timeWindow\": \"PT5M\", \"timeAggregation\": \"Average\", \"operator\": \"GreaterThan\", \"threshold\": 70 }, "
        + "\"scaleAction\": { \"direction\": \"Increase\", \"type\": \"ChangeCount\", \"value\": \"1\", \"cooldown\": \"" + cooldown + "\" } }";

    /// <summary>The objects that hold a setting's profiles: a template's autoscale resources (nested deployments too), an Azure resource's properties.</summary>
    private static IEnumerable<JsonObject> SettingBodies(JsonNode root)
    {
        if (root is not JsonObject o)
        {
            yield break;
        }

        var resources = o["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            if (resource["properties"] is JsonObject properties)
            {
                if (properties["profiles"] is not null)
                {
                    yield return properties;
                }
                else if (properties["template"] is JsonObject inner)
                {
                    foreach (var body in SettingBodies(inner))
                    {
                        yield return body;
                    }
                }
            }
        }

        if (o["properties"] is JsonObject direct && direct["profiles"] is not null)
        {
            yield return direct;
        }
        else if (o["profiles"] is not null)
        {
            yield return o;
        }
    }

    /// <summary>Breaks a setting body at several depths, each the way a user might.</summary>
    private static void Break(JsonObject body)
    {
        if (body["profiles"] is JsonArray profiles && profiles.Count > 0)
        {
            if (profiles[^1] is JsonObject last && last["capacity"] is JsonObject capacity)
            {
                capacity["minimum"] = "7";
                capacity["maximum"] = "3";
            }

            if (profiles[0] is JsonObject first && first["rules"] is JsonArray rules && rules.Count > 0 && rules[0] is JsonObject rule)
            {
                if (rule["metricTrigger"] is JsonObject trigger)
                {
                    trigger["timeGrain"] = "PT1S";
                    trigger["unheardOf"] = true;
                }

                if (rules[^1] is JsonObject lastRule && lastRule["scaleAction"] is JsonObject action)
                {
                    action["cooldown"] = "soon";
                }
            }

            foreach (var profile in profiles.OfType<JsonObject>())
            {
                if (profile["recurrence"] is JsonObject { } recurrence && recurrence["schedule"] is JsonObject schedule)
                {
                    schedule["hours"] = new JsonArray(25);
                }
            }
        }

        body["notifications"] = JsonNode.Parse("""
            [ { "operation": "Scale", "email": { "customEmails": [ "ops@example.com", "not an address" ] },
                "webhooks": [ { "serviceUri": "https://example.com/hook", "properties": {} }, { "serviceUri": "not a uri", "properties": {} } ] } ]
            """);
        if (body["predictiveAutoscalePolicy"] is JsonObject predictive)
        {
            predictive["scaleLookAheadTime"] = "PT2H";
        }
    }

    private SettingLoadResult Load(string text, string name, string? parameters = null)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return AutoscaleSettingLoader.Load(path, new SettingLoadOptions { ParametersFile = parameters });
    }

    private static void AssertEveryPathResolves(SettingLoadResult result, JsonNode document, string? parametersFile = null)
    {
        var parameters = parametersFile is null ? null : JsonNode.Parse(File.ReadAllText(parametersFile));
        Assert.That(result.Problems.Where(p => p.Path.Length > 0), Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var problem in result.Problems.Where(p => p.Path.Length > 0))
            {
                var inFile = problem.FilePath is null ? document : problem.FilePath == parametersFile ? parameters : null;
                Assert.That(inFile, Is.Not.Null, $"{problem}: names a file that was not given");
                Assert.That(JsonPathResolves(inFile!, problem.Path), Is.True, $"{problem}: the path is not in {problem.FilePath ?? "the file given"}");
            }
        });
    }

    /// <summary>Whether <paramref name="path"/> (<c>$.a.b[0]['c d']</c>) names a value of the document, or a missing property of an object in it.</summary>
    private static bool JsonPathResolves(JsonNode root, string path)
    {
        if (!path.StartsWith('$'))
        {
            return false;
        }

        JsonNode? node = root;
        var i = 1;
        while (i < path.Length)
        {
            string? name = null;
            int? index = null;
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }

                name = path[(i + 1)..end];
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                while (end > 0 && path[end - 1] == '\\')
                {
                    end = path.IndexOf("']", end + 1, StringComparison.Ordinal);
                }

                if (end < 0)
                {
                    return false;
                }

                name = path[(i + 2)..end].Replace("\\'", "'", StringComparison.Ordinal);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), out var n))
                {
                    return false;
                }

                index = n;
                i = end + 1;
            }
            else
            {
                return false;
            }

            var isLast = i >= path.Length;
            switch (node)
            {
                case JsonObject o when name is not null && o.ContainsKey(name):
                    node = o[name];
                    break;
                case JsonObject when name is not null && isLast:
                    return true;
                case JsonArray a when index is { } k && k < a.Count:
                    node = a[k];
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
