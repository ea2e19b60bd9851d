extern alias FsCheckNUnit;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

[TestFixture]
public sealed class ControllerRestartPropertyTests
{
    // Random sequences of capacity changes, model updates (some whose instances never boot), zone outages, crashes, lost
    // instances, out-of-band stops, address changes and load balancer restarts, on a cloud whose calls fail at random, with the
    // controller restarted at a random point against the same SimulatedControllerStateStore. Virtual time only.
    [FsCheckNUnit::FsCheck.NUnit.Property(MaxTest = 100)]
    public Property Reconcile_RandomOperationsWithRestart_KeepsInvariantsAndConverges() =>
        Prop.ForAll(Arb.From(Scenarios()), scenario =>
        {
            var failure = new Run(scenario.Seed, scenario.Surge, scenario.BatchSize).ExecuteAsync(scenario.Operations, scenario.RestartAt).GetAwaiter().GetResult();
            return (failure is null).Label(failure + " in " + scenario);
        });

    private static Gen<Scenario> Scenarios()
    {
        // Capacity changes and faults are the common steps; model updates (a good or a broken release) rarer.
        var kinds = Gen.Frequency(
            (6, Gen.Constant(OperationKind.Capacity)),
            (2, Gen.Constant(OperationKind.Release)),
            (2, Gen.Constant(OperationKind.BrokenRelease)),
            (1, Gen.Constant(OperationKind.BootsHealthy)),
            (2, Gen.Constant(OperationKind.ZoneOutage)),
            (3, Gen.Constant(OperationKind.Crash)),
            (2, Gen.Constant(OperationKind.Lose)),
            (2, Gen.Constant(OperationKind.ChangeAddress)),
            (2, Gen.Constant(OperationKind.Stop)),
            (1, Gen.Constant(OperationKind.RestartLoadBalancer)),
            (4, Gen.Constant(OperationKind.Wait)));
        var operation = Gen.Zip(kinds, Gen.Choose(0, 999), (kind, arg) => new Operation(kind, arg));
        return from seed in Gen.Choose(1, 1_000_000)
               from count in Gen.Choose(5, 40)
               from operations in operation.ArrayOf(count)
               from restartAt in Gen.Choose(0, count)
               from surge in Gen.Elements(false, true)
               from batchSize in Gen.Elements(1, 3, 100)
               select new Scenario(seed, [new Operation(OperationKind.Capacity, 6 + seed % 7), .. operations], restartAt + 1, surge, batchSize);
    }

    private sealed class Run
    {
        private readonly ControllerHarness _h;
        private readonly HashSet<string> _lbFailed = new(StringComparer.Ordinal);
        private int _version = 1;
        private int _desired;
        private bool _listFailed;
        private int _eventsSeen;

        public Run(int seed, bool surge, int batchSize)
        {
            _h = new ControllerHarness(
                o =>
                {
                    o.DrainTimeout = TimeSpan.FromSeconds(30);
                    o.ZoneRetryInterval = TimeSpan.FromMinutes(1);
                    o.RetryBaseDelay = TimeSpan.FromSeconds(1);
                    o.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10);
                    o.AutomaticRepairs.MaxConsecutiveFailures = 2;
                    o.RollingUpgrade.Mode = UpgradeMode.Automatic;
                    o.RollingUpgrade.MaxSurge = surge;
                    o.MaxBatchSize = batchSize;
                },
                c =>
                {
                    c.Seed = seed;
                    c.TransientFailureRate = 0.1;
                    c.PermanentFailureRate = 0.05;
                    c.FailedCreateLeavesInstanceRate = 0.5;
                    c.ListFailureRate = 0.05;
                    c.BootTimeSpread = TimeSpan.FromSeconds(30);
                });
        }

        public async Task<string?> ExecuteAsync(Operation[] ops, int restartAt)
        {
            using (_h)
            {
                for (var i = 0; i <= ops.Length; i++)
                {
                    if (i == restartAt)
                    {
                        var failure = await RestartAsync(i);
                        if (failure is not null)
                        {
                            return failure;
                        }
                    }

                    if (i == ops.Length)
                    {
                        break;
                    }

                    Apply(ops[i]);
                    var passes = ops[i].Kind == OperationKind.Wait ? 10 + (ops[i].Arg % 40) : 1 + (ops[i].Arg % 4);
                    for (var pass = 0; pass < passes; pass++)
                    {
                        var failure = await PassAndCheckAsync($"op {i} ({ops[i]}), pass {pass}");
                        if (failure is not null)
                        {
                            return failure;
                        }

                        _h.Time.Advance(TimeSpan.FromSeconds(15 + (ops[i].Arg % 3 * 15)));
                    }
                }

                return await SettleAsync();
            }
        }

        private void Apply(Operation op)
        {
            var arg = op.Arg;
            var instances = _h.Instances;
            switch (op.Kind)
            {
                case OperationKind.Capacity:
                    _desired = arg % 13;
                    _h.Controller.SetDesiredCapacity(_desired, "capacity");
                    break;
                case OperationKind.Release:
                    NewModel();
                    _h.Cloud.Options.BootFailureRate = 0;
                    break;
                case OperationKind.BrokenRelease:
                    // A release whose instances never boot healthy: its upgrade stops and the repairs of its instances fail.
                    NewModel();
                    _h.Cloud.Options.BootFailureRate = 1;
                    break;
                case OperationKind.BootsHealthy:
                    _h.Cloud.Options.BootFailureRate = 0;
                    break;
                case OperationKind.ZoneOutage:
                    var zone = (1 + (arg % 3)).ToString(CultureInfo.InvariantCulture);
                    _h.Cloud.SetZoneOutage(zone, !_h.Cloud.IsZoneDown(zone));
                    break;
                case OperationKind.Crash when instances.Count > 0:
                    _h.Cloud.Crash(instances[arg % instances.Count].Id);
                    break;
                case OperationKind.Lose when instances.Count > 0:
                    _h.Cloud.Lose(instances[arg % instances.Count].Id);
                    break;
                case OperationKind.ChangeAddress when instances.Count > 0:
                    _h.Cloud.ChangeAddress(instances[arg % instances.Count].Id, "192.168.0." + (arg % 250).ToString(CultureInfo.InvariantCulture));
                    break;
                case OperationKind.Stop when instances.Count > 0:
                    var stop = _h.Cloud.Compute.StopInstancesAsync("web", [instances[arg % instances.Count].Id], CancellationToken.None);
                    Assert.That(_h.Time.RunUntilCompletedAsync(stop, TimeSpan.FromHours(1)).GetAwaiter().GetResult(), Is.True);
                    break;
                case OperationKind.RestartLoadBalancer:
                    _h.Cloud.RestartLoadBalancer();
                    break;
            }
        }

        private void NewModel()
        {
            _version++;
            _h.Model = new ScaleSetModel { Version = "v" + _version.ToString(CultureInfo.InvariantCulture), ImageReference = "image-" + _version.ToString(CultureInfo.InvariantCulture) };
            _h.Controller.UpdateModel(_h.Model, "release");
        }

        private async Task<string?> RestartAsync(int at)
        {
            var saved = await _h.Cloud.StateStore.LoadAsync("web", CancellationToken.None);
            var suspended = _h.Controller.RepairsSuspended;
            var upgrading = _h.Controller.IsUpgrading;
            _h.Restart();
            _h.Controller.SetDesiredCapacity(_desired, "capacity");
            var failure = await PassAndCheckAsync($"restart before op {at}");
            if (failure is not null)
            {
                return failure;
            }

            if (suspended && !_h.Controller.RepairsSuspended)
            {
                return $"restart before op {at}: repairs were suspended and the restarted controller resumed them";
            }

            var stopped = saved?.StoppedUpgradeVersion;
            if (!upgrading && stopped is not null && string.Equals(stopped, _h.Model.Version, StringComparison.Ordinal))
            {
                var now = await _h.Cloud.StateStore.LoadAsync("web", CancellationToken.None);
                if (_h.Controller.IsUpgrading || !string.Equals(now?.StoppedUpgradeVersion, stopped, StringComparison.Ordinal))
                {
                    return $"restart before op {at}: the upgrade to {stopped} had stopped and the restarted controller resumed it (upgrading={_h.Controller.IsUpgrading}, saved marker {now?.StoppedUpgradeVersion ?? "none"})";
                }
            }

            return null;
        }

        private async Task<string?> PassAndCheckAsync(string context)
        {
            await _h.PassAsync();
            ScanEvents();
            return Check(context, settled: false);
        }

        private void ScanEvents()
        {
            _lbFailed.Clear();
            _listFailed = false;
            for (; _eventsSeen < _h.Events.Count; _eventsSeen++)
            {
                var e = _h.Events[_eventsSeen];
                if (e.Kind != ControllerEventKind.Error)
                {
                    continue;
                }

                _listFailed |= e.Message.StartsWith("listing", StringComparison.Ordinal);
                if (e.InstanceId is not null && e.Message.StartsWith("load balancer call failed", StringComparison.Ordinal))
                {
                    _lbFailed.Add(e.InstanceId);
                }
            }
        }

        private string? Check(string context, bool settled)
        {
            var truth = _h.Instances;
            var names = new HashSet<string>(StringComparer.Ordinal);
            var duplicate = truth.FirstOrDefault(i => !names.Add(i.Name));
            if (duplicate is not null)
            {
                return $"{context}: two instances named {duplicate.Name} (a duplicate create)";
            }

            if (_listFailed)
            {
                return null;
            }

            var known = _h.Controller.GetInstances().Select(s => s.Instance.Id).ToHashSet(StringComparer.Ordinal);
            var orphan = truth.FirstOrDefault(i => !known.Contains(i.Id));
            if (orphan is not null)
            {
                return $"{context}: instance {orphan.Name} is unknown to the controller (an orphan)";
            }

            var ids = truth.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var ghost = _h.Members.FirstOrDefault(m => !ids.Contains(m.InstanceId) && (settled || !_lbFailed.Contains(m.InstanceId)));
            if (ghost is not null)
            {
                return $"{context}: pool member {ghost.InstanceName} has no instance";
            }

            return null;
        }

        private int Skew()
        {
            var counts = _h.ZoneCounts();
            string[] zones = ["1", "2", "3"];
            return zones.Max(z => counts.GetValueOrDefault(z)) - zones.Min(z => counts.GetValueOrDefault(z));
        }

        private async Task<string?> SettleAsync()
        {
            foreach (var zone in new[] { "1", "2", "3" })
            {
                _h.Cloud.SetZoneOutage(zone, false);
            }

            var o = _h.Cloud.Options;
            o.TransientFailureRate = 0;
            o.PermanentFailureRate = 0;
            o.ListFailureRate = 0;
            o.BootFailureRate = 0;
            _h.Controller.ResumeRepairs();
            if (!_h.Controller.IsUpgrading)
            {
                // An upgrade stopped by the broken release waits for an operator; the faults are over, so retry it.
                _h.Controller.StartRollingUpgrade("settle");
            }

            var result = await _h.PassAsync();
            // A zone whose outage just ended stays avoided for the zone retry interval; converged then allows its skew.
            for (var i = 0; i < 400 && !(result.Converged && Skew() <= 1); i++)
            {
                _h.Time.Advance(TimeSpan.FromSeconds(15));
                if (_h.Controller.RepairsSuspended)
                {
                    // An instance of the broken release may fail its last repair after the faults stopped.
                    _h.Controller.ResumeRepairs();
                }

                if (!_h.Controller.IsUpgrading && _h.Instances.Any(x => !string.Equals(x.ModelVersion, _h.Model.Version, StringComparison.Ordinal)))
                {
                    // The broken release's instances may stop the retried upgrade again until repair has replaced them.
                    _h.Controller.StartRollingUpgrade("settle");
                }

                result = await _h.PassAsync();
            }

            ScanEvents();
            var failure = Check("settled", settled: true);
            var ready = _h.Members.Count(m => m.State == LoadBalancerMemberState.Ready);
            var skew = Skew();
            var outdated = _h.Instances.Count(i => !string.Equals(i.ModelVersion, _h.Model.Version, StringComparison.Ordinal));
            if (failure is null && !(result.Converged && _h.Instances.Count == _desired && ready == _desired && outdated == 0 && skew <= 1))
            {
                failure = $"did not converge once faults stopped: converged={result.Converged}, instances={_h.Instances.Count}, ready={ready}, desired={_desired}, outdated={outdated}, zone skew={skew}";
            }

            return failure;
        }
    }

    private enum OperationKind
    {
        Capacity,
        Release,
        BrokenRelease,
        BootsHealthy,
        ZoneOutage,
        Crash,
        Lose,
        ChangeAddress,
        Stop,
        RestartLoadBalancer,
        Wait,
    }

    private sealed record Operation(OperationKind Kind, int Arg)
    {
        public override string ToString() => Kind + "(" + Arg.ToString(CultureInfo.InvariantCulture) + ")";
    }

    private sealed record Scenario(int Seed, Operation[] Operations, int RestartAt, bool Surge, int BatchSize)
    {
        public override string ToString() =>
            $"seed {Seed}, surge {Surge}, batch size {BatchSize}, restart before op {RestartAt}: {string.Join(" ", Operations.Select(o => o.ToString()))}";
    }
}
