using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.HyperV.Tests.PowerShell;

/// <summary>The shipped scripts in real PowerShell 7 against the Hyper-V stand-in module.</summary>
[TestFixture]
[Category("HyperV")]
public sealed class HyperVScriptTests
{
    private static InstanceCreateRequest Request(StandInHost host, string name, string zone = "1") =>
        new("web", name, "web/" + name, zone, host.Model());

    [Test]
    public async Task CreateListDelete_Batch_VmsBootAndDisksAreRemoved()
    {
        using var host = new StandInHost();
        var runner = new CountingRunner(host.Runner);
        var provider = host.Provider(runner: runner);

        var created = await provider.CreateInstancesAsync([Request(host, "web_000000"), Request(host, "web_000001", "2"), Request(host, "web_000002", "3")], CancellationToken.None);

        Assert.That(created.Items.Select(i => i.Failure), Is.All.EqualTo(OperationFailureKind.None), string.Join("; ", created.Items.Select(i => i.Message)));
        Assert.That(created.Items.Select(i => i.Instance!.State), Is.All.EqualTo(InstanceState.Running));
        Assert.That(created.Items.Select(i => i.Instance!.Health), Is.All.EqualTo(InstanceHealth.Healthy));
        Assert.That(created.Items.Select(i => i.Instance!.Address), Is.All.StartsWith("10.20."));
        Assert.That(runner.Count("New-ScaleSetVM.ps1"), Is.EqualTo(1), "three creates in one call run one script");
        Assert.That(host.Disks(), Has.Length.EqualTo(3));

        var listed = await provider.ListInstancesAsync("web", CancellationToken.None);
        Assert.That(listed.Select(i => i.Name).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "web_000000", "web_000001", "web_000002" }));
        Assert.That(listed.Select(i => i.Zone).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "1", "2", "3" }));
        Assert.That(listed.Select(i => i.ModelVersion), Is.All.EqualTo("v1"));

        var ids = listed.Select(i => i.Id).ToList();
        ids.Add(Guid.NewGuid().ToString());
        var deleted = await provider.DeleteInstancesAsync("web", ids, CancellationToken.None);
        Assert.That(deleted.AllSucceeded, Is.True, string.Join("; ", deleted.Items.Select(i => i.Message)));
        Assert.That(host.StateVms(), Is.Empty);
        Assert.That(host.Disks(), Is.Empty);
        Assert.That(File.Exists(host.GoldenImage), Is.True, "the golden image stays");
    }

    [Test]
    public async Task CreateInstances_TenWithSixteenKilobytesOfTagsEach_AllCreatedInOneRun()
    {
        // 213 KB of Base64 in one argument is more than Linux allows one argument (128 KB): E2BIG, "Argument list too long".
        using var host = new StandInHost();
        var runner = new CountingRunner(host.Runner);
        var tags = Enumerable.Range(0, 64).ToDictionary(i => $"tag{i:00}", i => new string((char)('a' + (i % 26)), 256), StringComparer.Ordinal);
        var model = host.Model() with { Tags = tags };
        var requests = Enumerable.Range(0, 10).Select(i => new InstanceCreateRequest("web", $"web_{i:000000}", $"web/web_{i:000000}", "1", model)).ToList();

        var created = await host.Provider(o => o.WaitForReady = false, runner).CreateInstancesAsync(requests, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(created.Items.Select(i => i.Failure), Is.All.EqualTo(OperationFailureKind.None), string.Join("; ", created.Items.Select(i => i.Message)));
            Assert.That(runner.Count("New-ScaleSetVM.ps1"), Is.EqualTo(1));
            Assert.That(host.StateVms(), Has.Count.EqualTo(10));
            Assert.That(host.StateVms().Select(vm => (string)vm!["notes"]!), Has.All.Contains(new string('z', 256)), "every tag reached Hyper-V");
        });
    }

    [Test]
    public async Task ListInstances_AfterProviderRestart_AdoptsVmsFromNotesAndCreateIsIdempotent()
    {
        using var host = new StandInHost();
        var first = host.Provider();
        var created = await first.CreateInstancesAsync([Request(host, "web_000000"), Request(host, "web_000001")], CancellationToken.None);
        Assert.That(created.AllSucceeded, Is.True, string.Join("; ", created.Items.Select(i => i.Message)));

        var restarted = host.Provider(o => o.WaitForReady = false);
        var listed = await restarted.ListInstancesAsync("web", CancellationToken.None);
        Assert.That(listed.Select(i => i.Id).Order(StringComparer.Ordinal), Is.EqualTo(created.Items.Select(i => i.Instance!.Id).Order(StringComparer.Ordinal)));
        Assert.That(await restarted.ListInstancesAsync("other", CancellationToken.None), Is.Empty, "VMs of another scale set are not listed");

        var again = await restarted.CreateInstancesAsync([Request(host, "web_000001")], CancellationToken.None);
        Assert.That(again.Items[0].Instance!.Id, Is.EqualTo(created.Items[1].Instance!.Id), "a repeated create returns the VM made before");
        Assert.That(host.StateVms(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task CreateInstances_SecondNewVmFails_OthersSucceedAndNothingLeaks()
    {
        using var host = new StandInHost();
        host.RunnerOptions.Environment["HYPERV_STANDIN_FAIL_NEW_VM"] = "2";
        // The stand-in counts New-VM calls across scripts; one script at a time keeps the calls in request order however
        // the batcher splits the three creates (two concurrent scripts made the count depend on timing under load).
        var provider = host.Provider(o => o.MaxConcurrentScripts = 1);

        var result = await provider.CreateInstancesAsync([Request(host, "web_000000"), Request(host, "web_000001"), Request(host, "web_000002")], CancellationToken.None);

        Assert.That(result.Items.Select(i => i.Succeeded), Is.EqualTo(new[] { true, false, true }), string.Join("; ", result.Items.Select(i => i.Message)));
        Assert.That(result.Items[1].Failure, Is.EqualTo(OperationFailureKind.Permanent));
        Assert.That(result.Items[1].Message, Does.Contain("Catastrophic failure").And.Contain("Unspecified,Microsoft.HyperV.PowerShell.Commands.NewVM"));
        Assert.That(host.StateVms(), Has.Count.EqualTo(2));
        Assert.That(host.Disks(), Has.Length.EqualTo(2), "the failed VM's differencing disk was removed");
    }

    [Test]
    public async Task CreateInstances_NameWithQuotesSubexpressionSemicolonAndNonAscii_PassesLiterallyAndRunsNothing()
    {
        using var host = new StandInHost();
        var pwned = Path.Combine(host.Root, "pwned");
        var name = $"we'b\"_$(New-Item -ItemType File -Path '{pwned}'); `$env:HOME; Ünïcødé-名前";
        var model = host.Model() with { Tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["note"] = $"$(New-Item -ItemType File -Path '{pwned}-tag')" } };
        var provider = host.Provider();

        var created = await provider.CreateInstancesAsync([new InstanceCreateRequest("web", name, "tok;$(whoami)'\"", "zone \"1\"; $(x)", model)], CancellationToken.None);

        Assert.That(created.AllSucceeded, Is.True, created.Items[0].Message);
        var listed = await provider.ListInstancesAsync("web", CancellationToken.None);
        Assert.That(listed.Single().Name, Is.EqualTo(name));
        Assert.That(listed.Single().Zone, Is.EqualTo("zone \"1\"; $(x)"));
        Assert.That((string)host.StateVms()[0]!["name"]!, Is.EqualTo(name), "Hyper-V got the name literally");
        Assert.That(Directory.GetFiles(host.Root, "pwned*"), Is.Empty, "nothing in the name or tags ran");
    }

    [Test]
    public async Task CreateInstances_VmNeverBoots_FailsAfterBootTimeoutAndVmStaysListed()
    {
        using var host = new StandInHost(bootSeconds: 3600);
        var provider = host.Provider(o => o.BootTimeout = TimeSpan.FromSeconds(1));

        var result = await provider.CreateInstancesAsync([Request(host, "web_000000")], CancellationToken.None);

        Assert.That(result.Items[0].Failure, Is.EqualTo(OperationFailureKind.Permanent));
        Assert.That(result.Items[0].Message, Does.Contain("did not report heartbeat OK and an IP address within"));
        var listed = await provider.ListInstancesAsync("web", CancellationToken.None);
        Assert.That(listed.Single().State, Is.EqualTo(InstanceState.Starting));
        Assert.That(listed.Single().Address, Is.Null);
    }

    [Test]
    public async Task CreateInstances_ScriptHangs_KilledAfterScriptTimeoutAsTransient()
    {
        using var host = new StandInHost();
        host.RunnerOptions.Environment["HYPERV_STANDIN_HANG_CMDLET"] = "Start-VM";
        host.RunnerOptions.Environment["HYPERV_STANDIN_HANG_SECONDS"] = "120";
        var provider = host.Provider(o => o.ScriptTimeout = TimeSpan.FromSeconds(20));

        var result = await provider.CreateInstancesAsync([Request(host, "web_000000")], CancellationToken.None);

        Assert.That(result.Items[0].Failure, Is.EqualTo(OperationFailureKind.Transient));
        Assert.That(result.Items[0].Message, Does.Contain("did not finish within"));
        host.RunnerOptions.Environment.Remove("HYPERV_STANDIN_HANG_CMDLET");
        var listed = await provider.ListInstancesAsync("web", CancellationToken.None);
        Assert.That(listed.Single().Name, Is.EqualTo("web_000000"), "the half-made VM carries its notes, so the next list finds it");
        Assert.That(listed.Single().State, Is.EqualTo(InstanceState.Stopped));
    }

    [Test]
    public async Task CreateInstances_HostOutOfMemory_PermanentUntilAVmIsDeleted()
    {
        using var host = new StandInHost();
        host.RunnerOptions.Environment["HYPERV_STANDIN_HOST_MEMORY_BYTES"] = (1536L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var runner = new CountingRunner(host.Runner);
        var provider = host.Provider(runner: runner);

        var result = await provider.CreateInstancesAsync([Request(host, "web_000000"), Request(host, "web_000001")], CancellationToken.None);
        Assert.That(result.Items[0].Succeeded, Is.True, result.Items[0].Message);
        Assert.That(result.Items[1].Failure, Is.EqualTo(OperationFailureKind.Permanent));
        Assert.That(result.Items[1].ZoneUnavailable, Is.True);
        Assert.That(result.Items[1].Message, Does.Contain("Not enough memory in the system to start the virtual machine"));
        Assert.That(host.StateVms(), Has.Count.EqualTo(1), "the VM that could not start was removed with its disk");

        var blocked = await provider.CreateInstancesAsync([Request(host, "web_000002")], CancellationToken.None);
        Assert.That(blocked.Items[0].Message, Does.Contain("ran out of memory"));
        Assert.That(runner.Count("New-ScaleSetVM.ps1"), Is.EqualTo(1), "no script ran while the host is out of memory");

        var deleted = await provider.DeleteInstancesAsync("web", [result.Items[0].Instance!.Id], CancellationToken.None);
        Assert.That(deleted.AllSucceeded, Is.True);
        var after = await provider.CreateInstancesAsync([Request(host, "web_000002")], CancellationToken.None);
        Assert.That(after.Items[0].Succeeded, Is.True, after.Items[0].Message);
    }

    [Test]
    public async Task CreateInstances_GoldenImageModifiedOrAttached_Refused()
    {
        using var host = new StandInHost();
        var provider = host.Provider(o => o.WaitForReady = false);
        var first = await provider.CreateInstancesAsync([Request(host, "web_000000")], CancellationToken.None);
        Assert.That(first.AllSucceeded, Is.True, first.Items[0].Message);

        File.AppendAllText(host.GoldenImage, " changed");
        var modified = await provider.CreateInstancesAsync([Request(host, "web_000001")], CancellationToken.None);
        Assert.That(modified.Items[0].Failure, Is.EqualTo(OperationFailureKind.Permanent));
        Assert.That(modified.Items[0].Message, Does.Contain("was modified after the virtual machine").And.Contain("ParentDiskModified"));

        var attachedImage = Path.Combine(host.Root, "attached.vhdx");
        File.WriteAllText(attachedImage, "attached");
        var attachedModel = host.Model("v2") with { ImageReference = attachedImage };
        // A VM outside the scale set boots from the image itself, so it could write to it.
        var outsider = await provider.CreateInstancesAsync([new InstanceCreateRequest("other", "outsider", "other/outsider", "1", host.Model() with { ImageReference = attachedImage })], CancellationToken.None);
        Assert.That(outsider.AllSucceeded, Is.True, outsider.Items[0].Message);
        var diskOfOutsider = Directory.GetFiles(host.DiskDirectory, "other-*").Single();
        var inUse = await provider.CreateInstancesAsync([new InstanceCreateRequest("web", "web_000002", "web/web_000002", "1", attachedModel with { ImageReference = diskOfOutsider })], CancellationToken.None);
        Assert.That(inUse.Items[0].Message, Does.Contain("is attached to the virtual machine 'outsider'").And.Contain("ParentDiskInUse"));
    }

    [TestCase(1)]
    [TestCase(5)]
    public async Task Controller_ScalesZeroToFiveToTwo_ThroughTheAdapter(int maxBatchSize)
    {
        using var host = new StandInHost(bootSeconds: 0);
        var runner = new CountingRunner(host.Runner);
        var provider = host.Provider(runner: runner);
        var balancer = new InMemoryLoadBalancer();
        var options = new ScaleSetControllerOptions { ScaleSetName = "web", DrainTimeout = TimeSpan.Zero, MaxRetryAttempts = 0, InstanceWarmup = TimeSpan.Zero, MaxBatchSize = maxBatchSize };
        options.Zones.Clear();
        options.Zones.Add("1");
        options.Zones.Add("2");
        using var controller = new ScaleSetController(options, host.Model(), provider, balancer, TimeProvider.System);

        controller.SetDesiredCapacity(5, "test-out");
        var result = await controller.ReconcileOnceAsync(CancellationToken.None);
        for (var pass = 0; pass < 6 && !result.Converged; pass++)
        {
            result = await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        Assert.That(result.Converged, Is.True, "scale-out to 5 converged");
        Assert.That(host.StateVms(), Has.Count.EqualTo(5));
        Assert.That(balancer.Members("web").Count(m => m.State == LoadBalancerMemberState.Ready), Is.EqualTo(5));
        if (maxBatchSize == 5)
        {
            Assert.That(runner.Count("New-ScaleSetVM.ps1"), Is.EqualTo(1), "the controller's one call of five creates runs one script");
        }

        controller.SetDesiredCapacity(2, "test-in");
        result = await controller.ReconcileOnceAsync(CancellationToken.None);
        for (var pass = 0; pass < 6 && !result.Converged; pass++)
        {
            result = await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        Assert.That(result.Converged, Is.True, "scale-in to 2 converged");
        Assert.That(host.StateVms(), Has.Count.EqualTo(2));
        Assert.That(host.Disks(), Has.Length.EqualTo(2));
        Assert.That(balancer.Members("web"), Has.Count.EqualTo(2));
        if (maxBatchSize == 5)
        {
            Assert.That(runner.Count("Remove-ScaleSetVM.ps1"), Is.EqualTo(1), "the controller's one call of three deletes runs one script");
        }
    }
}
