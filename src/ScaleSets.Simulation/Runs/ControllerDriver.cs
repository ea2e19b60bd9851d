using ScaleSets.Control;
using ScaleSets.Simulation.Cloud;

namespace ScaleSets.Simulation.Runs;

/// <summary>
/// Runs a <see cref="ScaleSetController"/>'s reconcile passes on a virtual clock the way <see cref="ScaleSetController.RunAsync"/>
/// does in production: a pass, then the reconcile interval of waiting after it ends, then the next pass. The passes' awaits
/// (the simulated cloud's call latencies, retry delays) complete inline when the clock fires them, so the whole loop runs on
/// the thread that advances the clock, deterministically and without thread-pool turns.
/// </summary>
/// <remarks>
/// <para>
/// With <c>skipIdlePasses</c>, a pass is skipped when it can only repeat the last one, which was idle: that pass emitted no
/// event and changed nothing in the cloud, no event was emitted since (a new desired capacity emits one), nothing changed in
/// the cloud since (<see cref="SimulatedCloud.Changes"/>), no boot ended and no drain finished since
/// (<see cref="SimulatedCloud.NextClockTransition"/>), and no deadline of the controller's own passed. Those deadlines are
/// the controller's stored times plus its configured durations (repair grace period, drain timeout, zone retry interval,
/// pause between upgrade batches, terminate notification timeout); every time the controller stores is the start of a pass
/// or the moment of an event, so the driver arms a wake-up at each of those plus each duration; except at the start of a
/// pass that runs only because such a wake-up came after an idle pass (it sees the same inputs, and stores a time only by
/// acting, which emits an event or changes the cloud and is armed then), else each wake-up would arm the next one forever
/// and a set that never changes would still run a pass every few reconcile intervals. A pass given the same
/// observation, the same stored state and no crossed deadline decides the same nothing, so skipping it changes no outcome;
/// the test <c>Run_SkippingIdlePasses_SameRunAsEveryPass</c> checks it. The controller stays level-triggered: any change
/// makes the next pass run.
/// </para>
/// <para>
/// This holds for a controller whose inputs are the simulated cloud alone, as in a simulation: a health probe or a
/// lifecycle hook would look at things the driver cannot see, so the simulation uses neither.
/// </para>
/// </remarks>
internal sealed class ControllerDriver : IDisposable
{
    private readonly ScaleSetController _controller;
    private readonly SimulatedCloud _cloud;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly bool _skipIdlePasses;
    private readonly string _scaleSet;
    private readonly string _pool;
    private readonly TimeSpan[] _durations;
    private readonly PriorityQueue<DateTimeOffset, DateTimeOffset> _deadlines = new();
    private readonly List<string> _errors = [];
    private readonly Action<Task<ReconcileResult>> _onCompleted;
    private readonly IDisposable _events;
    private ITimer? _timer;
    private long _eventCount;
    private DateTimeOffset _lastArmed = DateTimeOffset.MinValue;
    private DateTimeOffset _passStart;
    private long _passStartEvents;
    private long _passStartChanges;
    private bool _idle;
    private bool _repeat;
    private long _idleEvents;
    private long _idleChanges;
    private DateTimeOffset _nextTransition;
    private bool _disposed;

    public ControllerDriver(ScaleSetController controller, ScaleSetControllerOptions options, SimulatedCloud cloud, bool skipIdlePasses)
    {
        _controller = controller;
        _cloud = cloud;
        _time = cloud.Time;
        _interval = options.ReconcileInterval;
        _skipIdlePasses = skipIdlePasses;
        _scaleSet = options.ScaleSetName;
        _pool = options.EffectivePool;
        _durations =
        [
            .. new[]
            {
                options.AutomaticRepairs.GracePeriod, options.DrainTimeout, options.ZoneRetryInterval,
                options.RollingUpgrade.PauseTimeBetweenBatches, options.ScaleIn.TerminateNotificationTimeout,
            }.Where(d => d > TimeSpan.Zero).Distinct(),
        ];
        _onCompleted = Completed;
        _events = controller.Events.Subscribe(e =>
        {
            _eventCount++;
            Arm(e.Time);
        });
    }

    /// <summary>Gets the passes run.</summary>
    public long Passes { get; private set; }

    /// <summary>Gets the passes skipped because they could only have repeated an idle one.</summary>
    public long SkippedPasses { get; private set; }

    /// <summary>Gets the messages of passes that threw (production's loop reports them as error events and goes on).</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Runs the first pass now and the next ones on the clock.</summary>
    public void Start() => _timer = _time.CreateTimer(static s => ((ControllerDriver)s!).Tick(), this, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
        _events.Dispose();
    }

    private void Arm(DateTimeOffset at)
    {
        if (!_skipIdlePasses || at == _lastArmed)
        {
            return;
        }

        _lastArmed = at;
        foreach (var d in _durations)
        {
            _deadlines.Enqueue(at + d, at + d);
        }
    }

    private bool CanSkip(DateTimeOffset now) =>
        IsRepeat(now) && (!_deadlines.TryPeek(out var deadline, out _) || now < deadline);

    private bool IsRepeat(DateTimeOffset now) =>
        _skipIdlePasses
        && _idle
        && _eventCount == _idleEvents
        && _cloud.Changes == _idleChanges
        && now < _nextTransition;

    private void Tick()
    {
        if (_disposed)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (CanSkip(now))
        {
            SkippedPasses++;
            _timer!.Change(_interval, Timeout.InfiniteTimeSpan);
            return;
        }

        Passes++;
        _passStart = now;
        _passStartEvents = _eventCount;
        _passStartChanges = _cloud.Changes;

        // A pass that runs only because a deadline came sees what the last, idle pass saw: it stores a time only when it acts
        // on the deadline, and acting emits an event or changes the cloud, which arms (Completed). Arming its start as well
        // would make every deadline start a chain of passes that wake each other forever.
        _repeat = IsRepeat(now);
        if (!_repeat)
        {
            Arm(now);
        }

        // This pass sees every deadline up to now; a deadline only matters to the first pass at or after it.
        while (_deadlines.TryPeek(out var deadline, out _) && deadline <= now)
        {
            _deadlines.Dequeue();
        }

        var pass = _controller.ReconcileOnceAsync(CancellationToken.None);
        if (pass.IsCompleted)
        {
            Completed(pass);
        }
        else
        {
            // The pass waits on the virtual clock (a create's latency); it ends inline when the clock gets there.
            pass.ContinueWith(_onCompleted, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Completed(Task<ReconcileResult> pass)
    {
        if (!pass.IsCompletedSuccessfully)
        {
            _errors.Add(pass.Exception?.GetBaseException().Message ?? "the reconcile pass was cancelled");
        }

        _idleEvents = _eventCount;
        _idleChanges = _cloud.Changes;
        _idle = pass.IsCompletedSuccessfully && _idleEvents == _passStartEvents && _idleChanges == _passStartChanges;
        if (_repeat && !_idle)
        {
            Arm(_passStart);
        }
        if (_idle)
        {
            // What the pass listed stays what the cloud reports until a boot or a drain ends on the clock.
            _nextTransition = _cloud.NextClockTransition(_scaleSet, _pool, _passStart);
        }

        if (!_disposed)
        {
            _timer!.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }
}
