using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ScaleSets.Control;
using ScaleSets.History;
using ScaleSets.Hosting;
using ScaleSets.Policy;

namespace ScaleSets.Extensions.Tests.Hosting;

[TestFixture]
public sealed class RunHistoryHostingTests
{
    [Test]
    public async Task Host_ScalesOut_TheHistoryReturnsTheDecisionAndWhatItCausedAfterARestart()
    {
        var directory = Directory.CreateTempSubdirectory("scalesets-history-host-");
        try
        {
            var path = Path.Combine(directory.FullName, "history.db");
            string firstAction;
            using (var fixture = new HostFixture(HostFixture.ValidJson, services => services.Configure<RunHistoryOptions>(o => o.DatabasePath = path)))
            {
                var runtime = fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>();
                string? action = null;
                using var d = runtime.Decisions.Subscribe(x => action ??= x.IsAction && x.Reason == ScaleReason.RuleScaleOut ? x.Id : null);
                await fixture.Host.StartAsync();
                await fixture.RunAsync(40, step => step < 10 ? 120.0 : 360.0);
                await fixture.Host.StopAsync();
                firstAction = action!;
            }

            using var restarted = new HostFixture(HostFixture.ValidJson, services => services.Configure<RunHistoryOptions>(o => o.DatabasePath = path));
            await restarted.Host.StartAsync();
            var history = restarted.Host.Services.GetRequiredService<IRunHistory>();
            var caused = await history.QueryAsync(new RunHistoryQuery { CauseId = firstAction });
            var decisions = await history.QueryAsync(new RunHistoryQuery { ScaleSet = "web", Kind = RunHistoryEntryKind.Decision });
            await restarted.Host.StopAsync();

            Assert.That(firstAction, Is.Not.Null, "the load made the engine scale out");
            Assert.Multiple(() =>
            {
                Assert.That(caused[0].Kind, Is.EqualTo(RunHistoryEntryKind.Decision), "the decision comes first");
                Assert.That(caused[0].Id, Is.EqualTo(firstAction));
                Assert.That(caused[0].Message, Does.StartWith("scale out 2 -> 4: rule 'cpu-high' Percentage CPU ="), "with its explanation");
                Assert.That(caused.Skip(1).Select(e => e.Type), Has.Member(nameof(ControllerEventKind.CapacityChanged)).And.Member(nameof(ControllerEventKind.InstanceCreated)));
                Assert.That(caused.Skip(1), Is.All.Property(nameof(RunHistoryEntry.CauseId)).EqualTo(firstAction));
                Assert.That(decisions, Is.Not.Empty.And.All.Property(nameof(RunHistoryEntry.ScaleSet)).EqualTo("web"));
            });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Host_DatabaseCannotBeWritten_TheEngineKeepsDecidingAndTheErrorNamesTheDatabase()
    {
        var blocker = Path.GetTempFileName();
        try
        {
            var path = Path.Combine(blocker, "history.db");
            using var fixture = new HostFixture(HostFixture.ValidJson, services => services.Configure<RunHistoryOptions>(o => o.DatabasePath = path));
            var runtime = fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>();
            var actions = 0;
            using var d = runtime.Decisions.Subscribe(x => actions += x.IsAction ? 1 : 0);
            await fixture.Host.StartAsync();
            await fixture.RunAsync(40, step => step < 10 ? 120.0 : 360.0);
            var history = fixture.Host.Services.GetRequiredService<IRunHistory>();
            var ex = Assert.ThrowsAsync<RunHistoryUnavailableException>(() => history.QueryAsync(new RunHistoryQuery()));
            await fixture.Host.StopAsync();

            Assert.That(runtime.Engine.TryGetScaleSet("web", out _), Is.False, "stopped");
            Assert.Multiple(() =>
            {
                Assert.That(actions, Is.GreaterThanOrEqualTo(2), "the engine went on scaling out");
                Assert.That(fixture.Cloud.GetInstances("web"), Has.Count.GreaterThanOrEqualTo(6), "and the controller acted on it");
                Assert.That(history.Status.Failed, Is.GreaterThan(0));
                Assert.That(history.Status.LastError, Does.Contain(path));
                Assert.That(ex!.Message, Does.Contain(path));
            });
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Test]
    public async Task DisableHistory_NothingIsWritten()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson, services => services.AddScaleSets(s => s.DisableHistory()));
        await fixture.Host.StartAsync();
        await fixture.RunAsync(5, _ => 120.0);
        await fixture.Host.StopAsync();

        Assert.That(File.Exists(fixture.HistoryPath), Is.False);
        Assert.That(fixture.Host.Services.GetRequiredService<IRunHistory>().Status.Recorded, Is.Zero);
    }

    [Test]
    public void Start_InvalidHistoryOptions_StopsTheHostWithEveryError()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson, services => services.Configure<RunHistoryOptions>(o =>
        {
            o.Retention = TimeSpan.Zero;
            o.QueueCapacity = 0;
        }));

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.That(ex!.Failures, Has.Some.StartsWith("ScaleSets:History:Retention").And.Some.StartsWith("ScaleSets:History:QueueCapacity"));
    }

    [Test]
    public void DatabasePath_NotSet_TheDefaultFileInTheContentRoot()
    {
        var environment = new FakeEnvironment { ContentRootPath = "/srv/app" };

        Assert.Multiple(() =>
        {
            Assert.That(RunHistoryServices.DatabasePath(new RunHistoryOptions(), environment), Is.EqualTo("/srv/app/scalesets-history.db"));
            Assert.That(RunHistoryServices.DatabasePath(new RunHistoryOptions { DatabasePath = "data/h.db" }, environment), Is.EqualTo("/srv/app/data/h.db"));
            Assert.That(RunHistoryServices.DatabasePath(new RunHistoryOptions { DatabasePath = "/var/lib/h.db" }, environment), Is.EqualTo("/var/lib/h.db"));
        });
    }

    private sealed class FakeEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "test";

        public string ContentRootPath { get; set; } = "";

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
