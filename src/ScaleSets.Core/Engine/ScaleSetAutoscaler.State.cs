using ScaleSets.State;

namespace ScaleSets.Engine;

/// <summary>The autoscaler's state: taken as an <see cref="AutoscalerSnapshot"/>, restored from one, saved to a store.</summary>
public sealed partial class ScaleSetAutoscaler
{
    private AutoscalerStateSaver? _stateSaver;

    /// <summary>
    /// Takes a snapshot of everything this autoscaler needs to decide as if it had never stopped: policy, rule histories,
    /// adaptive windows, forecaster, metric windows and instance bookkeeping. Costs a copy of the metric grains.
    /// </summary>
    /// <returns>The snapshot.</returns>
    public AutoscalerSnapshot CaptureState()
    {
        lock (_gate)
        {
            return CaptureStateCore();
        }
    }

    /// <summary>
    /// Replaces this autoscaler's state with a snapshot taken by <see cref="CaptureState"/> (in this process or an
    /// earlier one), so its next evaluation decides as the autoscaler that took it would have. Parts that no longer
    /// match the setting (a profile renamed, a rule of another kind, another forecast metric or grain, a series no
    /// trigger reads) start fresh; the metric sources' own bookkeeping (which source fed what) is not restored.
    /// </summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <exception cref="AutoscalerSnapshotVersionException">The snapshot has a version this library does not read.</exception>
    /// <exception cref="ArgumentException">The snapshot is of another scale set.</exception>
    public void RestoreState(AutoscalerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        AutoscalerSnapshot.ThrowIfUnsupported(snapshot, $"scale set '{Name}'");
        if (!string.Equals(snapshot.ScaleSet, Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The snapshot is of scale set '{snapshot.ScaleSet}', not '{Name}'.", nameof(snapshot));
        }

        lock (_gate)
        {
            RestoreStateCore(snapshot);
        }
    }

    /// <summary>
    /// Saves the current state to the store this set was added with (<see cref="AutoscaleEngine.AddScaleSetAsync"/>) and
    /// waits until it and every save before it are written; for a graceful shutdown.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once the state is written; it fails with the store's error.</returns>
    /// <exception cref="InvalidOperationException">The set was not added with a state store.</exception>
    public Task SaveStateAsync(CancellationToken cancellationToken = default)
    {
        var saver = _stateSaver ?? throw new InvalidOperationException($"Scale set '{Name}' was added without a state store.");
        return saver.SaveNowAsync(CaptureState(), cancellationToken);
    }

    /// <summary>
    /// Waits until the states already handed to the store this set was added with are written (each evaluation hands
    /// one over), without taking a new one: after <see cref="Evaluate"/>, its own state is stored once the task completes.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once they are written; it fails with the store's error when the last write failed.</returns>
    /// <exception cref="InvalidOperationException">The set was not added with a state store.</exception>
    public Task WhenStateSavedAsync(CancellationToken cancellationToken = default)
    {
        var saver = _stateSaver ?? throw new InvalidOperationException($"Scale set '{Name}' was added without a state store.");
        return saver.FlushAsync(cancellationToken);
    }

    /// <summary>Makes every later evaluation hand its state to <paramref name="saver"/>.</summary>
    internal void AttachStateSaver(AutoscalerStateSaver saver) => _stateSaver = saver;

    /// <summary>Gets the saver, when the set was added with a store.</summary>
    internal AutoscalerStateSaver? StateSaver => _stateSaver;

    /// <summary>
    /// Called after each evaluation, outside the lock: takes the snapshot on the evaluating thread (a copy under the set's
    /// lock) and leaves serializing and writing to the saver, off the evaluation path.
    /// </summary>
    private void OfferState()
    {
        if (_stateSaver is { } saver)
        {
            saver.Offer(CaptureState());
        }
    }

    private AutoscalerSnapshot CaptureStateCore()
    {
        var profiles = new ProfileStateSnapshot[_profiles.Length];
        for (var p = 0; p < _profiles.Length; p++)
        {
            var compiled = _profiles[p];
            var rules = new RuleStateSnapshot[compiled.Rules.Length];
            for (var r = 0; r < rules.Length; r++)
            {
                rules[r] = new RuleStateSnapshot
                {
                    Index = r,
                    Kind = compiled.Rules[r].Kind.ToString(),
                    History = compiled.TargetStates[r]?.Capture(),
                    Stabilizer = compiled.Stabilizers[r]?.Capture(),
                    Headroom = compiled.Headrooms[r]?.Capture(),
                };
            }

            profiles[p] = new ProfileStateSnapshot { Index = p, Name = compiled.Profile.Name, HpaHistory = compiled.HpaState.Capture(), Rules = rules };
        }

        var (series, warming, latestNow) = _store.Capture();
        return new AutoscalerSnapshot
        {
            ScaleSet = Name,
            SettingName = _setting.Name,
            TakenAt = _engine.Now,
            Capacity = _capacity,
            Sequence = _sequence,
            LastEvaluation = _lastEvaluation,
            LastProfile = _lastProfile,
            CooldownUntil = _state.CooldownUntil,
            ScaleEvents = _state.Events.Capture(),
            Profiles = profiles,
            Predictive = _predictive?.Capture(_nextPredictiveGrain),
            Metrics = new MetricStateSnapshot
            {
                Series = series,
                Warming = warming,
                LatestNowTicks = latestNow,
                LastSamples = _census?.CaptureLastSamples() ?? [],
                NotReady = _census?.CaptureNotReady() ?? [],
            },
        };
    }

    private void RestoreStateCore(AutoscalerSnapshot snapshot)
    {
        _capacity = Math.Max(0, snapshot.Capacity);
        _sequence = snapshot.Sequence;
        _lastEvaluation = snapshot.LastEvaluation;
        _state.CooldownUntil = snapshot.CooldownUntil;
        _state.Events.Restore(snapshot.ScaleEvents ?? []);
        _hasActive = false;
        _lastProfile = -1;
        foreach (var profile in snapshot.Profiles ?? [])
        {
            if (profile is null || (uint)profile.Index >= (uint)_profiles.Length || !string.Equals(profile.Name, _profiles[profile.Index].Profile.Name, StringComparison.Ordinal))
            {
                continue;
            }

            var compiled = _profiles[profile.Index];
            if (profile.Index == snapshot.LastProfile)
            {
                _lastProfile = snapshot.LastProfile;
            }

            compiled.HpaState.Restore(profile.HpaHistory ?? new());
            foreach (var rule in profile.Rules ?? [])
            {
                if (rule is null || (uint)rule.Index >= (uint)compiled.Rules.Length || !string.Equals(rule.Kind, compiled.Rules[rule.Index].Kind.ToString(), StringComparison.Ordinal))
                {
                    continue;
                }

                if (rule.History is { } history && compiled.TargetStates[rule.Index] is { } target)
                {
                    target.Restore(history);
                }

                if (rule.Stabilizer is { } stabilizer)
                {
                    _ = compiled.Stabilizers[rule.Index]?.Restore(stabilizer);
                }

                if (rule.Headroom is { } headroom)
                {
                    _ = compiled.Headrooms[rule.Index]?.Restore(headroom);
                }
            }
        }

        if (_predictive is not null && snapshot.Predictive is { } predictive
            && string.Equals(predictive.Metric, _predictive.MetricName, StringComparison.OrdinalIgnoreCase) && predictive.Grain == _predictive.Grain)
        {
            _ = _predictive.Restore(predictive);
            _nextPredictiveGrain = predictive.NextFeedGrain;
        }

        if (snapshot.Metrics is { } metrics)
        {
            _ = _store.Restore(metrics.Series ?? [], metrics.Warming ?? new Dictionary<string, DateTimeOffset>(), metrics.LatestNowTicks);
            _census?.Restore(metrics.LastSamples ?? new Dictionary<string, IReadOnlyDictionary<string, long>>(), metrics.NotReady ?? new Dictionary<string, DateTimeOffset>());
        }
    }
}
