using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Abstractions;
using ScaleSets.Engine;
using ScaleSets.Extensions.Tests.Hosting;
using ScaleSets.Hosting;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Prediction;
using ScaleSets.Telemetry;

namespace ScaleSets.Extensions.Tests.Telemetry;

/// <summary>The instruments added for evaluation duration, provider calls, forecast error and ingested samples.</summary>
[TestFixture]
public sealed class ScaleSetsInstrumentTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void EvaluationDuration_EvaluateAll_RecordsTheHostClocksElapsedSecondsPerScaleSet()
    {
        var time = new SteppingTimeProvider(Start, TimeSpan.FromMilliseconds(5));
        using var services = Services(time);
        var (runtime, telemetry) = Resolve(services);
        using var durations = new MetricCollector<double>(services.GetRequiredService<IMeterFactory>(), ScaleSetsInstruments.MeterName, ScaleSetsInstruments.EvaluationDuration);
        using var attached = telemetry.Attach();
        runtime.Engine.AddScaleSet("web", TestSettings.Cpu(), 2);
        runtime.Engine.AddScaleSet("api", TestSettings.Cpu(), 2);

        runtime.Engine.EvaluateAll();
        runtime.Engine.EvaluateAll();

        var measurements = durations.GetMeasurementSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(measurements, Has.Count.EqualTo(4), "two evaluations of two scale sets");
            Assert.That(measurements.Select(m => m.Value), Is.All.EqualTo(0.005).Within(1e-9), "one timestamp step between start and end");
            Assert.That(measurements.Select(m => m.Tags[ScaleSetsInstruments.ScaleSetTag]), Is.EquivalentTo(new[] { "web", "api", "web", "api" }));
            Assert.That(measurements.All(m => m.Tags.Count == 1), Is.True, "only the scale set tag");
        });
    }

    [Test]
    public void EvaluationTimings_NoObserver_NoStopwatchRead()
    {
        var time = new SteppingTimeProvider(Start, TimeSpan.FromMilliseconds(5));
        using var engine = new AutoscaleEngine(new TimeProviderScheduler(time));
        engine.AddScaleSet("web", TestSettings.Cpu(), 2);
        var before = time.GetTimestamp();

        engine.EvaluateAll();

        Assert.That(time.GetTimestamp() - before, Is.EqualTo((long)(0.005 * time.TimestampFrequency)), "only the second of this test's own readings moved the timestamp");
    }

    [Test]
    public async Task ProviderCalls_HostedScaleSet_LatencyByOperationAndFailuresByKind()
    {
        HostFixture? fixture = null;
        using var created = fixture = new HostFixture(HostFixture.ValidJson, configureScaleSet: web => web.UseComputeProvider(_ => new SlowFlakyCompute(fixture!.Cloud.Compute, fixture.Time)));
        var meterFactory = fixture.Host.Services.GetRequiredService<IMeterFactory>();
        using var durations = new MetricCollector<double>(meterFactory, ScaleSetsInstruments.MeterName, ScaleSetsInstruments.ProviderCallDuration);
        using var failures = new MetricCollector<long>(meterFactory, ScaleSetsInstruments.MeterName, ScaleSetsInstruments.ProviderCallFailures);
        await fixture.Host.StartAsync();

        await fixture.RunAsync(20, _ => 120.0);
        await fixture.Host.StopAsync();

        var calls = durations.GetMeasurementSnapshot();
        var creates = calls.Where(m => m.Tags[ScaleSetsInstruments.OperationTag] as string == "create").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(creates.Count(m => m.Tags[ScaleSetsInstruments.OutcomeTag] as string == "failure"), Is.EqualTo(1), "the first create threw");
            Assert.That(creates.Where(m => m.Tags[ScaleSetsInstruments.OutcomeTag] as string == "success").Select(m => m.Value), Is.Not.Empty.And.All.GreaterThanOrEqualTo(7.0), "later creates took 7 s of the host's clock");
            Assert.That(calls, Has.Some.Matches<CollectedMeasurement<double>>(m => m.Tags[ScaleSetsInstruments.OperationTag] as string == "list"), "the start lists the set's instances");
            Assert.That(calls, Has.Some.Matches<CollectedMeasurement<double>>(m => m.Tags[ScaleSetsInstruments.OperationTag] as string == "register"), "load balancer calls are measured too");
            Assert.That(calls.All(m => m.Tags.Count == 3 && m.Tags[ScaleSetsInstruments.ScaleSetTag] as string == "web"), Is.True, "scale set, operation and outcome only");
            Assert.That(failures.GetMeasurementSnapshot(), Has.Exactly(1).Matches<CollectedMeasurement<long>>(m =>
                m.Value == 1
                && m.Tags[ScaleSetsInstruments.OperationTag] as string == "create"
                && m.Tags[ScaleSetsInstruments.FailureTag] as string == nameof(OperationFailureKind.Transient)));
        });
    }

    [Test]
    public async Task ProviderCalls_BatchWithFailedItems_EachFailedItemCountedAndTheCallPartial()
    {
        var time = new FakeTimeProvider(Start);
        using var services = Services(time);
        var (_, telemetry) = Resolve(services);
        using var durations = new MetricCollector<double>(services.GetRequiredService<IMeterFactory>(), ScaleSetsInstruments.MeterName, ScaleSetsInstruments.ProviderCallDuration);
        using var failures = new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), ScaleSetsInstruments.MeterName, ScaleSetsInstruments.ProviderCallFailures);
        var inner = new SlowFlakyCompute(null, time);
        var compute = new InstrumentedComputeProvider(inner, "web", telemetry);

        var result = await compute.DeleteInstancesAsync("web", ["a", "b", "c"], CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.That(async () => await compute.StopInstancesAsync("web", ["a"], cancelled.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.Multiple(() =>
        {
            Assert.That(result.Items.Select(i => i.Failure), Is.EqualTo(new[] { OperationFailureKind.None, OperationFailureKind.Transient, OperationFailureKind.Permanent }), "the result passes through unchanged");
            Assert.That(durations.GetMeasurementSnapshot().Select(m => (m.Tags[ScaleSetsInstruments.OperationTag], m.Tags[ScaleSetsInstruments.OutcomeTag])), Is.EqualTo(new object[] { ("delete", "partial"), ("stop", "cancelled") }));
            Assert.That(failures.GetMeasurementSnapshot().Select(m => m.Tags[ScaleSetsInstruments.FailureTag]), Is.EquivalentTo(new[] { "Transient", "Permanent" }), "one count per failed item; a cancelled call is no failure");
        });
    }

    [Test]
    public void ForecastError_PredictivePolicyActive_RecordsEachScoredGrainsAbsolutePercentageError()
    {
        var time = new FakeTimeProvider(Start);
        using var services = Services(time);
        var (runtime, telemetry) = Resolve(services);
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var errors = new MetricCollector<double>(meterFactory, ScaleSetsInstruments.MeterName, ScaleSetsInstruments.ForecastError);
        using var ingested = new MetricCollector<long>(meterFactory, ScaleSetsInstruments.MeterName, ScaleSetsInstruments.SamplesIngested);
        using var attached = telemetry.Attach();
        var outcomes = new List<ForecastOutcome>();
        using var observed = runtime.Engine.ForecastOutcomes.Subscribe(outcomes.Add);
        var set = runtime.Engine.AddScaleSet("web", PredictiveSetting(), 2);
        var noise = new Random(42);

        const int Minutes = 3 * 24 * 60;
        for (var minute = 0; minute < Minutes; minute++)
        {
            var now = time.GetUtcNow();
            var day = (now - Start).TotalDays;
            set.Ingest(new MetricSample("RequestsPerSecond", MetricSourceKind.Application, 100 + (80 * Math.Sin(2 * Math.PI * day)) + (6 * ((noise.NextDouble() * 2) - 1)), now));
            time.Advance(TimeSpan.FromMinutes(1));
            runtime.Engine.EvaluateAll();
        }

        ingested.RecordObservableInstruments();
        var recorded = errors.GetMeasurementSnapshot();
        var expected = outcomes.Select(o => 100 * Math.Abs(o.Forecast - o.Observed) / o.Observed).ToList();
        var sorted = recorded.Select(m => m.Value).Order().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.Not.Empty, "after two days of history the policy forecasts, and each grain is scored");
            Assert.That(outcomes.Select(o => o.GrainStart), Is.All.GreaterThanOrEqualTo(Start + TimeSpan.FromDays(2)));
            Assert.That(outcomes.Select(o => o.Metric), Is.All.EqualTo("RequestsPerSecond"));
            Assert.That(recorded.Select(m => m.Value), Is.EqualTo(expected).Within(1e-9), "one measurement per outcome: 100 × |forecast − observed| / observed");
            Assert.That(recorded.Select(m => m.Tags[ScaleSetsInstruments.ScaleSetTag]), Is.All.EqualTo("web"));
            Assert.That(sorted[sorted.Count / 2], Is.LessThan(15), "a daily cycle with little noise is forecast within 15 % most of the time");
            Assert.That(ingested.LastMeasurement?.Value, Is.EqualTo(Minutes), "every sample entered the rules' series");
        });
    }

    private static ServiceProvider Services(TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddScaleSets();
        return services.BuildServiceProvider();
    }

    private static (ScaleSetsRuntime Runtime, ScaleSetsTelemetry Telemetry) Resolve(ServiceProvider services) =>
        (services.GetRequiredService<ScaleSetsRuntime>(), services.GetRequiredService<ScaleSetsTelemetry>());

    private static AutoscaleSetting PredictiveSetting()
    {
        var setting = TestSettings.Cpu();
        setting.Predictive = new PredictiveScalingPolicy
        {
            Mode = PredictiveScalingMode.ForecastOnly,
            MetricName = "RequestsPerSecond",
            TargetPerInstance = 40,
            IsPerInstanceAverage = false,
            LeadTime = TimeSpan.FromMinutes(10),
            MinimumHistory = TimeSpan.FromDays(2),
        };
        return setting;
    }

    /// <summary>
    /// A compute provider whose first create throws a transient error and whose later creates take seven seconds of the
    /// fake clock before the simulated cloud creates; deletes report a transient and a permanent item failure.
    /// </summary>
    private sealed class SlowFlakyCompute(IComputeProvider? inner, FakeTimeProvider time) : IComputeProvider
    {
        private int _creates;

        private IComputeProvider Inner => inner ?? throw new InvalidOperationException("no inner provider");

        public async Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _creates) == 1)
            {
                throw new ProviderOperationException("quota exceeded, try again", OperationFailureKind.Transient);
            }

            await Task.Delay(TimeSpan.FromSeconds(7), time, cancellationToken);
            return await Inner.CreateInstancesAsync(requests, cancellationToken);
        }

        public Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken) =>
            Inner.ListInstancesAsync(scaleSetName, cancellationToken);

        public Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            Inner.StartInstancesAsync(scaleSetName, instanceIds, cancellationToken);

        public Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Inner.StopInstancesAsync(scaleSetName, instanceIds, cancellationToken);
        }

        public Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            Inner.RestartInstancesAsync(scaleSetName, instanceIds, cancellationToken);

        public Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken) =>
            Inner.ReimageInstancesAsync(scaleSetName, instanceIds, model, cancellationToken);

        public Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
            inner is null
                ? Task.FromResult(new BatchResult(
                [
                    InstanceOperationResult.Success(instanceIds[0]),
                    new InstanceOperationResult(instanceIds[1], OperationFailureKind.Transient, "busy"),
                    new InstanceOperationResult(instanceIds[2], OperationFailureKind.Permanent, "gone wrong"),
                ]))
                : Inner.DeleteInstancesAsync(scaleSetName, instanceIds, cancellationToken);
    }
}
