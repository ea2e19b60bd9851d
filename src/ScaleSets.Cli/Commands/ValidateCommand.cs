using System.CommandLine;
using ScaleSets.Configuration;

namespace ScaleSets.Cli.Commands;

/// <summary><c>scalesets validate &lt;setting.json&gt;</c>: checks a native or Azure-exported autoscale setting.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("setting") { Description = "The autoscale setting: native JSON, or an Azure autoscale setting as Azure exports it." };
        var limit = new Option<int>("--instance-limit") { Description = "The largest capacity a profile may allow.", DefaultValueFactory = _ => 1000 };
        var command = new Command("validate", "Validate an autoscale setting; prints 'valid' (and any warnings) or every error with its JSON path.")
        {
            file,
            limit,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(limit), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string path, int instanceLimit, TextWriter output, TextWriter error)
    {
        var result = AutoscaleSettingLoader.Load(path, instanceLimit);
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
