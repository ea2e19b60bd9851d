using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using ScaleSets.Abstractions;
using ScaleSets.Configuration;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Hosting.Sources;
using ScaleSets.Notifications;
using ScaleSets.Telemetry;

namespace ScaleSets.Hosting;

/// <summary>
/// Runs the declared scale sets with the host: adds each to the engine, binds it to a new controller, runs the
/// controller's reconcile loop, starts the engine's periodic evaluation, and applies configuration changes to the
/// settings. Stopping cancels in-flight provider calls, waits for the loops, saves the autoscaler state of every set
/// added with a state store (what it ingested since its last evaluation included) and removes every scale set again.
/// </summary>
internal sealed class ScaleSetsHostedService(
    IServiceProvider services,
    ScaleSetRegistry registry,
    AutoscaleEngine engine,
    ScaleSetsRuntime runtime,
    ScaleSetsTelemetry telemetry,
    IOptionsFactory<ScaleSetOptions> optionsFactory,
    IOptionsFactory<AutoscaleEngineOptions> engineOptionsFactory,
    TimeProvider timeProvider,
    MetricSourceTypeRegistry sourceTypes,
    NotificationDispatcher notifications,
    IConfiguration? configuration = null) : IHostedService, IDisposable
{
    /// <summary>The cause id of what a configuration reload changes, carried by the controller's events.</summary>
    internal const string ConfigurationReloadCause = "config-reload";

    private readonly List<RunningScaleSet> _running = [];
    private readonly List<IDisposable> _subscriptions = [];
    private CancellationTokenSource _stopping = new();
    private readonly Lock _evaluationGate = new();
    private IDisposable? _evaluation;
    private AutoscaleEngineOptions? _lastSeenEngineOptions;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        _stopping = new CancellationTokenSource();
        _subscriptions.Add(telemetry.Attach());
        _subscriptions.Add(notifications.Events.Subscribe(LogNotification));
        try
        {
            foreach (var registration in registry.ScaleSets)
            {
                await StartScaleSetAsync(registration, cancellationToken).ConfigureAwait(false);
            }

            foreach (var registration in registry.ScaleSets)
            {
                if (registration.ConfigurationPath is { } path && configuration is not null)
                {
                    var section = configuration.GetSection(path);
                    var name = registration.Name;
                    _subscriptions.Add(ChangeToken.OnChange(section.GetReloadToken, () => ApplyChangedOptions(name)));
                }
            }

            if (registry.EngineConfigurationPath is { } enginePath && configuration is not null)
            {
                var section = configuration.GetSection(enginePath);
                _subscriptions.Add(ChangeToken.OnChange(section.GetReloadToken, ApplyChangedEngineOptions));
            }

            lock (_evaluationGate)
            {
                _evaluation = engine.Start();
            }
        }
        catch
        {
            await StopCoreAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => StopCoreAsync(cancellationToken);

    public void Dispose() => _stopping.Dispose();

    private async Task StartScaleSetAsync(ScaleSetRegistration registration, CancellationToken cancellationToken)
    {
        var name = registration.Name;
        var options = optionsFactory.Create(name);
        var setting = options.Setting!;
        // Decorated here, not in the controller: the user's adapters stay as they are, and every call is measured.
        var compute = new InstrumentedComputeProvider(registration.Compute!(services), name, telemetry);
        var loadBalancer = new InstrumentedLoadBalancer(registration.LoadBalancer!(services), name, telemetry);
        var sources = registration.MetricSources.Select(factory => factory(services)).ToList();
        var running = new RunningScaleSet(name);
        _running.Add(running);
        foreach (var configured in options.Sources)
        {
            var source = sourceTypes.Create(configured, services);
            if (source is IDisposable disposable)
            {
                running.OwnedSources.Add(disposable);
            }

            sources.Add(source);
        }

        var capacity = options.InitialCapacity
            ?? (await compute.ListInstancesAsync(options.Controller.ScaleSetName, cancellationToken).ConfigureAwait(false))
                .Count(i => i.State != InstanceState.Deleting);

        foreach (var warning in options.ReadWarnings)
        {
            ScaleSetsLog.SettingWarning(telemetry.Logger, name, warning.Path, warning.Message);
        }

        var stateStore = registration.AutoscalerStateStore?.Invoke(services)
            ?? (options.AutoscalerStateDirectory is { } stateDirectory ? new FileAutoscalerStateStore(stateDirectory, timeProvider) : null);
        var autoscaler = stateStore is not null
            ? await engine.AddScaleSetAsync(name, setting, capacity, stateStore, sources, cancellationToken).ConfigureAwait(false)
            : engine.AddScaleSet(name, setting, capacity, sources);
        WarnOfUnsentEmail(name, setting);
        running.SavedAutoscaler = stateStore is not null ? autoscaler : null;
        running.Notifications = notifications.Attach(autoscaler);
        running.Controller = new ScaleSetController(
            options.Controller,
            options.Model!,
            compute,
            loadBalancer,
            timeProvider,
            registration.HealthProbe?.Invoke(services),
            autoscaler,
            registration.LifecycleHook?.Invoke(services),
            registration.StateStore?.Invoke(services));
        running.Events = runtime.Attach(name, running.Controller);
        running.Binding = AutoscaleBinding.Bind(autoscaler, running.Controller);
        ScaleSetsLog.ScaleSetStarted(telemetry.Logger, name, capacity, setting.Name);
        running.Loop = running.Controller.RunAsync(_stopping.Token);
    }

    /// <summary>E-mail recipients need a sink: say so once at start rather than drop them without a word.</summary>
    private void WarnOfUnsentEmail(string name, Model.AutoscaleSetting setting)
    {
        if (services.GetService(typeof(IEnumerable<INotificationSink>)) is IEnumerable<INotificationSink> sinks && sinks.Any())
        {
            return;
        }

        for (var i = 0; i < setting.Notifications.Count; i++)
        {
            if (setting.Notifications[i]?.Email is { } email
                && (email.SendToSubscriptionAdministrator || email.SendToSubscriptionCoAdministrators || email.CustomEmails is { Count: > 0 }))
            {
                ScaleSetsLog.NoEmailSink(telemetry.Logger, name, i);
            }
        }
    }

    private void LogNotification(NotificationEvent notificationEvent)
    {
        var logger = telemetry.Logger;
        var notification = notificationEvent.Notification;
        switch (notificationEvent.Kind)
        {
            case NotificationEventKind.Delivered when notification is not null:
                ScaleSetsLog.NotificationDelivered(logger, notification.ScaleSet, notification.OldCapacity, notification.NewCapacity, notificationEvent.Target, notificationEvent.Attempt);
                break;
            case NotificationEventKind.Retrying when notification is not null:
                ScaleSetsLog.NotificationRetrying(logger, notificationEvent.Exception, notification.ScaleSet, notificationEvent.Target, notificationEvent);
                break;
            case NotificationEventKind.Failed when notification is not null:
                ScaleSetsLog.NotificationFailed(logger, notificationEvent.Exception, notification.ScaleSet, notification.OldCapacity, notification.NewCapacity, notificationEvent.Target, notificationEvent);
                break;
            case NotificationEventKind.Dropped:
                ScaleSetsLog.NotificationDropped(logger, notificationEvent);
                break;
        }
    }

    private void ApplyChangedOptions(string name)
    {
        ScaleSetOptions options;
        try
        {
            options = optionsFactory.Create(name);
            runtime.UpdateSetting(name, options.Setting!);
            ApplyChangedModel(name, options.Model!);
        }
        catch (OptionsValidationException ex)
        {
            telemetry.SettingRejected(name, ex.Failures);
        }
        catch (AutoscaleSettingException ex)
        {
            telemetry.SettingRejected(name, ex.Problems.Where(p => p.Severity == SettingProblemSeverity.Error).Select(p => p.ToString()));
        }
#pragma warning disable CA1031 // A broken configuration reload must not take down the host; the running setting stays.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            telemetry.SettingRejected(name, [ex.Message]);
        }
    }

    /// <summary>
    /// A model with a new version goes to the controller, which creates new instances from it and moves the others by
    /// rolling upgrade as its upgrade mode says. The same version is left alone: only a new version marks a new model.
    /// </summary>
    private void ApplyChangedModel(string name, ScaleSets.Abstractions.ScaleSetModel model)
    {
        if (runtime.TryGetController(name, out var controller) && !string.Equals(model.Version, controller.Model.Version, StringComparison.Ordinal))
        {
            controller.UpdateModel(model, ConfigurationReloadCause);
        }
    }

    /// <summary>
    /// Applies a changed <see cref="AutoscaleEngineOptions.EvaluationInterval"/> by restarting the periodic evaluation on the
    /// new interval; the other engine options size and compile each metric series when it is built, so their changes wait for a restart.
    /// </summary>
    private void ApplyChangedEngineOptions()
    {
        AutoscaleEngineOptions changed;
        try
        {
            changed = engineOptionsFactory.Create(Options.DefaultName);
        }
        catch (OptionsValidationException ex)
        {
            telemetry.EngineOptionsRejected(ex.Failures);
            return;
        }

        // A reload can be announced more than once (the provider and the root both raise it); warn once per change.
        foreach (var option in EngineConfiguration.StartOnlyChanges(_lastSeenEngineOptions ?? engine.Options, changed))
        {
            ScaleSetsLog.EngineOptionNeedsRestart(telemetry.Logger, option);
        }

        _lastSeenEngineOptions = changed;

        var running = engine.Options.EvaluationInterval;
        if (changed.EvaluationInterval == running)
        {
            return;
        }

        lock (_evaluationGate)
        {
            if (_evaluation is null)
            {
                return;
            }

            _evaluation.Dispose();
            engine.Options.EvaluationInterval = changed.EvaluationInterval;
            _evaluation = engine.Start();
        }

        ScaleSetsLog.EvaluationIntervalChanged(telemetry.Logger, running, changed.EvaluationInterval);
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        lock (_evaluationGate)
        {
            _evaluation?.Dispose();
            _evaluation = null;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        var loops = _running.Where(r => r.Loop is not null).Select(r => r.Loop!).ToArray();
        try
        {
            await Task.WhenAll(loops).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host gave up waiting; the loops were told to stop and end on their own.
        }

        // The evaluation has stopped: this is the state the next start resumes from.
        foreach (var running in _running)
        {
            await SaveStateAsync(running, cancellationToken).ConfigureAwait(false);
        }

        foreach (var running in _running)
        {
            running.Notifications?.Dispose();
            running.Binding?.Dispose();
            engine.RemoveScaleSet(running.Name);
            runtime.Detach(running.Name);
            running.Events?.Dispose();
            running.Controller?.Dispose();
            foreach (var source in running.OwnedSources)
            {
                source.Dispose();
            }

            ScaleSetsLog.ScaleSetStopped(telemetry.Logger, running.Name);
        }

        _running.Clear();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _subscriptions.Clear();
    }

    /// <summary>Saves a set's autoscaler state on stop; a failure is logged, and stopping goes on.</summary>
    private async Task SaveStateAsync(RunningScaleSet running, CancellationToken cancellationToken)
    {
        if (running.SavedAutoscaler is not { } autoscaler)
        {
            return;
        }

        try
        {
            await autoscaler.SaveStateAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One set's store failing must not keep the others from saving or the host from stopping.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ScaleSetsLog.StateSaveOnStopFailed(telemetry.Logger, running.Name, e.Message);
        }
    }

    private sealed class RunningScaleSet(string name)
    {
        public string Name { get; } = name;

        public ScaleSetController? Controller { get; set; }

        public IDisposable? Events { get; set; }

        public IDisposable? Binding { get; set; }

        public IDisposable? Notifications { get; set; }

        public Task? Loop { get; set; }

        /// <summary>Gets or sets the autoscaler, when it was added with a state store (saved on stop).</summary>
        public ScaleSetAutoscaler? SavedAutoscaler { get; set; }

        /// <summary>Gets the sources created from configuration, disposed when the scale set stops.</summary>
        public List<IDisposable> OwnedSources { get; } = [];
    }
}
