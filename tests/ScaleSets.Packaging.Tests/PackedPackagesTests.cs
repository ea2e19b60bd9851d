using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScaleSets.Packaging.Tests;

/// <summary>
/// Packs the shipped projects and installs the packages into a fresh console project outside the repository, so a file
/// missing from a package (an assembly, a dependency, the README) fails here and not on a user's machine.
/// </summary>
/// <remarks>
/// SLOW (about one to two minutes): <c>dotnet pack</c> of six projects in Release, a restore and a build of the consumer.
/// Run alone with <c>dotnet test tests/ScaleSets.Packaging.Tests</c>, or leave out with <c>--filter "TestCategory!=Packaging"</c>.
/// The packages restore from the packed folder, the machine's configured NuGet sources and (for speed, offline) the
/// machine's global packages folder as a read-only feed; the consumer gets its own packages folder so nothing cached from
/// an earlier run of this test can hide a broken package.
/// </remarks>
[TestFixture]
[Category("Packaging")]
public sealed class PackedPackagesTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(6);

    private static readonly string[] ShippedProjects =
    [
        "src/ScaleSets.Core/ScaleSets.Core.csproj",
        "src/ScaleSets.Simulation/ScaleSets.Simulation.csproj",
        "src/ScaleSets.HAProxy/ScaleSets.HAProxy.csproj",
        "src/ScaleSets.HyperV/ScaleSets.HyperV.csproj",
        "src/ScaleSets.Extensions/ScaleSets.Extensions.csproj",
        "src/ScaleSets.Cli/ScaleSets.Cli.csproj",
    ];

    private static readonly string[] ExpectedPackages =
        ["ScaleSets.Core", "ScaleSets.Simulation", "ScaleSets.HAProxy", "ScaleSets.HyperV", "ScaleSets.Hosting", "scalesets"];

    [Test]
    [CancelAfter(15 * 60 * 1000)]
    public async Task Pack_FreshConsoleProject_RestoresBuildsAndRunsTheEngineFromThePackages()
    {
        var root = RepositoryRoot();
        var before = await RepositoryStatusAsync(root);
        var work = Directory.CreateTempSubdirectory("scalesets-packaging-");
        try
        {
            var packages = Directory.CreateDirectory(Path.Combine(work.FullName, "packages")).FullName;

            // SLOW: packs the shipped projects (a solution filter keeps the test projects, this one included, out of it).
            var filter = Path.Combine(work.FullName, "shipped.slnf");
            await File.WriteAllTextAsync(filter, SolutionFilter(root), Encoding.UTF8);
            var pack = await DotnetProcess.RunAsync(root, NoEnvironment, StepTimeout, "pack", filter, "-c", "Release", "-o", packages, "-nologo");
            Assert.That(pack.ExitCode, Is.Zero, pack.ToString());

            var packed = Directory.GetFiles(packages, "*.nupkg").Select(Path.GetFileName).ToList();
            var version = PackedVersion(packages, "ScaleSets.Core");
            Assert.Multiple(() =>
            {
                foreach (var id in ExpectedPackages)
                {
                    Assert.That(packed, Has.One.EqualTo($"{id}.{version}.nupkg"), $"package {id}");
                    Assert.That(File.Exists(Path.Combine(packages, $"{id}.{version}.snupkg")), Is.True, $"symbols package of {id}");
                }
            });

            // SLOW: restore, build and run a console app that knows the packages only by id and version.
            var app = Directory.CreateDirectory(Path.Combine(work.FullName, "app")).FullName;
            var isolated = Directory.CreateDirectory(Path.Combine(work.FullName, "nuget-packages")).FullName;
            await WriteConsumerAsync(app, packages, version, await MachineSourcesAsync(root));
            var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["NUGET_PACKAGES"] = isolated };
            var run = await DotnetProcess.RunAsync(app, environment, StepTimeout, "run", "-c", "Release", "--nologo");

            Assert.Multiple(() =>
            {
                Assert.That(run.ExitCode, Is.Zero, run.ToString());
                Assert.That(run.Output, Does.Contain("setting web: 1 profile(s)"), run.ToString());
                Assert.That(run.Output, Does.Contain("decision web#1: 2 -> 4 RuleScaleOut"), run.ToString());
                Assert.That(run.Output, Does.Contain("hosting: runtime resolved with 0 running"), run.ToString());
                Assert.That(run.Output, Does.Contain("scale set 'web': no compute provider; call UseComputeProvider on its ScaleSetBuilder."), run.ToString());
                Assert.That(Directory.Exists(Path.Combine(isolated, "scalesets.core", version)), Is.True, "ScaleSets.Core came from the packed folder into the isolated packages folder");
            });
        }
        finally
        {
            work.Delete(recursive: true);
        }

        Assert.That(await RepositoryStatusAsync(root), Is.EqualTo(before), "packing leaves no new or changed files in the repository");
    }

    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScaleSets.Core.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ScaleSets.Core.sln above {TestContext.CurrentContext.TestDirectory}.");
    }

    private static string SolutionFilter(string root) => JsonSerializer.Serialize(new
    {
        solution = new
        {
            path = Path.Combine(root, "ScaleSets.Core.sln"),
            projects = ShippedProjects.Select(p => p.Replace('/', '\\')).ToArray(),
        },
    });

    private static string PackedVersion(string packages, string id)
    {
        var pattern = new Regex("^" + Regex.Escape(id) + @"\.(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.nupkg$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var versions = Directory.GetFiles(packages, "*.nupkg")
            .Select(f => pattern.Match(Path.GetFileName(f)))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.That(versions, Has.Count.EqualTo(1), $"one {id} package in {packages}");
        return versions[0];
    }

    // The machine's enabled NuGet sources (the offline mirror on CI) and its global packages folder as a local feed.
    private static async Task<IReadOnlyList<string>> MachineSourcesAsync(string root)
    {
        var list = await DotnetProcess.RunAsync(root, NoEnvironment, StepTimeout, "nuget", "list", "source", "--format", "Short");
        Assert.That(list.ExitCode, Is.Zero, list.ToString());
        var sources = list.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("E ", StringComparison.Ordinal))
            .Select(l => l[2..].Trim())
            .ToList();

        var locals = await DotnetProcess.RunAsync(root, NoEnvironment, StepTimeout, "nuget", "locals", "global-packages", "--list");
        Assert.That(locals.ExitCode, Is.Zero, locals.ToString());
        const string Prefix = "global-packages:";
        var line = locals.Output.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        if (line is not null && Directory.Exists(line[Prefix.Length..].Trim()))
        {
            sources.Insert(0, line[Prefix.Length..].Trim());
        }

        return sources;
    }

    private static async Task WriteConsumerAsync(string app, string packages, string version, IReadOnlyList<string> machineSources)
    {
        var config = new StringBuilder();
        config.AppendLine("""<?xml version="1.0" encoding="utf-8"?>""");
        config.AppendLine("<configuration>");
        config.AppendLine("  <packageSources>");
        config.AppendLine("    <clear />");
        config.AppendLine(CultureInfo.InvariantCulture, $"""    <add key="packed" value="{Escape(packages)}" />""");
        for (var i = 0; i < machineSources.Count; i++)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"""    <add key="machine{i}" value="{Escape(machineSources[i])}" />""");
        }

        config.AppendLine("  </packageSources>");
        config.AppendLine("</configuration>");
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), config.ToString(), Encoding.UTF8);

        // Empty props/targets stop MSBuild from picking up anything that happens to sit above the temp folder.
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Build.props"), "<Project />", Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Build.targets"), "<Project />", Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Packages.props"), "<Project />", Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ScaleSets.Core" Version="[{version}]" />
                <PackageReference Include="ScaleSets.Hosting" Version="[{version}]" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.0" />
              </ItemGroup>
            </Project>
            """, Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), ConsumerProgram, Encoding.UTF8);
    }

    private static string Escape(string value) => System.Security.SecurityElement.Escape(value);

    private const string ConsumerProgram = """"
        using System.Globalization;
        using System.Reactive.Concurrency;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Options;
        using ScaleSets.Configuration;
        using ScaleSets.Engine;
        using ScaleSets.Hosting;
        using ScaleSets.Metrics;

        const string Json = """
            {
              "name": "web",
              "profiles": [
                {
                  "name": "default",
                  "capacity": { "minimum": 2, "maximum": 10, "default": 2 },
                  "rules": [
                    {
                      "name": "cpu-high",
                      "metricTrigger": { "metricName": "Percentage CPU", "timeWindow": "PT5M", "operator": "GreaterThan", "threshold": 70 },
                      "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 2, "cooldown": "PT5M" }
                    }
                  ]
                }
              ]
            }
            """;

        var read = AutoscaleSettingJson.Read(Json);
        if (!read.IsSuccess)
        {
            foreach (var problem in read.Problems)
            {
                Console.WriteLine(problem);
            }

            return 1;
        }

        var setting = read.Setting!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setting {setting.Name}: {setting.Profiles.Count} profile(s)"));

        var scheduler = new HistoricalScheduler(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        using var engine = new AutoscaleEngine(scheduler);
        var web = engine.AddScaleSet("web", setting, initialCapacity: 2);
        for (var minute = 0; minute < 10; minute++)
        {
            foreach (var instance in new[] { "web_0", "web_1" })
            {
                web.Ingest(new MetricSample("Percentage CPU", MetricSourceKind.Host, 95, scheduler.Now, instance));
            }

            scheduler.AdvanceBy(TimeSpan.FromMinutes(1));
        }

        var decision = web.Evaluate();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decision {decision.Id}: {decision.From} -> {decision.To} {decision.Reason}"));

        var services = new ServiceCollection();
        services.AddScaleSets(scaleSets => scaleSets.AddScaleSet("web", set => set.WithSetting(setting)));
        using var provider = services.BuildServiceProvider();
        var runtime = provider.GetRequiredService<ScaleSetsRuntime>();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hosting: runtime resolved with {runtime.ScaleSetNames.Count} running"));
        try
        {
            // No adapters were declared: the options validator (run at host start) must say so.
            _ = provider.GetRequiredService<IOptionsMonitor<ScaleSetOptions>>().Get("web");
            Console.WriteLine("hosting: options valid");
        }
        catch (OptionsValidationException error)
        {
            Console.WriteLine("hosting: " + string.Join(" | ", error.Failures));
        }
        return 0;
        """";

    private static async Task<string> RepositoryStatusAsync(string root)
    {
        // Only src/ and the solution: pack writes nowhere else, and other test projects running in parallel may write elsewhere.
        var status = await GitAsync(root, "status", "--porcelain", "--untracked-files=all", "--ignored=no", "--", "src", "ScaleSets.Core.sln", "Directory.Build.props", "Directory.Packages.props");
        return status;
    }

    private static async Task<string> GitAsync(string root, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"git {string.Join(' ', arguments)}: {error}");
        return output;
    }
}
