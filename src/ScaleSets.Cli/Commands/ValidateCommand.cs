using System.CommandLine;
using ScaleSets.Configuration;
using ScaleSets.Model;

namespace ScaleSets.Cli.Commands;

/// <summary>
/// <c>scalesets validate &lt;setting&gt; [--parameters FILE]</c>: checks a native setting, an Azure autoscale setting or
/// ARM template (with its parameters file), or a Kubernetes HorizontalPodAutoscaler manifest; warns of every field it
/// reads but does not honour.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("setting") { Description = "The autoscale setting: native JSON, an Azure autoscale setting as Azure exports it, an ARM template, or a Kubernetes HorizontalPodAutoscaler manifest (YAML or JSON)." };
        var parameters = new Option<string?>("--parameters") { Description = "An ARM deployment parameters file for a template: its values come before the parameters' defaultValue." };
        var limit = new Option<int>("--instance-limit") { Description = "The largest capacity a profile may allow.", DefaultValueFactory = _ => ScaleCapacity.InstanceLimit };
        var command = new Command("validate", "Validate an autoscale setting; prints 'valid' (and any warnings) or every error with its JSON path.")
        {
            file,
            limit,
            parameters,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(limit), Console.Out, Console.Error, parse.GetValue(parameters)));
        return command;
    }

    internal static int Run(string path, int instanceLimit, TextWriter output, TextWriter error, string? parametersPath = null)
    {
        var result = AutoscaleSettingLoader.Load(path, new SettingLoadOptions { InstanceLimit = instanceLimit, ParametersFile = parametersPath });
        foreach (var problem in result.Problems.Where(p => p.Severity == SettingProblemSeverity.Error))
        {
            error.WriteLine($"{path}: {problem}");
        }

        foreach (var problem in result.Problems.Where(p => p.Severity == SettingProblemSeverity.Warning))
        {
            output.WriteLine($"{path}: {problem}");
        }

        if (!result.IsValid)
        {
            return 1;
        }

        output.WriteLine("valid");
        return 0;
    }
}
