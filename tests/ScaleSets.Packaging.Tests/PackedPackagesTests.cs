using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ScaleSets.Packaging.Tests;

/// <summary>
/// Packs the shipped projects once and installs the packages into fresh console projects outside the repository, so a file
/// missing from a package (an assembly, a dependency, the README) fails here and not on a user's machine; checks each
/// nuspec's metadata; and builds and runs the README samples (taken from the package READMEs) against the packages.
/// </summary>
/// <remarks>
/// SLOW (about three to five minutes): <c>dotnet pack</c> of seven projects in Release, then a restore, build and run of each
/// consumer. Run alone with <c>dotnet test tests/ScaleSets.Packaging.Tests</c>, or leave out with <c>--filter "TestCategory!=Packaging"</c>.
/// The packages restore from the packed folder, the machine's configured NuGet sources and (for speed, offline) the
/// machine's global packages folder as a read-only feed; the consumers get their own packages folder so nothing cached from
/// an earlier run of this test can hide a broken package. The HAProxy sample needs <c>haproxy</c> (tests/run.sh installs it).
/// </remarks>
[TestFixture]
[Category("Packaging")]
public sealed class PackedPackagesTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(6);

    private static readonly string[] ShippedProjects =
    [
        "src/ScaleSets.Core/ScaleSets.Core.csproj",
        "src/ScaleSets.Traces/ScaleSets.Traces.csproj",
        "src/ScaleSets.Simulation/ScaleSets.Simulation.csproj",
        "src/ScaleSets.HAProxy/ScaleSets.HAProxy.csproj",
        "src/ScaleSets.HyperV/ScaleSets.HyperV.csproj",
        "src/ScaleSets.Prometheus/ScaleSets.Prometheus.csproj",
        "src/ScaleSets.Extensions/ScaleSets.Extensions.csproj",
        "src/ScaleSets.Hosting.HAProxy/ScaleSets.Hosting.HAProxy.csproj",
        "src/ScaleSets.Hosting.HyperV/ScaleSets.Hosting.HyperV.csproj",
        "src/ScaleSets.Hosting.Prometheus/ScaleSets.Hosting.Prometheus.csproj",
        "src/ScaleSets.PostgreSql/ScaleSets.PostgreSql.csproj",
        "src/ScaleSets.AspNetCore/ScaleSets.AspNetCore.csproj",
        "src/ScaleSets.Orleans/ScaleSets.Orleans.csproj",
        "src/ScaleSets.Cli/ScaleSets.Cli.csproj",
    ];

    private static readonly string[] ExpectedPackages =
        ["ScaleSets.Core", "ScaleSets.Traces", "ScaleSets.Simulation", "ScaleSets.HAProxy", "ScaleSets.HyperV", "ScaleSets.Prometheus", "ScaleSets.Hosting", "ScaleSets.Hosting.HAProxy", "ScaleSets.Hosting.HyperV", "ScaleSets.Hosting.Prometheus", "ScaleSets.PostgreSql", "ScaleSets.AspNetCore", "ScaleSets.Orleans", "scalesets"];

    private DirectoryInfo _work = null!;
    private string _root = null!;
    private string _packages = null!;
    private string _version = null!;
    private string _isolated = null!;
    private IReadOnlyList<string> _machineSources = [];
    private string _commit = null!;

    /// <summary>SLOW: packs the shipped projects once for every test here (a solution filter keeps the test projects out of it).</summary>
    [OneTimeSetUp]
    public async Task PackAsync()
    {
        _root = RepositoryRoot();
        var before = await RepositoryStatusAsync(_root);
        _commit = (await GitAsync(_root, "rev-parse", "HEAD")).Trim();
        _work = Directory.CreateTempSubdirectory("scalesets-packaging-");
        _packages = Directory.CreateDirectory(Path.Combine(_work.FullName, "packages")).FullName;
        _isolated = Directory.CreateDirectory(Path.Combine(_work.FullName, "nuget-packages")).FullName;
        var filter = Path.Combine(_work.FullName, "shipped.slnf");
        await File.WriteAllTextAsync(filter, SolutionFilter(_root), Encoding.UTF8);
        var pack = await DotnetProcess.RunAsync(_root, NoEnvironment, StepTimeout, "pack", filter, "-c", "Release", "-o", _packages, "-nologo");
        Assert.That(pack.ExitCode, Is.Zero, pack.ToString());
        _version = PackedVersion(_packages, "ScaleSets.Core");
        _machineSources = await MachineSourcesAsync(_root);
        Assert.That(await RepositoryStatusAsync(_root), Is.EqualTo(before), "packing leaves no new or changed files in the repository");
    }

    [OneTimeTearDown]
    public void DeleteWork() => _work?.Delete(recursive: true);

    [Test]
    public void Pack_EveryShippedProject_OnePackageAndSymbolsPackageAtTheReleaseVersion()
    {
        var packed = Directory.GetFiles(_packages, "*.nupkg").Select(Path.GetFileName).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_version, Is.EqualTo("1.0.0"), "VersionPrefix in Directory.Build.props");
            foreach (var id in ExpectedPackages)
            {
                Assert.That(packed, Has.One.EqualTo($"{id}.{_version}.nupkg"), $"package {id}");
                Assert.That(File.Exists(Path.Combine(_packages, $"{id}.{_version}.snupkg")), Is.True, $"symbols package of {id}");
            }
        });
    }

    [Test]
    public void Pack_EveryPackage_NuspecCarriesMetadataAndTheGitCommit()
    {
        Assert.Multiple(() =>
        {
            foreach (var id in ExpectedPackages)
            {
                var nuspec = Nuspec(Path.Combine(_packages, $"{id}.{_version}.nupkg"));
                XNamespace ns = nuspec.Root!.Name.Namespace;
                var metadata = nuspec.Root.Element(ns + "metadata")!;
                var repository = metadata.Element(ns + "repository");
                Assert.That(repository?.Attribute("type")?.Value, Is.EqualTo("git"), $"{id}: repository type");
                Assert.That(repository?.Attribute("commit")?.Value, Is.EqualTo(_commit), $"{id}: the commit it was built from");
                Assert.That(repository?.Attribute("url"), Is.Null, $"{id}: no remote, so no invented URL");
                Assert.That(metadata.Element(ns + "license")?.Value, Is.EqualTo("MIT"), $"{id}: license expression");
                Assert.That(metadata.Element(ns + "readme")?.Value, Is.EqualTo("README.md"), $"{id}: package README");
                Assert.That(metadata.Element(ns + "description")?.Value, Is.Not.Null.And.Length.GreaterThan(40), $"{id}: description");
                Assert.That(metadata.Element(ns + "tags")?.Value, Is.Not.Null.And.Contains("autoscal"), $"{id}: tags");
            }
        });
    }

    [TestCase("ScaleSets.Hosting", new[] { "ScaleSets.Core", "ScaleSets.Traces" })]
    [TestCase("ScaleSets.Hosting.HAProxy", new[] { "ScaleSets.Hosting", "ScaleSets.HAProxy" })]
    [TestCase("ScaleSets.Hosting.HyperV", new[] { "ScaleSets.Hosting", "ScaleSets.HyperV" })]
    [TestCase("ScaleSets.Hosting.Prometheus", new[] { "ScaleSets.Hosting", "ScaleSets.Prometheus" })]
    public void Pack_HostingPackages_DependOnlyOnTheAdapterTheyBridge(string id, string[] ours)
    {
        // A hosting user who uses only HAProxy gets neither Hyper-V nor Prometheus: the hosting package depends on no
        // adapter, and each adapter's hosting package on that adapter alone, each at the packed version.
        var nuspec = Nuspec(Path.Combine(_packages, $"{id}.{_version}.nupkg"));
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var dependencies = nuspec.Descendants(ns + "dependency").ToList();
        var scaleSets = dependencies
            .Where(d => ((string?)d.Attribute("id"))!.StartsWith("ScaleSets.", StringComparison.Ordinal))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(scaleSets.Select(d => (string?)d.Attribute("id")), Is.EquivalentTo(ours), $"{id}: the ScaleSets packages it depends on");
            Assert.That(scaleSets.Select(d => (string?)d.Attribute("version")), Is.All.EqualTo(_version), $"{id}: at the packed version");
        });
    }

    [Test]
    [CancelAfter(10 * 60 * 1000)]
    public async Task Pack_FreshConsoleProject_RestoresBuildsAndRunsTheEngineFromThePackages()
    {
        // SLOW: restore, build and run a console app that knows the packages only by id and version.
        var app = await WriteConsumerAsync("app", ["ScaleSets.Core", "ScaleSets.Hosting"], ["Microsoft.Extensions.DependencyInjection"], new Dictionary<string, string>(StringComparer.Ordinal) { ["Program.cs"] = ConsumerProgram });
        var run = await RunConsumerAsync(app, NoEnvironment);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(run.Output, Does.Contain("setting web: 1 profile(s)"), run.ToString());
            Assert.That(run.Output, Does.Contain("decision web#1: 2 -> 4 RuleScaleOut"), run.ToString());
            Assert.That(run.Output, Does.Contain("hosting: runtime resolved with 0 running"), run.ToString());
            Assert.That(run.Output, Does.Contain("scale set 'web': no compute provider; call UseComputeProvider on its ScaleSetBuilder."), run.ToString());
            Assert.That(Directory.Exists(Path.Combine(_isolated, "scalesets.core", _version)), Is.True, "ScaleSets.Core came from the packed folder into the isolated packages folder");
        });
    }

    [Test]
    [CancelAfter(10 * 60 * 1000)]
    public async Task ReadmeSample_EngineInOwnLoop_BuildsFromThePackageAndPrintsTheReadmesOutput()
    {
        var readme = ReadmeSamples.Read(Path.Combine(_root, "src", "ScaleSets.Core", "README.md"));
        var app = await WriteConsumerAsync("own-loop", ["ScaleSets.Core"], [], readme.FilesOf("own-loop"));

        var run = await RunConsumerAsync(app, NoEnvironment);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(Lines(run.Output), Is.EqualTo(Lines(readme.OutputOf("own-loop"))), "the output the README shows");
    }

    [Test]
    [CancelAfter(10 * 60 * 1000)]
    public async Task ReadmeSample_HostedHAProxy_ScalesLocalProcessesOutBehindARealHAProxyAndStopsThem()
    {
        var readme = ReadmeSamples.Read(Path.Combine(_root, "src", "ScaleSets.Extensions", "README.md"));
        var files = readme.FilesOf("hosted-haproxy");
        Assert.That(files.Keys, Is.EquivalentTo(new[] { "Program.cs", "appsettings.json", "haproxy.cfg" }));
        // Only the HAProxy hosting package: it brings ScaleSets.Hosting and ScaleSets.HAProxy.
        var app = await WriteConsumerAsync("hosted-haproxy", ["ScaleSets.Hosting.HAProxy"], ["Microsoft.Extensions.Hosting"], files);

        // The README's HAProxy configuration, on a short socket path and a free port instead of the fixed ones.
        await using var haproxy = await SampleHAProxy.StartAsync(files["haproxy.cfg"], "/tmp/scalesets-sample/admin.sock", "127.0.0.1:8080");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HAProxy__SocketAddress"] = haproxy.SocketPath,
            ["Sample__Frontend"] = haproxy.FrontendUri,
            ["Sample__StopAfterReady"] = "2",
        };
        var run = await RunConsumerAsync(app, environment);

        var started = Regex.Matches(run.Output, @"compute: started (\S+) as process (\d+) on (127\.0\.0\.1:\d+)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString() + haproxy.Output);
            Assert.That(run.Output, Does.Not.Contain("(ProfileMinimum)"), "the minimum is there before any evaluation: no decision has to lift it");
            Assert.That(started, Has.Count.EqualTo(2), run.ToString());
            foreach (Match instance in started)
            {
                var (name, address) = (instance.Groups[1].Value, instance.Groups[3].Value);
                Assert.That(run.Output, Does.Contain($"controller: InstanceReady {name} (cause web#initial)"), "created on the controller's first pass, for the starting capacity:\n" + run.ToString());
                Assert.That(run.Output, Does.Contain($"haproxy: {name} Ready {address}"), "a member of HAProxy's backend, ready");
                Assert.That(IsRunning(int.Parse(instance.Groups[2].Value, CultureInfo.InvariantCulture)), Is.False, $"{name}'s process was stopped with the host");
            }

            Assert.That(run.Output, Does.Match(@"through haproxy: 200 served by web_00000[01]"), "a request through HAProxy's frontend reached an instance");
        });
    }

    [Test]
    [CancelAfter(10 * 60 * 1000)]
    public async Task ReadmeQuickStart_ThePackagesItNames_BuildItsCode()
    {
        // The main README's quick start with exactly the packages its `dotnet add package` lines name: a package it needs
        // and does not name (Microsoft.Extensions.Hosting, for Host) fails the build here.
        var readme = ReadmeSamples.Read(Path.Combine(_root, "README.md"));
        var files = new Dictionary<string, string>(readme.FilesOf("quickstart"), StringComparer.Ordinal);
        Assert.That(files.Keys, Is.EquivalentTo(new[] { "packages.sh", "Program.cs" }));
        var named = Regex.Matches(files["packages.sh"], @"^dotnet add package (\S+)", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            .Select(m => m.Groups[1].Value)
            .ToList();
        files.Remove("packages.sh");

        // The one type the quick start leaves to the reader ("yours"): only built, never run.
        files["MyComputeProvider.cs"] = MyComputeProvider;
        var app = await WriteConsumerAsync("quickstart", [.. named.Where(ExpectedPackages.Contains)], [.. named.Where(p => !ExpectedPackages.Contains(p))], files);
        var withPackages = new Dictionary<string, string>(StringComparer.Ordinal) { ["NUGET_PACKAGES"] = _isolated };
        var build = await DotnetProcess.RunAsync(app, withPackages, StepTimeout, "build", "-c", "Release", "--nologo");

        Assert.That(build.ExitCode, Is.Zero, $"the quick start builds with the packages it names ({string.Join(", ", named)}):\n{build}");
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

    private async Task<string> WriteConsumerAsync(string name, IReadOnlyList<string> packed, IReadOnlyList<string> frameworkPackages, IReadOnlyDictionary<string, string> files)
    {
        var app = Directory.CreateDirectory(Path.Combine(_work.FullName, name)).FullName;
        var config = new StringBuilder();
        config.AppendLine("""<?xml version="1.0" encoding="utf-8"?>""");
        config.AppendLine("<configuration>");
        config.AppendLine("  <packageSources>");
        config.AppendLine("    <clear />");
        config.AppendLine(CultureInfo.InvariantCulture, $"""    <add key="packed" value="{Escape(_packages)}" />""");
        for (var i = 0; i < _machineSources.Count; i++)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"""    <add key="machine{i}" value="{Escape(_machineSources[i])}" />""");
        }

        config.AppendLine("  </packageSources>");
        config.AppendLine("</configuration>");
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), config.ToString(), Encoding.UTF8);

        // Empty props/targets stop MSBuild from picking up anything that happens to sit above the temp folder.
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Build.props"), "<Project />", Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Build.targets"), "<Project />", Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Packages.props"), "<Project />", Encoding.UTF8);
        var references = string.Concat(packed.Select(id => $"""
                <PackageReference Include="{id}" Version="[{_version}]" />
            """)) + string.Concat(frameworkPackages.Select(id => $"""
                <PackageReference Include="{id}" Version="10.0.0" />
            """));
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
            {references}
              </ItemGroup>
            </Project>
            """, Encoding.UTF8);
        foreach (var (file, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(app, file), text, Encoding.UTF8);
        }

        return app;
    }

    /// <summary>SLOW: restores from the packed folder into the isolated packages folder, builds in Release and runs in the app's folder.</summary>
    private async Task<DotnetProcess.Result> RunConsumerAsync(string app, IReadOnlyDictionary<string, string> environment)
    {
        var withPackages = new Dictionary<string, string>(environment, StringComparer.Ordinal) { ["NUGET_PACKAGES"] = _isolated };
        return await DotnetProcess.RunAsync(app, withPackages, StepTimeout, "run", "-c", "Release", "--nologo");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static XDocument Nuspec(string package)
    {
        using var archive = ZipFile.OpenRead(package);
        var entry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static string Escape(string value) => System.Security.SecurityElement.Escape(value);

    private const string MyComputeProvider = """
        using ScaleSets.Abstractions;

        internal sealed class MyComputeProvider : IComputeProvider
        {
            public Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken) => throw new NotSupportedException();

            public Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken) => throw new NotSupportedException();

            public Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) => throw new NotSupportedException();

            public Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) => throw new NotSupportedException();

            public Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) => throw new NotSupportedException();

            public Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken) => throw new NotSupportedException();

            public Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) => throw new NotSupportedException();
        }
        """;

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
