using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Simulation.Soak;

namespace ScaleSets.Simulation.Tests.Control;

/// <summary>
/// Fixed-seed runs whose whole controller event stream, every <see cref="ReconcileResult"/> and every warm-up notice are
/// written to a canonical text and compared, by SHA-256, with the digest the controller produced before it was split into
/// planners. The split must not change one event, one message or one count; a failing digest writes the run's text to the
/// test's work directory so it can be compared with the text of the commit before. The digests of seeds 4, 5 and 9 were
/// taken again when the simulated cloud started a stopped instance that booted before in its start time (30 s) instead
/// of a full boot (their soaks stop instances out of band); the same runs with the start time set to the boot time
/// still give the old digests, so the warm pool changed nothing for a set without one.
/// </summary>
[TestFixture]
public sealed class ControllerGoldenTests
{
    [TestCase(11, 80, 0.2, 120, 3, 1, "9D905BAF554CFDFD2BB4B165A6137CD0BD49658CD79C077CC6E039AD36748A99")]
    [TestCase(4, 60, 0.3, 150, 3, 7, "8356D0E3C526D0488C7C1E923547F193184F4490EF8BBB5C008ECC3655BEC2C7")]
    [TestCase(7, 40, 0.25, 200, 2, 1, "1C8F05DBC60FD0A51FF01140971409EB856F981657CA031A4CA409DEDB732AFD")]
    [TestCase(3, 300, 0.2, 60, 3, 50, "512E14E0CC620DFDFF232F8DB893AE541BA6317183C2BB825C24941048440153")]
    [TestCase(5, 50, 0.5, 250, 3, 1, "B34CA037ADC4D5856DB11AB14BAF54DA7AC2FD4BF1BB2EAD976B2AF60E10CAFD")]
    [TestCase(9, 30, 0.5, 250, 1, 4, "8AAF11060EDF3DA0149008E2020757BE02E544FC860CE7EF8ECE1EAD7697FCE3")]
    public async Task Soak_FixedSeed_SameEventsAndResults(int seed, int instances, double faultRate, int steps, int zones, int batchSize, string digest)
    {
        var text = new StringBuilder();
        var runner = new SoakRunner(new SoakOptions { Seed = seed, Instances = instances, FaultRate = faultRate, Steps = steps, Zones = zones, BatchSize = batchSize })
        {
            EventTap = e => Append(text, e),
            PassTap = r => Append(text, r),
        };

        var report = await runner.RunAsync(CancellationToken.None);

        Assert.That(report.Passed, Is.True);
        AssertDigest(text, digest, FormattableString.Invariant($"soak-{seed}"));
    }

    [TestCase(ZoneBalanceMode.Strict, RepairAction.Replace, true, 1, false, "EFAA4EA0489B35E78213E80E8CA9FB3B358CC5CABC0112B27E25AC1F4A0BDD2B")]
    [TestCase(ZoneBalanceMode.BestEffort, RepairAction.Reimage, false, 4, true, "AF80B1BCBAEE627C8CA7DA2F73E4CC18FF96F463CF30E0AB9248EFF65FA12146")]
    [TestCase(ZoneBalanceMode.Strict, RepairAction.Restart, false, 3, false, "3061C193E2AB284BE41ECE9EEDCFCC881F1C7DCFEBA209C9DF049652FDC46906")]
    public async Task ScriptedRun_FaultsZonesRepairsUpgradesScaleIns_SameEventsAndResults(ZoneBalanceMode zoneBalance, RepairAction repair, bool surge, int batchSize, bool overprovision, string digest)
    {
        var text = new StringBuilder();
        var warmup = new TappedWarmupSink(text);
        var hook = new RecordingHook(approve: repair == RepairAction.Replace);
        var probe = new ScriptedProbe();
        using var h = new ControllerHarness(
            o =>
            {
                o.ZoneBalance = zoneBalance;
                o.ZoneRetryInterval = TimeSpan.FromMinutes(2);
                o.MaxBatchSize = batchSize;
                o.Overprovision = overprovision;
                o.DrainTimeout = TimeSpan.FromSeconds(45);
                o.RetryBaseDelay = TimeSpan.FromSeconds(1);
                o.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10);
                o.AutomaticRepairs.Action = repair;
                o.RollingUpgrade.Mode = UpgradeMode.Automatic;
                o.RollingUpgrade.MaxSurge = surge;
                o.RollingUpgrade.PauseTimeBetweenBatches = TimeSpan.FromSeconds(30);
                o.ScaleIn.Rule = surge ? ScaleInRule.NewestVM : ScaleInRule.OldestVM;
                o.ScaleIn.TerminateNotificationTimeout = TimeSpan.FromMinutes(1);
            },
            c =>
            {
                c.Seed = (int)zoneBalance + (10 * (int)repair);
                c.TransientFailureRate = 0.1;
                c.PermanentFailureRate = 0.03;
                c.FailedCreateLeavesInstanceRate = 0.5;
                c.ListFailureRate = 0.03;
                c.BootFailureRate = 0.05;
                c.BootTimeSpread = TimeSpan.FromSeconds(40);
            },
            warmup,
            hook,
            probe);
        h.Controller.Events.Subscribe(new Tap(text));

        async Task RunAsync(int passes)
        {
            for (var i = 0; i < passes; i++)
            {
                Append(text, await h.PassAsync());
                h.Time.Advance(TimeSpan.FromSeconds(15));
            }
        }

        h.Controller.SetDesiredCapacity(12, "up");
        await RunAsync(20);
        h.Cloud.Crash(h.Instances[0].Id);
        h.Cloud.Crash(h.Instances[5].Id);
        probe.Failing.Add(h.Instances[3].Address ?? "-");
        await RunAsync(50);
        h.Cloud.SetZoneOutage("2", true);
        h.Controller.SetDesiredCapacity(18, "out");
        await RunAsync(25);
        h.Cloud.SetZoneOutage("2", false);
        await RunAsync(40);
        probe.Failing.Clear();
        h.Controller.UpdateModel(new ScaleSetModel { Version = "v2", ImageReference = "golden-v2.vhdx" }, "model-v2");
        await RunAsync(60);
        h.Cloud.ChangeAddress(h.Instances[2].Id, "10.9.9.9");
        h.Cloud.Lose(h.Instances[4].Id);
        h.Cloud.SetProtectedFromScaleIn(h.Instances[1].Id, true);
        var stop = h.Cloud.Compute.StopInstancesAsync("web", [h.Instances[6].Id], CancellationToken.None);
        await h.Time.RunUntilCompletedAsync(stop, TimeSpan.FromHours(1));
        h.Controller.SetDesiredCapacity(5, "in");
        await RunAsync(40);
        h.Restart();
        h.Controller.Events.Subscribe(new Tap(text));
        h.Controller.SetDesiredCapacity(9, "again");
        h.Cloud.Options.TransientFailureRate = 0;
        h.Cloud.Options.PermanentFailureRate = 0;
        h.Cloud.Options.ListFailureRate = 0;
        h.Cloud.Options.BootFailureRate = 0;
        h.Controller.ResumeRepairs();
        await RunAsync(60);

        text.Append("hook created ").AppendJoin(',', hook.Created).AppendLine();
        text.Append("hook terminating ").AppendJoin(',', hook.Terminating.Select(t => t.Id + "@" + t.NotBefore.ToString("O", CultureInfo.InvariantCulture))).AppendLine();
        AssertDigest(text, digest, FormattableString.Invariant($"scripted-{zoneBalance}-{repair}"));
    }

    private static void Append(StringBuilder text, ControllerEvent e) =>
        text.Append(CultureInfo.InvariantCulture, $"E {e.Time:O} {e.ScaleSetName} {e.Kind} {e.InstanceId ?? "-"} {e.CauseId ?? "-"} {e.Message}").AppendLine();

    private static void Append(StringBuilder text, ReconcileResult r) =>
        text.Append(CultureInfo.InvariantCulture, $"R {r.Time:O} desired={r.DesiredCapacity?.ToString(CultureInfo.InvariantCulture) ?? "-"} instances={r.Instances} healthy={r.Healthy} ready={r.Ready} removing={r.Removing} created={r.Created} deleted={r.Deleted} failures={r.Failures} converged={r.Converged}").AppendLine();

    private static void AssertDigest(StringBuilder text, string expected, string name)
    {
        var content = text.ToString();
        var actual = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "golden-" + name + ".txt");
            File.WriteAllText(path, content);
            Assert.Fail($"{name}: digest {actual}, expected {expected}; {content.Split('\n').Length} lines written to {path}");
        }
    }

    private sealed class Tap(StringBuilder text) : IObserver<ControllerEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(ControllerEvent value) => Append(text, value);
    }

    private sealed class TappedWarmupSink(StringBuilder text) : IInstanceWarmupSink
    {
        public void SetWarmingUp(string instanceId, DateTimeOffset warmUntil) =>
            text.Append(CultureInfo.InvariantCulture, $"W set {instanceId} {warmUntil:O}").AppendLine();

        public void ClearWarmingUp(string instanceId) => text.Append("W clear ").Append(instanceId).AppendLine();
    }

    private sealed class ScriptedProbe : IHealthProbe
    {
        public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);

        public Task<HealthProbeResult> ProbeAsync(string address, CancellationToken cancellationToken) =>
            Task.FromResult(Failing.Contains(address) ? new HealthProbeResult(false, "scripted failure at " + address) : new HealthProbeResult(true, null));
    }
}
