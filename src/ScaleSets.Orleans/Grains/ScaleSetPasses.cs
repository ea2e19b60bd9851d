using Microsoft.Extensions.Logging;

namespace ScaleSets.Orleans.Grains;

/// <summary>
/// The evaluation and reconcile passes of one activation, in the order safety needs: the autoscaler's snapshot is stored
/// before any pass acts on its decision, and the creates a previous activation sent without hearing back are sent again
/// before the controller plans. Runs on the grain's context; the grain's timers and <see cref="IScaleSetGrain.RunPassAsync"/> call it.
/// </summary>
/// <param name="name">The scale set.</param>
/// <param name="state">The grain's state (the pending creates).</param>
/// <param name="store">The row's writer: conditional writes, fenced once one is refused.</param>
/// <param name="logger">The grain's logger.</param>
internal sealed partial class ScaleSetPasses(string name, IPersistentState<ScaleSetGrainState> state, GrainControllerStateStore store, ILogger logger)
{
    private bool _autoscalerUnsaved;

    /// <summary>
    /// Evaluates, then waits until the autoscaler's own save of that evaluation (its snapshot, with the decision in the
    /// trail) is stored: a scale-out is never sent without its cooldown stored, so the next activation cannot act inside it.
    /// </summary>
    public async Task EvaluateAsync(ScaleSetRuntime runtime)
    {
        if (store.IsFenced)
        {
            return;
        }

        runtime.Evaluate();
        await AutoscalerStateStoredAsync(runtime.WhenAutoscalerStateSavedAsync).ConfigureAwait(true);
    }

    /// <summary>Reconciles once, unless the autoscaler's last snapshot is not stored (saved again first) or pending creates did not go out.</summary>
    public async Task ReconcileAsync(ScaleSetRuntime runtime, CancellationToken cancellationToken)
    {
        if (!store.IsFenced
            && (!_autoscalerUnsaved || await AutoscalerStateStoredAsync(runtime.SaveAutoscalerStateAsync).ConfigureAwait(true))
            && await FinishPendingCreatesAsync(runtime).ConfigureAwait(true))
        {
            await runtime.ReconcileAsync(cancellationToken).ConfigureAwait(true);
        }
    }

    /// <summary>Waits for <paramref name="save"/>; returns false (and the passes wait) while the snapshot is not stored.</summary>
    private async Task<bool> AutoscalerStateStoredAsync(Func<Task> save)
    {
        try
        {
            await save().ConfigureAwait(true);
            _autoscalerUnsaved = false;
            return true;
        }
#pragma warning disable CA1031 // A refused write fenced the activation; any other failure leaves the passes waiting until a save succeeds.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _autoscalerUnsaved = true;
            if (!store.IsFenced)
            {
                LogAutoscalerSaveFailed(logger, name, ex.Message);
            }

            return false;
        }
    }

    /// <summary>
    /// Sends again, under their names and client tokens, the creates a previous activation (or a failed pass) sent without
    /// hearing back, before the controller plans: it would otherwise create the same instances again under new names.
    /// Returns false when the pass must wait (the provider did not answer; sent again next pass).
    /// </summary>
    private async Task<bool> FinishPendingCreatesAsync(ScaleSetRuntime runtime)
    {
        if (state.State.PendingCreates.Count == 0)
        {
            return true;
        }

        // Own the row first (a conditional write), so an activation already replaced sends nothing.
        await store.WriteAsync().ConfigureAwait(true);
        var pending = state.State.PendingCreates.Select(p => p.ToRequest()).ToList();
        try
        {
            await runtime.Compute.CreateInstancesAsync(pending, CancellationToken.None).ConfigureAwait(true);
        }
#pragma warning disable CA1031 // Any failure of the provider leaves the creates pending, retried next pass.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPendingCreatesFailed(logger, name, pending.Count, ex.Message);
            return false;
        }

        LogPendingCreatesFinished(logger, name, pending.Count);
        await store.ClearCreatesAsync([.. pending.Select(p => p.InstanceName)]).ConfigureAwait(true);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scale set '{ScaleSet}': sent again the {Count} creates a previous activation sent without hearing back (same names and client tokens).")]
    private static partial void LogPendingCreatesFinished(ILogger logger, string scaleSet, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scale set '{ScaleSet}': sending again {Count} pending creates failed ({Reason}); the pass waits and they are sent again next pass.")]
    private static partial void LogPendingCreatesFailed(ILogger logger, string scaleSet, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scale set '{ScaleSet}': storing the autoscaler's state failed ({Reason}); no pass acts until it is stored.")]
    private static partial void LogAutoscalerSaveFailed(ILogger logger, string scaleSet, string reason);
}
