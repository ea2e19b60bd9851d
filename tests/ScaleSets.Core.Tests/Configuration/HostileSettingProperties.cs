using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Configuration;

namespace ScaleSets.Tests.Configuration;

/// <summary>
/// Hostile setting documents through <see cref="AutoscaleSettingLoader"/>: valid native settings, ARM templates and HPA
/// manifests, mutated (bytes flipped, cut, numbers made huge, properties doubled, nesting deepened, strings made long,
/// expressions broken). Nothing may throw, and every refusal says where (a path or a line).
/// </summary>
[TestFixture]
public sealed class HostileSettingProperties
{
    private const string Template = """
        { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "parameters": { "max": { "type": "int", "defaultValue": 5 }, "name": { "type": "string", "defaultValue": "web" } },
          "variables": { "setting": "[concat(parameters('name'), '-autoscale')]" },
          "resources": [ { "type": "Microsoft.Insights/autoscalesettings", "apiVersion": "2022-10-01", "name": "[variables('setting')]",
            "properties": { "enabled": true, "profiles": [ { "name": "default",
              "capacity": { "minimum": "1", "maximum": "[string(parameters('max'))]", "default": "1" },
              "rules": [ { "metricTrigger": { "metricName": "Percentage CPU", "metricResourceUri": "[resourceId('Microsoft.Compute/virtualMachineScaleSets', parameters('name'))]",
                  "timeGrain": "PT1M", "statistic": "Average", "timeWindow": "PT5M", "timeAggregation": "Average", "operator": "GreaterThan", "threshold": 70 },
                "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": "1", "cooldown": "PT5M" } } ] } ] } } ] }
        """;

    private const string Manifest = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
        spec:
          minReplicas: 1
          maxReplicas: 10
          metrics:
          - type: Resource
            resource:
              name: cpu
              target:
                type: Utilization
                averageUtilization: 60
          behavior:
            scaleDown:
              stabilizationWindowSeconds: 300
              policies:
              - type: Pods
                value: 1
                periodSeconds: 60
        """;

    private static readonly string[] Huge = ["99999999999999999999", "1e400", "-0", "\"NaN\"", "-2147483649", "\"[concat(\"", "null", "[]", "{}"];

    private static Gen<(string Name, byte[] Bytes)> Documents() =>
        from kind in Gen.Choose(0, 2)
        from native in ModelGenerators.Setting()
        from count in Gen.Choose(1, 4)
        from mutations in Mutation().ListOf(count)
        let text = kind switch
        {
            0 => AutoscaleSettingJson.Write(native),
            1 => Template,
            _ => Manifest,
        }
        select (kind == 2 ? "hostile.yaml" : "hostile.json", mutations.Aggregate(Encoding.UTF8.GetBytes(text), (bytes, mutate) => mutate(bytes)));

    private static Gen<Func<byte[], byte[]>> Mutation() => Gen.OneOf(
        from at in Gen.Choose(0, 100_000)
        from value in Gen.Choose(0, 255)
        select (Func<byte[], byte[]>)(b => Replace(b, at, [(byte)value])),
        from at in Gen.Choose(0, 100_000)
        select (Func<byte[], byte[]>)(b => b.Length == 0 ? b : b[..(at % b.Length)]),
        from which in Gen.Choose(0, Huge.Length - 1)
        from nth in Gen.Choose(0, 20)
        select (Func<byte[], byte[]>)(b => ReplaceNumber(b, nth, Huge[which])),
        from nth in Gen.Choose(0, 20)
        select (Func<byte[], byte[]>)(b => DoubleProperty(b, nth)),
        from depth in Gen.Choose(50, 400)
        from at in Gen.Choose(0, 100_000)
        select (Func<byte[], byte[]>)(b => Insert(b, at, Encoding.UTF8.GetBytes(new string('[', depth)))),
        from at in Gen.Choose(0, 100_000)
        select (Func<byte[], byte[]>)(b => Insert(b, at, Encoding.UTF8.GetBytes("\"" + new string('x', 300_000) + "\""))),
        from at in Gen.Choose(0, 100_000)
        from junk in Gen.Elements("[", "]", "{", "}", ",", ":", "\"[", "'", "\\ud800", "*a", "&a ", "\n- ", "\t", "\0", "[variables('x')]")
        select (Func<byte[], byte[]>)(b => Insert(b, at, Encoding.UTF8.GetBytes(junk))));

    private static byte[] Replace(byte[] bytes, int at, byte[] with) =>
        bytes.Length == 0 ? with : [.. bytes[..(at % bytes.Length)], .. with, .. bytes[Math.Min(bytes.Length, (at % bytes.Length) + with.Length)..]];

    private static byte[] Insert(byte[] bytes, int at, byte[] what)
    {
        var cut = bytes.Length == 0 ? 0 : at % (bytes.Length + 1);
        return [.. bytes[..cut], .. what, .. bytes[cut..]];
    }

    private static byte[] ReplaceNumber(byte[] bytes, int nth, string with)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var numbers = System.Text.RegularExpressions.Regex.Matches(text, @"(?<=[:\s\[,])-?\d+(\.\d+)?");
        if (numbers.Count == 0)
        {
            return bytes;
        }

        var match = numbers[nth % numbers.Count];
        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, match.Index), with, text.AsSpan(match.Index + match.Length)));
    }

    private static byte[] DoubleProperty(byte[] bytes, int nth)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var properties = System.Text.RegularExpressions.Regex.Matches(text, "\"[A-Za-z]+\": *(\"[^\"]*\"|-?[0-9.]+|true|false)");
        if (properties.Count == 0)
        {
            return bytes;
        }

        var match = properties[nth % properties.Count];
        return Encoding.UTF8.GetBytes(text.Insert(match.Index, match.Value + ", "));
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000];

    [Test]
    public void Load_HostileDocument_NeverThrowsAndEveryRefusalSaysWhere()
    {
        var directory = Directory.CreateTempSubdirectory("scalesets-hostile-property-");
        try
        {
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(Documents().ToArbitrary(), document =>
            {
                var path = Path.Combine(directory.FullName, document.Name);
                File.WriteAllBytes(path, document.Bytes);
                var result = AutoscaleSettingLoader.Load(path);
                var unplaced = result.Problems.Where(p => p.Severity == SettingProblemSeverity.Error && p.Path.Length == 0 && p.Line is null).ToList();
                var valid = result.IsValid == (result.Setting is not null && result.Problems.All(p => p.Severity != SettingProblemSeverity.Error));
                return (unplaced.Count == 0 && valid && (result.IsValid || result.Problems.Count > 0))
                    .Label($"unplaced: {string.Join("; ", unplaced)}\n{Shorten(Encoding.UTF8.GetString(document.Bytes))}");
            }));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
