namespace ScaleSets.Control;

/// <summary>
/// The controller's one lock. Tracked instances and every part's state change only while it is held; events and warm-up
/// notices raised under it go to the <see cref="ControllerEventBuffer"/> and are delivered when the last scope ends, after
/// the lock is released. No user code and no other component's lock is entered while it is held.
/// </summary>
internal sealed class ControllerGate
{
    private readonly Lock _lock = new();
    private readonly ControllerEventBuffer _buffer;
    private readonly TimeProvider _time;
    private readonly string _scaleSetName;

    public ControllerGate(ControllerEventBuffer buffer, TimeProvider time, string scaleSetName)
    {
        _buffer = buffer;
        _time = time;
        _scaleSetName = scaleSetName;
    }

    /// <summary>Gets a value indicating whether the current thread holds the gate.</summary>
    public bool IsHeld => _lock.IsHeldByCurrentThread;

    /// <summary>Enters the gate; disposing the scope leaves it and then delivers what was raised.</summary>
    /// <returns>The scope.</returns>
    public Scope Enter()
    {
        _lock.Enter();
        return new Scope(this);
    }

    /// <summary>Raises an event, stamped now; only under the gate.</summary>
    public void Emit(ControllerEventKind kind, string? instanceId, string? cause, string message)
    {
        System.Diagnostics.Debug.Assert(IsHeld, "Events are raised under the gate.");
        _buffer.Add(new ControllerEvent(_time.GetUtcNow(), _scaleSetName, kind, instanceId, cause, message));
    }

    /// <summary>Publishes a pass's result after the gate is left.</summary>
    public void Publish(ReconcileResult result) => _buffer.Add(result);

    /// <summary>Tells the warm-up sink, after the gate is left, that an instance warms up.</summary>
    public void SetWarmingUp(string instanceId, DateTimeOffset until) => _buffer.SetWarmingUp(instanceId, until);

    /// <summary>Tells the warm-up sink, after the gate is left, that an instance is gone.</summary>
    public void ClearWarmingUp(string instanceId) => _buffer.ClearWarmingUp(instanceId);

    private void Exit()
    {
        _lock.Exit();
        if (!_lock.IsHeldByCurrentThread)
        {
            // The outermost scope ended: deliver with the gate released.
            _buffer.Flush();
        }
    }

    /// <summary>A held gate; dispose to leave it.</summary>
    public ref struct Scope
    {
        private ControllerGate? _gate;

        internal Scope(ControllerGate gate) => _gate = gate;

        /// <summary>Leaves the gate and delivers what was raised under it.</summary>
        public void Dispose()
        {
            var gate = _gate;
            _gate = null;
            gate?.Exit();
        }
    }
}
