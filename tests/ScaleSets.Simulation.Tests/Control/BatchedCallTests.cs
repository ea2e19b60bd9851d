using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

/// <summary>The controller's provider calls with <see cref="ScaleSetControllerOptions.MaxBatchSize"/> above 1.</summary>
[TestFixture]
public sealed class BatchedCallTests
{
    [Test]
    public async Task Reconcile_MaxBatchSize_ScaleOutCreatesInBatchesOfThatSize()
    {
        ScriptedCompute? compute = null;
        using var h = new ControllerHarness(o => o.MaxBatchSize = 4, compute: c => compute = new ScriptedCompute(c));
        h.Controller.SetDesiredCapacity(10, "decision-1");

        var result = await h.SettleAsync();

        Assert.That(result.Converged, Is.True);
        Assert.That(compute!.CreateCalls.Select(c => c.Count), Is.EqualTo(new[] { 4, 4, 2 }));
        Assert.That(h.Instances, Has.Count.EqualTo(10));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceCreated), Is.EqualTo(10));
        Assert.That(h.Members.Count(m => m.State == LoadBalancerMemberState.Ready), Is.EqualTo(10));
    }

    [Test]
    public async Task Reconcile_DefaultBatchSize_OneInstancePerCall()
    {
        ScriptedCompute? compute = null;
        using var h = new ControllerHarness(compute: c => compute = new ScriptedCompute(c));
        h.Controller.SetDesiredCapacity(5, null);

        await h.SettleAsync();

        Assert.That(compute!.CreateCalls.Select(c => c.Count), Is.EqualTo(Enumerable.Repeat(1, 5)));
    }

    [Test]
    public async Task Reconcile_ItemsOfABatchFailTransiently_OnlyThoseAreCalledAgain()
    {
        ScriptedCompute? compute = null;
        using var h = new ControllerHarness(o => o.MaxBatchSize = 10, compute: c => compute = new ScriptedCompute(c) { TransientOnFirstAttempt = [1, 3] });
        h.Controller.SetDesiredCapacity(5, null);

        await h.PassAsync();

        var first = compute!.CreateCalls[0];
        Assert.That(compute.CreateCalls, Has.Count.EqualTo(2));
        Assert.That(compute.CreateCalls[1], Is.EqualTo(new[] { first[1], first[3] }), "the retry carries the two transient items only");
        Assert.That(h.Instances, Has.Count.EqualTo(5));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceCreated), Is.EqualTo(5));
        Assert.That(h.Events.Any(e => e.Kind == ControllerEventKind.InstanceCreateFailed), Is.False);
    }

    [Test]
    public async Task Reconcile_ItemsStayTransientPastTheRetries_EachReportedFailed()
    {
        ScriptedCompute? compute = null;
        using var h = new ControllerHarness(o => { o.MaxBatchSize = 10; o.MaxRetryAttempts = 2; }, compute: c => compute = new ScriptedCompute(c) { AlwaysTransient = [2] });
        h.Controller.SetDesiredCapacity(4, null);

        await h.PassAsync();

        Assert.That(compute!.CreateCalls.Select(c => c.Count), Is.EqualTo(new[] { 4, 1, 1 }), "one call, then two retries of the failing item");
        var failed = h.Events.Where(e => e.Kind == ControllerEventKind.InstanceCreateFailed).ToList();
        Assert.That(failed, Has.Count.EqualTo(1));
        Assert.That(failed[0].Message, Does.Contain(compute.CreateCalls[0][2]).And.Contain("Transient"));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceCreated), Is.EqualTo(3));
    }

    [Test]
    public async Task Reconcile_ResultsReorderedAndOneMissing_MatchedByNameAndTheMissingOneFails()
    {
        ScriptedCompute? compute = null;
        using var h = new ControllerHarness(o => o.MaxBatchSize = 10, compute: c => compute = new ScriptedCompute(c) { ReverseResults = true, DropLastResult = true });
        h.Controller.SetDesiredCapacity(4, null);

        await h.PassAsync();

        var names = compute!.CreateCalls[0];
        var created = h.Events.Where(e => e.Kind == ControllerEventKind.InstanceCreated).ToList();
        Assert.That(created, Has.Count.EqualTo(3));
        foreach (var name in names.Take(3))
        {
            Assert.That(created.Count(e => e.Message.Contains(name, StringComparison.Ordinal)), Is.EqualTo(1), name);
        }

        foreach (var e in created)
        {
            var instance = h.Instances.Single(i => i.Id == e.InstanceId);
            Assert.That(e.Message, Does.Contain(instance.Name), "each result goes to the request it answers");
        }

        var failed = h.Events.Single(e => e.Kind == ControllerEventKind.InstanceCreateFailed);
        Assert.That(failed.Message, Does.Contain(names[3]).And.Contain("no result"));

        // The provider made the fourth instance anyway; the next pass adopts it rather than creating a fifth.
        h.Time.Advance(TimeSpan.FromSeconds(15));
        await h.PassAsync();
        Assert.That(h.Instances, Has.Count.EqualTo(4));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceAdopted), Is.EqualTo(1));
    }

    [Test]
    public async Task Reconcile_WholeBatchCallFailsTransiently_RetriedWhole()
    {
        ScriptedCompute? compute = null;
        using var h = new ControllerHarness(o => o.MaxBatchSize = 10, compute: c => compute = new ScriptedCompute(c) { ThrowOnFirstCall = true });
        h.Controller.SetDesiredCapacity(3, null);

        await h.PassAsync();

        Assert.That(compute!.CreateCalls, Has.Count.EqualTo(2));
        Assert.That(compute.CreateCalls[1], Is.EqualTo(compute.CreateCalls[0]));
        Assert.That(h.Instances, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Reconcile_ScaleInWithBatches_DrainsEachThenDeletesTheWaveInOneCall()
    {
        ScriptedCompute? compute = null;
        using var h = new ControllerHarness(o => o.MaxBatchSize = 100, compute: c => compute = new ScriptedCompute(c));
        h.Controller.SetDesiredCapacity(9, null);
        await h.SettleAsync();
        h.Controller.SetDesiredCapacity(3, "decision-in");

        await h.SettleAsync();

        Assert.That(h.Instances, Has.Count.EqualTo(3));
        Assert.That(compute!.DeleteCalls.Select(c => c.Count), Is.EqualTo(new[] { 6 }));
        foreach (var id in compute.DeleteCalls[0])
        {
            var kinds = h.Events.Where(e => e.InstanceId == id && e.CauseId == "decision-in").Select(e => e.Kind);
            Assert.That(kinds, Is.EqualTo(new[] { ControllerEventKind.InstanceRemovalStarted, ControllerEventKind.InstanceDraining, ControllerEventKind.InstanceRemovedFromPool, ControllerEventKind.InstanceDeleted }));
        }
    }

    [Test]
    public async Task Reconcile_RepairsWithBatches_OneCallForTheUnhealthyInstances()
    {
        ScriptedCompute? compute = null;
        using var h = new ControllerHarness(
            o =>
            {
                o.MaxBatchSize = 100;
                o.AutomaticRepairs.Action = RepairAction.Restart;
            },
            compute: c => compute = new ScriptedCompute(c));
        // Repairs run at most 5% of the set at a time: three of sixty.
        h.Controller.SetDesiredCapacity(60, null);
        await h.SettleAsync();
        foreach (var id in h.Instances.Take(3).Select(i => i.Id).ToList())
        {
            h.Cloud.Crash(id);
        }

        await h.RunForAsync(h.Options.AutomaticRepairs.GracePeriod + TimeSpan.FromMinutes(1));

        Assert.That(compute!.RestartCalls.Select(c => c.Count), Is.EqualTo(new[] { 3 }));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceRepaired), Is.EqualTo(3));
    }

    /// <summary>
    /// The simulated cloud's provider with a script in between: records each call's items, and can fail chosen items
    /// transiently, throw on the first call, or report results out of order or incompletely.
    /// </summary>
    private sealed class ScriptedCompute(IComputeProvider inner) : ForwardingCompute(inner)
    {
        public List<List<string>> CreateCalls { get; } = [];

        public List<List<string>> DeleteCalls { get; } = [];

        public List<List<string>> RestartCalls { get; } = [];

        /// <summary>Gets the positions, in the first create call, of the items that fail transiently in that call only.</summary>
        public int[] TransientOnFirstAttempt { get; init; } = [];

        /// <summary>Gets the positions, in the first create call, of the items that fail transiently in every call.</summary>
        public int[] AlwaysTransient { get; init; } = [];

        public bool ThrowOnFirstCall { get; init; }

        public bool ReverseResults { get; init; }

        public bool DropLastResult { get; init; }

        public override async Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken)
        {
            CreateCalls.Add([.. requests.Select(r => r.InstanceName)]);
            var first = CreateCalls[0];
            if (ThrowOnFirstCall && CreateCalls.Count == 1)
            {
                throw new ProviderOperationException("throttled", OperationFailureKind.Transient);
            }

            bool Fails(InstanceCreateRequest r) =>
                AlwaysTransient.Any(i => first[i] == r.InstanceName) || (CreateCalls.Count == 1 && TransientOnFirstAttempt.Any(i => first[i] == r.InstanceName));

            var made = (await Inner.CreateInstancesAsync([.. requests.Where(r => !Fails(r))], cancellationToken)).Items;
            var results = requests.Select(r => Fails(r)
                ? new InstanceOperationResult(r.InstanceName, OperationFailureKind.Transient, "throttled")
                : made.Single(m => m.Key == r.InstanceName)).ToList();
            if (DropLastResult)
            {
                results.RemoveAt(results.Count - 1);
            }

            if (ReverseResults)
            {
                results.Reverse();
            }

            return new BatchResult(results);
        }

        public override Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            DeleteCalls.Add([.. instanceIds]);
            return Inner.DeleteInstancesAsync(scaleSetName, instanceIds, cancellationToken);
        }

        public override Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            RestartCalls.Add([.. instanceIds]);
            return Inner.RestartInstancesAsync(scaleSetName, instanceIds, cancellationToken);
        }
    }
}
