extern alias FsCheckNUnit;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Abstractions;
using ScaleSets.HyperV.Runner;
using ScaleSets.HyperV.Scripting;
using ScaleSets.HyperV.Tests.Fakes;

namespace ScaleSets.HyperV.Tests.Unit;

/// <summary>The provider with a fake runner: parsing, error mapping, batching, timeouts and readiness on a fake clock.</summary>
[TestFixture]
public sealed class HyperVComputeProviderTests
{
    private static readonly ScaleSetModel Model = new() { Version = "v1", ImageReference = @"C:\Images\golden.vhdx" };

    private static HyperVComputeProvider Provider(FakeRunner runner, TimeProvider time, Action<HyperVProviderOptions>? configure = null)
    {
        var options = new HyperVProviderOptions { DiskDirectory = @"D:\Disks", PollInterval = TimeSpan.FromSeconds(5), BootTimeout = TimeSpan.FromMinutes(1), ScriptTimeout = TimeSpan.FromMinutes(2), ScriptDirectory = Path.Combine(Path.GetTempPath(), "scalesets-hyperv-unit") };
        configure?.Invoke(options);
        return new HyperVComputeProvider(options, runner, time);
    }

    private static InstanceCreateRequest Request(string name) => new("web", name, "web/" + name, "1", Model);

    private static JsonArray Items(JsonObject request, Func<JsonObject, JsonObject> each)
    {
        var collection = request["items"] ?? request["ids"]!;
        return [.. collection.AsArray().Select(i => (JsonNode)each(i!.AsObject()))];
    }

    [Test]
    public async Task DeleteInstances_VmNotFoundError_CountsAsDeleted()
    {
        var runner = new FakeRunner((_, req, _) => Task.FromResult(FakeRunner.Ok(Items(req, i => new JsonObject
        {
            ["key"] = (string)i["key"]!,
            ["ok"] = false,
            ["error"] = new JsonObject { ["message"] = "Hyper-V was unable to find a virtual machine with ID \"x\".", ["id"] = "ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.RemoveVM", ["category"] = "ObjectNotFound" },
        }))));
        var provider = Provider(runner, new FakeTimeProvider());

        var result = await provider.DeleteInstancesAsync("web", [Guid.NewGuid().ToString(), "not-a-guid"], CancellationToken.None);

        Assert.That(result.AllSucceeded, Is.True);
        Assert.That(runner.Calls, Has.Count.EqualTo(1), "the non-GUID id needs no script");
    }

    [Test]
    public async Task CreateInstances_RequestsBeyondMaxRequestBytes_SplitIntoRunsAndAnOversizedOneRefusedUnsent()
    {
        var runner = new FakeRunner((_, req, _) => Task.FromResult(FakeRunner.Ok(Items(req, i => new JsonObject
        {
            ["key"] = (string)i["key"]!,
            ["ok"] = true,
            ["vm"] = FakeRunner.Vm(Guid.NewGuid().ToString(), (string)i["name"]!),
        }))));
        var provider = Provider(runner, new FakeTimeProvider(), o =>
        {
            o.MaxRequestBytes = 64 * 1024;
            o.WaitForReady = false;
        });
        var tagged = Model with { Tags = Enumerable.Range(0, 64).ToDictionary(i => $"tag{i:00}", _ => new string('x', 256), StringComparer.Ordinal) };
        var huge = Model with { Tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["blob"] = new string('y', 100_000) } };
        var requests = Enumerable.Range(0, 10).Select(i => new InstanceCreateRequest("web", $"web_{i:000000}", $"web/web_{i:000000}", "1", tagged))
            .Append(new InstanceCreateRequest("web", "web_huge", "web/web_huge", "1", huge))
            .ToList();

        var result = await provider.CreateInstancesAsync(requests, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Items.Take(10).Select(i => i.Failure), Is.All.EqualTo(OperationFailureKind.None), string.Join("; ", result.Items.Select(i => i.Message)));
            Assert.That(runner.Calls.Select(c => c.Request["items"]!.AsArray().Count), Is.EqualTo(new[] { 2, 2, 2, 2, 2 }), "16 KB of tags each: two per 64 KB run");
            Assert.That(runner.Calls.Select(c => ScriptCaller.Encode(c.Request).Length), Is.All.LessThanOrEqualTo(64 * 1024));
            Assert.That(result.Items[10].Failure, Is.EqualTo(OperationFailureKind.Permanent));
            Assert.That(result.Items[10].Message, Does.Contain("is 133").And.Contains("more than one run of New-ScaleSetVM.ps1 carries (HyperVProviderOptions.MaxRequestBytes = 65536)"));
            Assert.That(runner.Calls.SelectMany(c => c.Request["items"]!.AsArray()).Select(i => (string)i!["name"]!), Has.None.EqualTo("web_huge"), "never sent");
        });
    }

    [Test]
    public async Task StartInstances_InvalidStateError_IsTransient()
    {
        var runner = new FakeRunner((_, req, _) => Task.FromResult(FakeRunner.Ok(Items(req, i => new JsonObject
        {
            ["key"] = (string)i["key"]!,
            ["ok"] = false,
            ["error"] = new JsonObject { ["message"] = "The operation cannot be performed while the virtual machine is in its current state.", ["id"] = "InvalidState,Microsoft.HyperV.PowerShell.Commands.StartVM", ["category"] = "InvalidOperation" },
        }))));
        var provider = Provider(runner, new FakeTimeProvider());

        var result = await provider.StartInstancesAsync("web", [Guid.NewGuid().ToString()], CancellationToken.None);

        Assert.That(result.Items[0].Failure, Is.EqualTo(OperationFailureKind.Transient));
        Assert.That((string)runner.Calls[0].Request["action"]!, Is.EqualTo("Start"));
    }

    [Test]
    public void ListInstances_ModuleMissing_ThrowsPermanentWithTheScriptsMessage()
    {
        var runner = new FakeRunner((_, _, _) => Task.FromResult(FakeRunner.Error(3, "The Hyper-V PowerShell module is not available: install it.", "HyperVModuleMissing", "NotInstalled")));
        var provider = Provider(runner, new FakeTimeProvider());

        var ex = Assert.ThrowsAsync<ProviderOperationException>(() => provider.ListInstancesAsync("web", CancellationToken.None));

        Assert.That(ex!.Failure, Is.EqualTo(OperationFailureKind.Permanent));
        Assert.That(ex.Message, Does.Contain("Hyper-V PowerShell module is not available").And.Contain("'web'"));
    }

    [Test]
    public void ListInstances_UnreadableOutput_ThrowsNamingTheScript()
    {
        var runner = new FakeRunner((_, _, _) => Task.FromResult(new PowerShellResult(0, "WARNING: something\nnot json", string.Empty)));
        var provider = Provider(runner, new FakeTimeProvider());

        var ex = Assert.ThrowsAsync<ProviderOperationException>(() => provider.ListInstancesAsync("web", CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("Get-ScaleSetVM.ps1").And.Contain("could not be read"));
    }

    [Test]
    public async Task ListInstances_ForeignAndOtherScaleSetVms_AreNotListed()
    {
        var foreign = FakeRunner.Vm(Guid.NewGuid().ToString(), "manual");
        foreign["notes"] = "created by hand";
        var runner = new FakeRunner((_, _, _) => Task.FromResult(FakeRunner.Ok(
        [
            new JsonObject { ["key"] = "a", ["ok"] = true, ["vm"] = FakeRunner.Vm("11111111-1111-1111-1111-111111111111", "web_000000", zone: "2", version: "v7") },
            new JsonObject { ["key"] = "b", ["ok"] = true, ["vm"] = FakeRunner.Vm(Guid.NewGuid().ToString(), "api_000000", scaleSet: "api") },
            new JsonObject { ["key"] = "c", ["ok"] = true, ["vm"] = foreign },
        ])));
        var provider = Provider(runner, new FakeTimeProvider());

        var listed = await provider.ListInstancesAsync("web", CancellationToken.None);

        Assert.That(listed, Has.Count.EqualTo(1));
        Assert.That(listed[0], Is.EqualTo(new InstanceInfo("11111111-1111-1111-1111-111111111111", "web_000000", "2", "v7", InstanceState.Running, InstanceHealth.Healthy, "10.0.0.5", new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero))));
    }

    [Test]
    public async Task CreateInstances_ConcurrentCalls_AreBatchedIntoFewScriptRuns()
    {
        var runner = new FakeRunner((_, req, _) => Task.FromResult(FakeRunner.Ok(Items(req, i => new JsonObject { ["key"] = (string)i["key"]!, ["ok"] = true, ["vm"] = FakeRunner.Vm(Guid.NewGuid().ToString(), (string)i["name"]!) }))));
        var provider = Provider(runner, new FakeTimeProvider(), o => o.MaxVmsPerScript = 4);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => provider.CreateInstancesAsync([Request("web_00000" + i)], CancellationToken.None)));

        Assert.That(results.Select(r => r.AllSucceeded), Is.All.True);
        Assert.That(runner.Calls.Count(c => c.Script == "New-ScaleSetVM.ps1"), Is.LessThan(8));
        Assert.That(runner.Calls.Select(c => c.Request["items"]!.AsArray().Count), Is.All.LessThanOrEqualTo(4));
    }

    [Test]
    public async Task CreateInstances_RequestCarriesValuesLiterally_InOneBase64Argument()
    {
        const string name = "a'\"; $(rm -rf /) `n ü";
        var runner = new FakeRunner((_, req, _) => Task.FromResult(FakeRunner.Ok(Items(req, i => new JsonObject { ["key"] = (string)i["key"]!, ["ok"] = true, ["vm"] = FakeRunner.Vm(Guid.NewGuid().ToString(), name) }))));
        var provider = Provider(runner, new FakeTimeProvider());

        await provider.CreateInstancesAsync([Request(name)], CancellationToken.None);

        var call = runner.Calls.Single();
        Assert.That(call.Arguments, Has.Count.EqualTo(1));
        Assert.That(call.Arguments[0], Does.Match("^[A-Za-z0-9+/=]+$"));
        Assert.That((string)call.Request["items"]![0]!["name"]!, Is.EqualTo(name));
        Assert.That((string)call.Request["items"]![0]!["diskPath"]!, Does.Match(@"^D:\\Disks\\web-[0-9a-f]{20}\.vhdx$"), "the disk path never contains the name");
    }

    [Test]
    public async Task CreateInstances_ScriptHangs_TransientAfterScriptTimeoutOnTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        var started = new TaskCompletionSource();
        var runner = new FakeRunner(async (_, _, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return FakeRunner.Ok([]);
        });
        var provider = Provider(runner, time);

        var create = provider.CreateInstancesAsync([Request("web_000000")], CancellationToken.None);
        await started.Task;
        time.Advance(TimeSpan.FromMinutes(2));
        var result = await create;

        Assert.That(result.Items[0].Failure, Is.EqualTo(OperationFailureKind.Transient));
        Assert.That(result.Items[0].Message, Does.Contain("did not finish within 00:02:00"));
    }

    [Test]
    public async Task CreateInstances_VmBootsAfterTwoPolls_SucceedsReadyOnTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        var id = Guid.NewGuid().ToString();
        var polls = 0;
        var runner = new FakeRunner((script, req, _) =>
        {
            if (script.Name == "New-ScaleSetVM.ps1")
            {
                return Task.FromResult(FakeRunner.Ok(Items(req, i => new JsonObject { ["key"] = (string)i["key"]!, ["ok"] = true, ["vm"] = FakeRunner.Vm(id, "web_000000", heartbeat: "NoContact", ip: null) })));
            }

            polls++;
            var booted = polls >= 2;
            return Task.FromResult(FakeRunner.Ok(Items(req, i => new JsonObject { ["key"] = (string)i["key"]!, ["ok"] = true, ["vm"] = FakeRunner.Vm(id, "web_000000", heartbeat: booted ? "OkApplicationsHealthy" : "NoContact", ip: booted ? "10.1.2.3" : null) })));
        });
        var clock = new TimerWatchingTimeProvider(time, TimeSpan.FromSeconds(5));
        var provider = Provider(runner, clock);

        // Only virtual time passes, and only once the provider waits for its next poll.
        var create = provider.CreateInstancesAsync([Request("web_000000")], CancellationToken.None);
        var advanced = 0;
        for (var spin = 0; spin < 1_000_000 && !create.IsCompleted; spin++)
        {
            if (clock.WatchedTimers > advanced)
            {
                advanced++;
                time.Advance(TimeSpan.FromSeconds(5));
            }

            await Task.Yield();
        }

        var result = await create;
        Assert.That(result.Items[0].Succeeded, Is.True, result.Items[0].Message);
        Assert.That(result.Items[0].Instance!.Address, Is.EqualTo("10.1.2.3"));
        Assert.That(polls, Is.EqualTo(2));
    }

    [Test]
    public async Task CreateInstances_OutOfMemory_PermanentZoneUnavailableUntilRetryIntervalPasses()
    {
        var time = new FakeTimeProvider();
        var oom = true;
        var runner = new FakeRunner((_, req, _) => Task.FromResult(FakeRunner.Ok(Items(req, i => oom
            ? new JsonObject { ["key"] = (string)i["key"]!, ["ok"] = false, ["error"] = new JsonObject { ["message"] = "'web_000000' failed to start.\nNot enough memory in the system to start the virtual machine web_000000.", ["id"] = "OutOfMemory,Microsoft.HyperV.PowerShell.Commands.StartVM", ["category"] = "ResourceUnavailable" } }
            : new JsonObject { ["key"] = (string)i["key"]!, ["ok"] = true, ["vm"] = FakeRunner.Vm(Guid.NewGuid().ToString(), (string)i["name"]!) }))));
        var provider = Provider(runner, time, o => o.CapacityRetryInterval = TimeSpan.FromMinutes(5));

        var first = await provider.CreateInstancesAsync([Request("web_000000")], CancellationToken.None);
        oom = false;
        var blocked = await provider.CreateInstancesAsync([Request("web_000000")], CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        var retried = await provider.CreateInstancesAsync([Request("web_000000")], CancellationToken.None);

        Assert.That(first.Items[0].Failure, Is.EqualTo(OperationFailureKind.Permanent));
        Assert.That(first.Items[0].ZoneUnavailable, Is.True);
        Assert.That(blocked.Items[0].Message, Does.Contain("ran out of memory"));
        Assert.That(runner.Calls, Has.Count.EqualTo(2), "the blocked create ran no script");
        Assert.That(retried.Items[0].Succeeded, Is.True);
    }

    [Test]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new HyperVProviderOptions { DiskDirectory = "", SwitchName = "", Generation = 3, MaxVmsPerScript = 0 };

        var ex = Assert.Throws<ArgumentException>(() => _ = new HyperVComputeProvider(options, new FakeRunner((_, _, _) => Task.FromResult(FakeRunner.Ok([])))));

        Assert.That(ex!.Message, Does.Contain("DiskDirectory").And.Contain("SwitchName").And.Contain("Generation").And.Contain("MaxVmsPerScript"));
    }

    [TestCase("Running", "OkApplicationsHealthy", InstanceState.Running, InstanceHealth.Healthy)]
    [TestCase("Running", "OkApplicationsCritical", InstanceState.Running, InstanceHealth.Unhealthy)]
    [TestCase("Running", "LostCommunication", InstanceState.Running, InstanceHealth.Unhealthy)]
    [TestCase("Running", "NoContact", InstanceState.Starting, InstanceHealth.Unknown)]
    [TestCase("Off", "", InstanceState.Stopped, InstanceHealth.Unknown)]
    [TestCase("RunningCritical", "", InstanceState.Failed, InstanceHealth.Unhealthy)]
    public void Map_HyperVStateAndHeartbeat_ContractStateAndHealth(string state, string heartbeat, InstanceState expectedState, InstanceHealth expectedHealth) =>
        Assert.That(VmStateMapper.Map(state, heartbeat), Is.EqualTo((expectedState, expectedHealth)));

    [TestCase("ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.GetVM", "Hyper-V was unable to find a virtual machine with ID \"x\".", "Delete", OperationFailureKind.None)]
    [TestCase("ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.GetVM", "Hyper-V was unable to find a virtual machine with ID \"x\".", "Start", OperationFailureKind.Permanent)]
    [TestCase("ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.NewVM", "Hyper-V was unable to find a virtual switch with name \"s\".", "Delete", OperationFailureKind.Permanent)]
    [TestCase("InvalidState,Microsoft.HyperV.PowerShell.Commands.RemoveVM", "The operation cannot be performed while the virtual machine is in its current state.", "Delete", OperationFailureKind.Transient)]
    [TestCase("ParentDiskModified", "The golden image was modified", "Create", OperationFailureKind.Permanent)]
    [TestCase("OutOfMemory,Microsoft.HyperV.PowerShell.Commands.StartVM", "Not enough memory in the system to start the virtual machine a.", "Create", OperationFailureKind.Permanent)]
    public void Classify_HyperVError_ContractFailure(string id, string message, string operation, OperationFailureKind expected) =>
        Assert.That(HyperVErrorClassifier.Classify(new ScriptError(message, id, "x"), Enum.Parse<HyperVOperation>(operation)).Failure, Is.EqualTo(expected));

    [Test]
    public void PickAddress_AnyMixOfAddresses_ReturnsIPv4WhenPresentAndNeverLinkLocal() =>
        Prop.ForAll(
            Gen.Elements("10.0.0.1", "192.168.1.9", "fe80::1", "2001:db8::5", "not-an-ip", "").ListOf().ToArbitrary(),
            addresses =>
            {
                var picked = VmStateMapper.PickAddress([.. addresses]);
                var hasV4 = addresses.Any(a => a.Contains('.', StringComparison.Ordinal) && System.Net.IPAddress.TryParse(a, out _));
                return hasV4 ? picked is not null && picked.Contains('.', StringComparison.Ordinal) : picked is null or "2001:db8::5";
            }).QuickCheckThrowOnFailure();

    [Test]
    public void OwnerNotes_AnyStrings_RoundTripThroughJson() =>
        Prop.ForAll<NonNull<string>, NonNull<string>>((name, zone) =>
        {
            var notes = new JsonObject { ["scalesets.hyperv"] = 1, ["scaleSet"] = "web", ["name"] = name.Get, ["zone"] = zone.Get, ["modelVersion"] = "v1" }.ToJsonString();
            var parsed = VmOwnerNotes.TryParse(notes);
            return parsed is not null && parsed.Name == name.Get && parsed.Zone == zone.Get;
        }).QuickCheckThrowOnFailure();
}
