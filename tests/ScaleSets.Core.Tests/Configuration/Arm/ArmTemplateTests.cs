using ScaleSets.Configuration;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration.Arm;

/// <summary>
/// ARM templates as users write them: parameters from a parameters file or their defaultValue, variables, the
/// functions of these templates, languageVersion 2.0, nested deployments and Bicep's compiled output.
/// </summary>
[TestFixture]
public sealed class ArmTemplateTests
{
    private const string Schema = "\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"contentVersion\": \"1.0.0.0\"";

    private static string Setting(string name, string capacity, string rules = "[]", string extra = "") =>
        "{ \"type\": \"Microsoft.Insights/autoscalesettings\", \"apiVersion\": \"2022-10-01\", \"name\": " + name + ", \"location\": \"[resourceGroup().location]\""
        + extra + ", \"properties\": { \"enabled\": true, \"targetResourceUri\": \"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss\", "
        + "\"profiles\": [ { \"name\": \"default\", \"capacity\": " + capacity + ", \"rules\": " + rules + " } ] } }";

    private static string Template(string parameters, string variables, string resources) =>
        "{ " + Schema + ", \"parameters\": { " + parameters + " }, \"variables\": { " + variables + " }, \"resources\": " + resources + " }";

    private static SettingReadResult Read(string template, string? parameters = null)
    {
        var result = AutoscaleSettingJson.Read(template, parameters);
        Assert.That(result.Format, Is.EqualTo(SettingFormat.AzureTemplate));
        return result;
    }

    private static SettingReadResult ReadValid(string template, string? parameters = null)
    {
        var result = Read(template, parameters);
        Assert.That(result.Problems.Where(p => p.Severity == SettingProblemSeverity.Error), Is.Empty, string.Join("\n", result.Problems));
        return result;
    }

    private static ScaleCapacity CapacityOf(SettingReadResult result) => result.Setting!.Profiles[0].Capacity;

    private const string CapacityParameters = """
        "minimum": { "type": "int", "defaultValue": 1 }, "maximum": { "type": "int", "defaultValue": 5 }, "default": { "type": "int", "defaultValue": 2 }
        """;

    private const string CapacityFromParameters = """{ "minimum": "[parameters('minimum')]", "maximum": "[parameters('maximum')]", "default": "[parameters('default')]" }""";

    [Test]
    public void Read_ParametersWithoutFile_TakeTheirDefaultValue()
    {
        var result = ReadValid(Template(CapacityParameters, "", "[ " + Setting("\"web\"", CapacityFromParameters) + " ]"));

        Assert.That((CapacityOf(result).Minimum, CapacityOf(result).Maximum, CapacityOf(result).Default), Is.EqualTo((1, 5, 2)));
    }

    [Test]
    public void Read_ParametersFile_ComesBeforeTheDefaultValue()
    {
        var result = ReadValid(
            Template(CapacityParameters, "", "[ " + Setting("\"web\"", CapacityFromParameters) + " ]"),
            """{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": { "maximum": { "value": 40 } } }""");

        Assert.That((CapacityOf(result).Minimum, CapacityOf(result).Maximum), Is.EqualTo((1, 40)));
    }

    [Test]
    public void Read_BareParametersFile_Accepted()
    {
        var result = ReadValid(Template(CapacityParameters, "", "[ " + Setting("\"web\"", CapacityFromParameters) + " ]"), """{ "maximum": { "value": 7 } }""");

        Assert.That(CapacityOf(result).Maximum, Is.EqualTo(7));
    }

    [Test]
    public void Read_ParameterWithoutValue_ErrorWhereTheValueIsNeededNamesTheParametersFile()
    {
        var result = Read(Template("\"maximum\": { \"type\": \"int\" }", "", "[ " + Setting("\"web\"", """{ "minimum": 1, "maximum": "[parameters('maximum')]", "default": 1 }""") + " ]"));

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Path, Is.EqualTo("$.resources[0].properties.profiles[0].capacity.maximum"));
            Assert.That(problem.Message, Does.Contain("the parameter 'maximum', which has no value and no defaultValue (give it in a parameters file, --parameters FILE)"));
        });
    }

    [Test]
    public void Read_ParametersFileNamesAnUndefinedParameter_Warned()
    {
        var result = Read(Template(CapacityParameters, "", "[ " + Setting("\"web\"", CapacityFromParameters) + " ]"), """{ "parameters": { "maximun": { "value": 7 } } }""");

        Assert.That(result.Problems.Single().Message, Is.EqualTo("the parameters file gives 'maximun', which the template does not define; it is not used"));
    }

    [Test]
    public void Read_ParameterOutsideItsAllowedValues_Error()
    {
        var result = Read(
            Template("\"mode\": { \"type\": \"string\", \"allowedValues\": [ \"Enabled\", \"Disabled\" ], \"defaultValue\": \"Disabled\" }", "",
                "[ " + Setting("\"web\"", """{ "minimum": 1, "maximum": 3, "default": 1 }""", extra: ", \"tags\": {}") .Replace("\"enabled\": true", "\"enabled\": \"[equals(parameters('mode'), 'Enabled')]\"", StringComparison.Ordinal) + " ]"),
            """{ "parameters": { "mode": { "value": "Sometimes" } } }""");

        Assert.That(result.Problems.Single().Message, Does.Contain("the parameter 'mode' is 'Sometimes', which is not one of its allowedValues (Enabled, Disabled)"));
    }

    [Test]
    public void Read_VariablesReferringToParametersAndVariables_Evaluated()
    {
        var result = ReadValid(Template(
            "\"vmssName\": { \"type\": \"string\", \"defaultValue\": \"web\" }, \"max\": { \"type\": \"int\", \"defaultValue\": 4 }",
            "\"settingName\": \"[concat(parameters('vmssName'), '-', variables('suffix'))]\", \"suffix\": \"autoscale\", \"capacity\": { \"minimum\": 1, \"maximum\": \"[parameters('max')]\", \"default\": 1 }",
            "[ " + Setting("\"[variables('settingName')]\"", "\"[variables('capacity')]\"") + " ]"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Setting!.Name, Is.EqualTo("web-autoscale"));
            Assert.That(CapacityOf(result).Maximum, Is.EqualTo(4));
        });
    }

    [TestCase("[concat('web', '-', 'autoscale')]", "web-autoscale")]
    [TestCase("[format('{0}-{1}', 'web', 3)]", "web-3")]
    [TestCase("[format('{0:D3}', 7)]", "007")]
    [TestCase("[toLower('WEB')]", "web")]
    [TestCase("[toUpper('web')]", "WEB")]
    [TestCase("[replace('web-x', '-x', '')]", "web")]
    [TestCase("[substring('autoscale', 4)]", "scale")]
    [TestCase("[substring('autoscale', 0, 4)]", "auto")]
    [TestCase("[trim('  web ')]", "web")]
    [TestCase("[string(add(2, 3))]", "5")]
    [TestCase("[string(mul(sub(10, 4), div(9, 3)))]", "18")]
    [TestCase("[string(mod(10, 4))]", "2")]
    [TestCase("[if(equals('a', 'A'), 'yes', 'no')]", "yes")]
    [TestCase("[if(and(true(), not(false())), 'yes', 'no')]", "yes")]
    [TestCase("[if(or(less(1, 2), greater(1, 2)), 'yes', 'no')]", "yes")]
    [TestCase("[if(greaterOrEquals(2, 2), 'yes', 'no')]", "yes")]
    [TestCase("[if(lessOrEquals(3, 2), 'yes', 'no')]", "no")]
    [TestCase("[if(empty(''), 'yes', 'no')]", "yes")]
    [TestCase("[if(contains(createArray('a', 'b'), 'b'), 'yes', 'no')]", "yes")]
    [TestCase("[if(startsWith('webapp', 'web'), 'yes', 'no')]", "yes")]
    [TestCase("[if(endsWith('webapp', 'app'), 'yes', 'no')]", "yes")]
    [TestCase("[first(split('a,b,c', ','))]", "a")]
    [TestCase("[last(split('a,b,c', ','))]", "c")]
    [TestCase("[join(take(split('a,b,c', ','), 2), '+')]", "a+b")]
    [TestCase("[string(length(skip(createArray(1, 2, 3), 1)))]", "2")]
    [TestCase("[createObject('k', 'v').k]", "v")]
    [TestCase("[json('{\"a\":{\"b\":\"deep\"}}').a.b]", "deep")]
    [TestCase("[coalesce(null(), 'fallback')]", "fallback")]
    [TestCase("[string(int('12'))]", "12")]
    [TestCase("[string(bool('true'))]", "True")]
    [TestCase("[padLeft('7', 3, '0')]", "007")]
    [TestCase("[string(indexOf('autoscale', 'scale'))]", "4")]
    [TestCase("[string(max(3, 9, 4))]", "9")]
    [TestCase("[string(min(createArray(3, 9, 4)))]", "3")]
    [TestCase("[concat(createArray('a'), createArray('b'))[1]]", "b")]
    [TestCase("[union(createObject('a', 'x'), createObject('b', 'y')).b]", "y")]
    [TestCase("[string(range(5, 3)[2])]", "7")]
    [TestCase("[resourceId('rg1', 'Microsoft.Compute/virtualMachineScaleSets', 'vmss')]", "/subscriptions/{subscription().subscriptionId}/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachineScaleSets/vmss")]
    [TestCase("[resourceId('sub1', 'rg1', 'Microsoft.Compute/virtualMachineScaleSets/extensions', 'vmss', 'health')]", "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachineScaleSets/vmss/extensions/health")]
    [TestCase("[subscriptionResourceId('sub1', 'Microsoft.Resources/resourceGroups', 'rg1')]", "/subscriptions/sub1/providers/Microsoft.Resources/resourceGroups/rg1")]
    [TestCase("[[literal]", "[literal]")]
    [TestCase("[concat('it''s', ' ok')]", "it's ok")]
    public void Read_TemplateFunction_Evaluated(string expression, string expected)
    {
        var result = ReadValid(Template("", "", "[ " + Setting("\"" + expression.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"", """{ "minimum": 1, "maximum": 3, "default": 1 }""") + " ]"));

        Assert.That(result.Setting!.Name, Is.EqualTo(expected));
    }

    [TestCase("[resourceGroup().location]", "resourceGroup().location")]
    [TestCase("[subscription().subscriptionId]", "subscription().subscriptionId")]
    [TestCase("[uniqueString(resourceGroup().id)]", "uniqueString(resourceGroup().id)")]
    [TestCase("[reference('vmss').sku.capacity]", "reference('vmss').sku.capacity")]
    [TestCase("[deployment().name]", "deployment().name")]
    public void Read_ValueOnlyAzureKnows_ErrorWithItsPathWhereTheSettingNeedsIt(string expression, string what)
    {
        var result = Read(Template("", "", "[ " + Setting("\"web\"", "{ \"minimum\": 1, \"maximum\": \"" + expression + "\", \"default\": 1 }") + " ]"));

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Error));
            Assert.That(problem.Path, Is.EqualTo("$.resources[0].properties.profiles[0].capacity.maximum"));
            Assert.That(problem.Message, Does.Contain($"it depends on {what}, which only Azure knows when it deploys the template"));
        });
    }

    [Test]
    public void Read_MetricResourceUriFromResourceId_WarnedWithItsPlaceholderAndSourceKept()
    {
        var rule = """
            [ { "metricTrigger": { "metricName": "ActiveMessages", "metricResourceUri": "[resourceId('Microsoft.ServiceBus/namespaces', 'bus')]",
                "timeGrain": "PT1M", "statistic": "Average", "timeWindow": "PT5M", "timeAggregation": "Average", "operator": "GreaterThan", "threshold": 10 },
              "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": "1", "cooldown": "PT5M" } } ]
            """;

        var result = ReadValid(Template("", "", "[ " + Setting("\"web\"", """{ "minimum": 1, "maximum": 3, "default": 1 }""", rule) + " ]"));

        var warning = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(warning.Path, Is.EqualTo("$.resources[0].properties.profiles[0].rules[0].metricTrigger.metricResourceUri"));
            Assert.That(warning.Message, Does.EndWith("read as \"/subscriptions/{subscription().subscriptionId}/resourceGroups/{resourceGroup().name}/providers/Microsoft.ServiceBus/namespaces/bus\""));
            Assert.That(result.Setting!.Profiles[0].Rules[0].MetricTrigger.Source, Is.EqualTo(ScaleSets.Metrics.MetricSourceKind.Custom));
        });
    }

    [TestCase("[concat('a']", "expected ')' before the end")]
    [TestCase("[nosuchfunction('a')]", "the template function 'nosuchfunction' is not supported")]
    [TestCase("[copyIndex()]", "copy loops are not supported")]
    [TestCase("[variables('missing')]", "the template defines no variable 'missing'")]
    [TestCase("[substring('abc', 5)]", "is outside the string")]
    [TestCase("[div(1, 0)]", "div() by zero")]
    [TestCase("[add(9223372036854775807, 1)]", "add() overflows")]
    [TestCase("[ns.myFunction()]", "user-defined function 'ns.myFunction' is not supported")]
    public void Read_ExpressionThatCannotBeEvaluated_ErrorSaysWhy(string expression, string reason)
    {
        var result = Read(Template("", "", "[ " + Setting("\"web\"", "{ \"minimum\": 1, \"maximum\": \"" + expression + "\", \"default\": 1 }") + " ]"));

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Path, Is.EqualTo("$.resources[0].properties.profiles[0].capacity.maximum"));
            Assert.That(problem.Message, Does.Contain(reason));
        });
    }

    [Test]
    public void Read_VariableReferringToItself_Error()
    {
        var result = Read(Template("", "\"a\": \"[variables('b')]\", \"b\": \"[variables('a')]\"", "[ " + Setting("\"[variables('a')]\"", """{ "minimum": 1, "maximum": 3, "default": 1 }""") + " ]"));

        Assert.That(result.Problems.Single().Message, Does.Contain("refers to itself"));
    }

    [Test]
    public void Read_LanguageVersion2_ResourcesAsAnObject()
    {
        var template = "{ " + Schema + ", \"languageVersion\": \"2.0\", \"parameters\": { " + CapacityParameters + " }, \"resources\": { "
            + "\"vmss\": { \"type\": \"Microsoft.Compute/virtualMachineScaleSets\", \"apiVersion\": \"2023-03-01\", \"existing\": true, \"name\": \"vmss\" }, "
            + "\"autoscale\": " + Setting("\"web\"", CapacityFromParameters) + " } }";

        var result = ReadValid(template);

        Assert.That(CapacityOf(result).Maximum, Is.EqualTo(5));
    }

    [Test]
    public void Load_LanguageVersion2_ValidationProblemsAtTheSymbolicNamesPath()
    {
        var template = "{ " + Schema + ", \"languageVersion\": \"2.0\", \"resources\": { \"autoscale\": "
            + Setting("\"web\"", """{ "minimum": 4, "maximum": 2, "default": 1 }""") + " } }";
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "lv2-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, template);
        try
        {
            var result = AutoscaleSettingLoader.Load(path);

            Assert.That(result.Problems.Select(p => p.Path), Is.All.StartWith("$.resources.autoscale.properties.profiles[0].capacity"));
            Assert.That(result.Problems, Is.Not.Empty);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Read_NestedDeploymentOuterScope_FoundWithTheParentsParameters()
    {
        var nested = "{ \"type\": \"Microsoft.Resources/deployments\", \"apiVersion\": \"2022-09-01\", \"name\": \"inner\", \"properties\": { \"mode\": \"Incremental\", "
            + "\"template\": { " + Schema + ", \"resources\": [ " + Setting("\"web\"", CapacityFromParameters) + " ] } } }";

        var result = ReadValid(Template(CapacityParameters, "", "[ " + nested + " ]"), """{ "parameters": { "maximum": { "value": 9 } } }""");

        Assert.That(CapacityOf(result).Maximum, Is.EqualTo(9));
    }

    [Test]
    public void Read_NestedDeploymentInnerScope_ParametersPassedFromTheParent()
    {
        var nested = "{ \"type\": \"Microsoft.Resources/deployments\", \"apiVersion\": \"2022-09-01\", \"name\": \"inner\", \"properties\": { "
            + "\"expressionEvaluationOptions\": { \"scope\": \"inner\" }, \"mode\": \"Incremental\", "
            + "\"parameters\": { \"maximum\": { \"value\": \"[add(parameters('outerMax'), 1)]\" } }, "
            + "\"template\": { " + Schema + ", \"parameters\": { " + CapacityParameters + " }, \"resources\": [ "
            + "{ \"type\": \"Microsoft.Resources/deployments\", \"name\": \"deeper\", \"properties\": { \"template\": { \"resources\": [ " + Setting("\"web\"", CapacityFromParameters) + " ] } } } ] } } }";

        var result = ReadValid(Template("\"outerMax\": { \"type\": \"int\", \"defaultValue\": 11 }", "", "[ " + nested + " ]"));

        Assert.Multiple(() =>
        {
            Assert.That(CapacityOf(result).Maximum, Is.EqualTo(12));
            Assert.That(CapacityOf(result).Minimum, Is.EqualTo(1), "the nested template's own defaultValue");
        });
    }

    [Test]
    public void Read_ResourceWithFalseCondition_NotCounted()
    {
        var off = Setting("\"off\"", """{ "minimum": 1, "maximum": 3, "default": 1 }""", extra: ", \"condition\": \"[equals(parameters('env'), 'test')]\"");
        var on = Setting("\"on\"", """{ "minimum": 1, "maximum": 3, "default": 1 }""", extra: ", \"condition\": \"[equals(parameters('env'), 'prod')]\"");

        var result = ReadValid(Template("\"env\": { \"type\": \"string\", \"defaultValue\": \"prod\" }", "", "[ " + off + ", " + on + " ]"));

        Assert.That(result.Setting!.Name, Is.EqualTo("on"));
    }

    [Test]
    public void Read_LinkedTemplate_WarnedNotSearched()
    {
        var linked = """{ "type": "Microsoft.Resources/deployments", "name": "linked", "properties": { "templateLink": { "uri": "https://example.invalid/t.json" } } }""";

        var result = Read(Template("", "", "[ " + linked + " ]"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Setting, Is.Null);
            Assert.That(result.Problems.Select(p => p.Path), Is.EqualTo(new[] { "$.resources[0].properties.templateLink", "$.resources" }));
        });
    }

    [Test]
    public void Read_BicepCompiledTemplate_Read()
    {
        // What `bicep build` writes for a scale set's autoscale setting: format() names, a parameter object, if().
        var template = """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "metadata": { "_generator": { "name": "bicep", "version": "0.30.23.60470", "templateHash": "1234567890" } },
              "parameters": {
                "vmssName": { "type": "string" },
                "location": { "type": "string", "defaultValue": "[resourceGroup().location]" },
                "capacity": { "type": "object", "defaultValue": { "min": 2, "max": 10, "default": 2 } },
                "scaleOutThreshold": { "type": "int", "defaultValue": 70 },
                "enableScaleIn": { "type": "bool", "defaultValue": true }
              },
              "variables": { "cpu": "Percentage CPU" },
              "resources": [
                {
                  "type": "Microsoft.Insights/autoscalesettings",
                  "apiVersion": "2022-10-01",
                  "name": "[format('{0}-autoscale', parameters('vmssName'))]",
                  "location": "[parameters('location')]",
                  "properties": {
                    "enabled": true,
                    "targetResourceUri": "[resourceId('Microsoft.Compute/virtualMachineScaleSets', parameters('vmssName'))]",
                    "profiles": [
                      {
                        "name": "default",
                        "capacity": {
                          "minimum": "[string(parameters('capacity').min)]",
                          "maximum": "[string(parameters('capacity').max)]",
                          "default": "[string(parameters('capacity').default)]"
                        },
                        "rules": "[concat(createArray(createObject('metricTrigger', createObject('metricName', variables('cpu'), 'metricResourceUri', resourceId('Microsoft.Compute/virtualMachineScaleSets', parameters('vmssName')), 'timeGrain', 'PT1M', 'statistic', 'Average', 'timeWindow', 'PT5M', 'timeAggregation', 'Average', 'operator', 'GreaterThan', 'threshold', parameters('scaleOutThreshold')), 'scaleAction', createObject('direction', 'Increase', 'type', 'ChangeCount', 'value', '1', 'cooldown', 'PT5M'))), if(parameters('enableScaleIn'), createArray(createObject('metricTrigger', createObject('metricName', variables('cpu'), 'timeGrain', 'PT1M', 'statistic', 'Average', 'timeWindow', 'PT5M', 'timeAggregation', 'Average', 'operator', 'LessThan', 'threshold', 30), 'scaleAction', createObject('direction', 'Decrease', 'type', 'ChangeCount', 'value', '1', 'cooldown', 'PT5M'))), createArray()))]"
                      }
                    ]
                  }
                }
              ]
            }
            """;

        var result = ReadValid(template, """{ "parameters": { "vmssName": { "value": "web" } } }""");

        var profile = result.Setting!.Profiles[0];
        Assert.Multiple(() =>
        {
            Assert.That(result.Setting.Name, Is.EqualTo("web-autoscale"));
            Assert.That((profile.Capacity.Minimum, profile.Capacity.Maximum, profile.Capacity.Default), Is.EqualTo((2, 10, 2)));
            Assert.That(profile.Rules.Select(r => (r.MetricTrigger.Operator, r.MetricTrigger.Threshold)), Is.EqualTo(new[]
            {
                (ComparisonOperator.GreaterThan, 70d),
                (ComparisonOperator.LessThan, 30d),
            }));
        });
    }

    // Templates write the metric's region as the deployment's: a value only Azure knows, and metadata like a resource's
    // location (the series is told apart by metricResourceUri), so it never refuses the template.
    [Test]
    public void Read_MetricResourceLocationOnlyAzureKnows_AcceptedAsMetadata()
    {
        const string Rule = """
            [ { "metricTrigger": { "metricName": "Percentage CPU", "metricResourceUri": "[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'vmss')]",
                "metricResourceLocation": "[resourceGroup().location]", "timeGrain": "PT1M", "statistic": "Average", "timeWindow": "PT5M",
                "timeAggregation": "Average", "operator": "GreaterThan", "threshold": 70 },
              "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": "1", "cooldown": "PT5M" } } ]
            """;

        var result = ReadValid(Template("", "", "[ " + Setting("\"web\"", """{ "minimum": 1, "maximum": 3, "default": 1 }""", Rule) + " ]"));

        Assert.That(result.Problems.Select(p => p.Path), Has.None.Contains("metricResourceLocation"));
        Assert.That(result.Setting!.Profiles[0].Rules, Has.Count.EqualTo(1));
    }

    // The setting's name in its properties is as often uniqueString(...) as the resource's name: it only identifies it.
    [Test]
    public void Read_SettingNameOnlyAzureKnows_WarnedWithItsPlaceholder()
    {
        var template = Template("", "", "[ " + Setting("\"web\"", """{ "minimum": 1, "maximum": 3, "default": 1 }""") + " ]")
            .Replace("\"properties\": { \"enabled\": true,", "\"properties\": { \"name\": \"[concat('autoscale-', uniqueString(resourceGroup().id))]\", \"enabled\": true,", StringComparison.Ordinal);

        var result = ReadValid(template);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems.Single(p => p.Path == "$.resources[0].properties.name").Severity, Is.EqualTo(SettingProblemSeverity.Warning));
            Assert.That(result.Setting!.Name, Does.StartWith("autoscale-{uniqueString("));
        });
    }
}
