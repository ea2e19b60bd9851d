using System.Globalization;
using ScaleSets.Model;
using ScaleSets.State;

namespace ScaleSets.Prediction;

/// <summary>
/// The engine-facing side of a <see cref="PredictiveScalingPolicy"/> for one scale set: receives the metric's value
/// once per completed grain (<see cref="Observe"/>), and at each evaluation (<see cref="Recommend"/>) forecasts the
/// lead window and turns the upper forecast into a capacity. Models are refitted and reselected every
/// <see cref="PredictiveScalingPolicy.RefitInterval"/> and updated online in between, so a call costs a forecast of a
/// few grains. A refit (tens of milliseconds) runs inside <see cref="Recommend"/>, or, when the scaler refits in the
/// background, is handed out by <see cref="TakeRefitRequest"/> to run anywhere (<see cref="Fit"/>, thread-safe) while
/// <see cref="Recommend"/> goes on with the last fitted model, and is swapped in by <see cref="Apply"/>, which catches
/// the new model up with the grains observed meanwhile. Not thread-safe otherwise: one caller at a time per scale set.
/// </summary>
internal sealed class PredictiveScaler
{
    private const int MaxForecastSteps = 10_000;
    private const int AccuracyWindow = 288;
    private static readonly TimeSpan DefaultMinimumHistory = TimeSpan.FromDays(2);

    private readonly PredictiveScalingMode _mode;
    private readonly double _target;
    private readonly bool _perInstance;
    private readonly double _quantile;
    private readonly TimeSpan _leadTime;
    private readonly TimeSpan? _minimumHistory;
    private readonly int _maximumGrains;
    private readonly bool _allowScaleIn;
    private readonly double _scaleInMargin;
    private readonly TimeSpan _refitInterval;
    private readonly bool _allowCombination;
    private readonly TimeProvider _clock;
    private readonly bool _refitInBackground;
    private readonly List<double> _history = [];
    private double[] _mean = new double[64];
    private double[] _upper = new double[64];
    private DateTimeOffset? _nextGrain;
    private ForecastFit? _fit;
    private IForecastModel? _model;
    private OnlineAccuracy? _accuracy;
    private DateTimeOffset _fittedAt;
    private string? _fitError;
    private bool _zeroIsOutage;
    private int _trackAhead;
    private long _appended;
    private int _resets;
    private bool _refitPending;
    private RefitRequest? _request;
    private RefitRequest? _applied;

    /// <summary>Initializes a new instance of the <see cref="PredictiveScaler"/> class.</summary>
    /// <param name="policy">The policy; its values are copied.</param>
    /// <param name="grain">The grain of the metric (one <see cref="Observe"/> per grain).</param>
    /// <param name="clock">Measures fit times only; <see langword="null"/> for the system clock.</param>
    /// <param name="refitInBackground">
    /// Whether a due refit is handed out through <see cref="TakeRefitRequest"/> instead of running inside <see cref="Recommend"/>.
    /// </param>
    /// <exception cref="ArgumentException">The policy is invalid; the message lists every problem.</exception>
    public PredictiveScaler(PredictiveScalingPolicy policy, TimeSpan grain, TimeProvider? clock = null, bool refitInBackground = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(grain, TimeSpan.Zero);
        var problems = PredictiveScalingPolicyValidator.Validate(policy);
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid predictive scaling policy: " + string.Join("; ", problems), nameof(policy));
        }

        Grain = grain;
        MetricName = policy.MetricName;
        _mode = policy.Mode;
        _target = policy.TargetPerInstance;
        _perInstance = policy.IsPerInstanceAverage;
        _quantile = policy.Quantile;
        _leadTime = policy.LeadTime;
        _minimumHistory = policy.MinimumHistory;
        _maximumGrains = (int)Math.Clamp(Math.Ceiling(policy.MaximumHistory / grain), 16, 1_000_000);
        _allowScaleIn = policy.AllowScaleIn;
        _scaleInMargin = policy.ScaleInMargin;
        _refitInterval = policy.RefitInterval;
        _allowCombination = policy.AllowCombination;
        _clock = clock ?? TimeProvider.System;
        _refitInBackground = refitInBackground;
        _trackAhead = Math.Max(1, (int)Math.Ceiling((_leadTime + TimeSpan.FromMinutes(1)) / grain));
    }

    /// <summary>Gets the grain of the metric.</summary>
    public TimeSpan Grain { get; }

    /// <summary>Gets the metric forecast.</summary>
    public string MetricName { get; }

    /// <summary>Gets how many grains of history are held.</summary>
    public int HistoryGrains => _history.Count;

    /// <summary>Gets how many observations were ignored because they were late or repeated a grain.</summary>
    public int IgnoredObservations { get; private set; }

    /// <summary>Gets how many fits have run.</summary>
    public int Fits { get; private set; }

    /// <summary>Records the value of one completed grain. Skipped grains become gaps; late or repeated grains are ignored.</summary>
    /// <param name="grainStart">The start of the grain.</param>
    /// <param name="value">Its value (NaN when there was no data).</param>
    /// <returns>
    /// The mean forecast made for this grain lead time ahead (what the online accuracy scores), or NaN when there was none
    /// or the value does not count (missing, an outage, late).
    /// </returns>
    public double Observe(DateTimeOffset grainStart, double value)
    {
        if (_nextGrain is { } next)
        {
            if (grainStart < next)
            {
                IgnoredObservations++;
                return double.NaN;
            }

            var skipped = (grainStart - next).Ticks / Grain.Ticks;
            if (skipped >= _maximumGrains)
            {
                // A gap longer than the whole history: nothing before it is worth keeping.
                Reset();
            }
            else
            {
                for (var i = 0; i < skipped; i++)
                {
                    _ = Append(double.NaN);
                }
            }
        }

        _nextGrain = (_nextGrain is null ? grainStart : _nextGrain.Value + (Grain * ((grainStart - _nextGrain.Value).Ticks / Grain.Ticks))) + Grain;
        return Append(value);
    }

    /// <summary>Returns the recommendation at <paramref name="now"/>.</summary>
    /// <param name="now">The evaluation time.</param>
    /// <param name="currentCapacity">The current capacity of the scale set.</param>
    /// <param name="evaluationInterval">How often the engine evaluates; the forecast covers lead time plus this.</param>
    public PredictiveRecommendation Recommend(DateTimeOffset now, int currentCapacity, TimeSpan evaluationInterval)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(currentCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(evaluationInterval, TimeSpan.Zero);
        var result = new PredictiveRecommendation
        {
            Mode = _mode,
            Quantile = _quantile,
            ModelMase = _fit?.SelectedScore.Mase ?? double.NaN,
            SeasonalNaiveMase = _fit?.SeasonalNaiveMase ?? double.NaN,
            RollingMase = _accuracy?.Mase ?? double.NaN,
            Model = _model?.Name,
            ForecastMean = double.NaN,
            ForecastUpper = double.NaN,
            Diagnostics = _fit?.Diagnostics ?? [],
            Reason = "",
        };
        if (_mode == PredictiveScalingMode.Disabled)
        {
            return result with { Status = PredictiveStatus.Disabled, Reason = "predictive scaling is disabled" };
        }

        var have = Grain * _history.Count;
        var needed = NeededHistory();
        if (have < needed || _nextGrain is null)
        {
            return Insufficient(result, have, needed);
        }

        var steps = (int)Math.Clamp(Math.Ceiling((now + _leadTime + evaluationInterval - _nextGrain.Value) / Grain), 1, MaxForecastSteps);
        _trackAhead = steps;
        if (_model is null || _fit is null || now - _fittedAt >= _refitInterval)
        {
            if (!_refitInBackground)
            {
                Apply(Fit(StartRefit(now, steps)));
                needed = NeededHistory();
                if (have < needed)
                {
                    return Insufficient(result, have, needed);
                }
            }
            else
            {
                if (!_refitPending)
                {
                    _request = StartRefit(now, steps);
                    _refitPending = true;
                }

                if ((_model is null || _fit is null) && _fitError is null)
                {
                    return result with { Status = PredictiveStatus.Fitting, Reason = "the first forecasting model is being fitted beside the evaluation; the reactive rules decide until it is ready" };
                }
            }
        }

        if (_fit is { SelectedScore.Forecasts: 0 })
        {
            _fitError = "the backtest window holds no observed values";
            _fit = null;
            _model = null;
            _accuracy = null;
        }

        if (_model is null || _fit is null)
        {
            return result with { Status = PredictiveStatus.FitFailed, Reason = "the forecasting models could not be fitted: " + _fitError };
        }

        result = result with
        {
            Model = _model.Name,
            ModelMase = _fit.SelectedScore.Mase,
            SeasonalNaiveMase = _fit.BaselineMase,
            Diagnostics = _fit.Diagnostics,
        };
        // Equal to seasonal naive is not worse (seasonal naive may be the selected model on a strictly repeating load).
        if (!(_fit.SelectedScore.Mase <= _fit.BaselineMase))
        {
            return result with
            {
                Status = PredictiveStatus.WorseThanSeasonalNaive,
                Reason = Invariant($"{_model.Name} backtests at MASE {_fit.SelectedScore.Mase:F3}, worse than seasonal naive at {_fit.BaselineMase:F3}; the reactive rules decide"),
            };
        }

        var (mean, upper) = ForecastWindow(steps);
        var demand = _perInstance ? upper * currentCapacity / _target : upper / _target;
        var floor = Capacity(demand);
        int? scaleIn = _allowScaleIn ? Capacity(demand * (1 + _scaleInMargin)) : null;
        var formula = _perInstance
            ? Invariant($"ceil({upper:G4} × {currentCapacity} / {_target:G4})")
            : Invariant($"ceil({upper:G4} / {_target:G4})");
        return result with
        {
            Status = PredictiveStatus.Active,
            ForecastFrom = _nextGrain.Value,
            ForecastUntil = _nextGrain.Value + (Grain * steps),
            ForecastMean = mean,
            ForecastUpper = upper,
            CapacityFloor = floor,
            ScaleInCapacity = scaleIn,
            Reason = Invariant($"{_model.Name} forecasts at most {mean:G4} (P{_quantile * 100:G3} {upper:G4}) until {_nextGrain.Value + (Grain * steps):yyyy-MM-ddTHH:mm:ssZ}; capacity {formula} = {floor}"),
        };
    }

    private static int Capacity(double demand) =>
        double.IsFinite(demand) && demand > 0 ? (int)Math.Min(int.MaxValue, Math.Ceiling(demand - 1e-9)) : 0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static PredictiveRecommendation Insufficient(PredictiveRecommendation result, TimeSpan have, TimeSpan needed) => result with
    {
        Status = PredictiveStatus.InsufficientHistory,
        MissingHistory = needed - have,
        Reason = Invariant($"{have.TotalHours:F1} h of history, {needed.TotalHours:F1} h needed; {(needed - have).TotalHours:F1} h more before forecasting"),
    };

    private TimeSpan NeededHistory()
    {
        if (_minimumHistory is { } minimum)
        {
            return minimum;
        }

        var longest = _fit is { Seasons.Count: > 0 } fit ? Grain * fit.Seasons[^1] : TimeSpan.Zero;
        var twoSeasons = longest * 2;
        return twoSeasons > DefaultMinimumHistory ? twoSeasons : DefaultMinimumHistory;
    }

    private (double Mean, double Upper) ForecastWindow(int steps)
    {
        if (_mean.Length < steps)
        {
            _mean = new double[Math.Max(steps, _mean.Length * 2)];
            _upper = new double[_mean.Length];
        }

        var mean = _mean.AsSpan(0, steps);
        var upper = _upper.AsSpan(0, steps);
        _model!.Forecast(mean);
        _fit!.Intervals.Upper(mean, _quantile, upper);
        double maxMean = double.NegativeInfinity;
        double maxUpper = double.NegativeInfinity;
        for (var h = 0; h < steps; h++)
        {
            maxMean = Math.Max(maxMean, mean[h]);
            maxUpper = Math.Max(maxUpper, upper[h]);
        }

        return (maxMean, maxUpper);
    }

    /// <summary>Returns the refit the last <see cref="Recommend"/> found due, once, when the scaler refits in the background.</summary>
    /// <returns>The request, or null when none is waiting.</returns>
    public RefitRequest? TakeRefitRequest()
    {
        var request = _request;
        _request = null;
        return request;
    }

    /// <summary>Fits the models to a request's history. Pure and thread-safe: it reads only the request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The fitted models, or why they could not be fitted.</returns>
    public static RefitOutcome Fit(RefitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var history = request.History;
        try
        {
            var fit = ForecastFitter.Fit(history, new ForecastFitOptions
            {
                Grain = request.Grain,
                Horizon = Math.Min(request.Horizon, Math.Max(1, history.Length / 8)),
                AllowCombination = request.AllowCombination,
                Clock = request.Clock,
            });
            var finite = SeriesStatistics.Finite(history);
            var accuracy = new OnlineAccuracy(AccuracyWindow, fit.Seasons.Count > 0 ? fit.Seasons[0] : 1, Math.Min(MaxForecastSteps, Math.Max(request.Horizon, 1) * 4));
            accuracy.Seed(history);
            return new RefitOutcome
            {
                Request = request,
                Fit = fit,
                Accuracy = accuracy,
                ZeroIsOutage = finite.Length > 0 && SeriesStatistics.FiniteMedian(finite) > 0 && finite.Count(v => v == 0) <= 0.05 * finite.Length,
            };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            return new RefitOutcome { Request = request, Error = e.Message };
        }
    }

    /// <summary>
    /// Swaps in a refit's models and brings them up to date with the grains observed since its history was copied. A refit
    /// of a history dropped since (a gap longer than the history) is not applied; the next <see cref="Recommend"/> asks again.
    /// </summary>
    /// <param name="outcome">The refit.</param>
    /// <returns>Whether it was applied.</returns>
    public bool Apply(RefitOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _refitPending = false;
        var request = outcome.Request;
        var missed = _appended - request.Appended;
        if (request.Resets != _resets || missed < 0 || missed > _history.Count)
        {
            return false;
        }

        if (outcome.Fit is not { } fit)
        {
            _fit = null;
            _model = null;
            _accuracy = null;
            _fitError = outcome.Error;
            return true;
        }

        _fit = fit;
        _applied = request;
        _model = fit.Selected;
        _fitError = null;
        _zeroIsOutage = outcome.ZeroIsOutage;
        _accuracy = outcome.Accuracy;
        for (var i = _history.Count - (int)missed; i < _history.Count; i++)
        {
            _ = Track(_history[i]);
        }

        return true;
    }

    /// <summary>Captures the history and what refits the model in use deterministically.</summary>
    /// <param name="nextFeedGrain">The engine's next grain to feed, stored alongside.</param>
    internal PredictiveStateSnapshot Capture(long nextFeedGrain) => new()
    {
        Metric = MetricName,
        Grain = Grain,
        NextFeedGrain = nextFeedGrain,
        History = ToNullable(_history),
        NextGrain = _nextGrain,
        Appended = _appended,
        Resets = _resets,

        // A refit handed out but not applied is asked again after a restore.
        FittedAt = _refitPending ? DateTimeOffset.MinValue : _fittedAt,
        Fits = Fits,
        IgnoredObservations = IgnoredObservations,
        TrackAhead = _trackAhead,
        FitError = _fitError,
        FitHistory = _model is not null && _applied is not null ? ToNullable(_applied.History) : null,
        FitAppended = _applied?.Appended ?? 0,
        FitHorizon = _applied?.Horizon ?? 0,
    };

    /// <summary>
    /// Restores a snapshot's history and refits the model the snapshot's fit chose from the same history (a fit is
    /// deterministic), then brings it up to date with the grains observed since, as <see cref="Apply"/> does.
    /// </summary>
    /// <returns>Whether the model was refitted as it was; false when the snapshot had a model and its refit failed now.</returns>
    internal bool Restore(PredictiveStateSnapshot snapshot)
    {
        _history.Clear();
        foreach (var value in snapshot.History ?? [])
        {
            _history.Add(value ?? double.NaN);
        }

        _nextGrain = snapshot.NextGrain;
        _appended = snapshot.Appended;
        _resets = snapshot.Resets;
        _fittedAt = snapshot.FittedAt;
        Fits = snapshot.Fits;
        IgnoredObservations = snapshot.IgnoredObservations;
        _trackAhead = Math.Max(1, snapshot.TrackAhead);
        _fitError = snapshot.FitError;
        _fit = null;
        _model = null;
        _accuracy = null;
        _applied = null;
        _request = null;
        _refitPending = false;
        if (snapshot.FitHistory is not { } fitHistory)
        {
            return true;
        }

        var request = new RefitRequest
        {
            History = [.. fitHistory.Select(static v => v ?? double.NaN)],
            Appended = snapshot.FitAppended,
            Resets = _resets,
            Horizon = snapshot.FitHorizon,
            Grain = Grain,
            AllowCombination = _allowCombination,
            Clock = _clock,
        };
        var outcome = Fit(request);
        if (outcome.Fit is null || !Apply(outcome))
        {
            // Asked again at the next recommendation.
            _fit = null;
            _model = null;
            _accuracy = null;
            _fittedAt = DateTimeOffset.MinValue;
            return false;
        }

        return true;
    }

    private static double?[] ToNullable(IReadOnlyList<double> values)
    {
        var result = new double?[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = double.IsFinite(values[i]) ? values[i] : null;
        }

        return result;
    }

    /// <summary>Starts a refit: counts it and copies what it needs.</summary>
    private RefitRequest StartRefit(DateTimeOffset now, int horizon)
    {
        Fits++;
        _fittedAt = now;
        return new RefitRequest
        {
            History = [.. _history],
            Appended = _appended,
            Resets = _resets,
            Horizon = horizon,
            Grain = Grain,
            AllowCombination = _allowCombination,
            Clock = _clock,
        };
    }

    /// <returns>The forecast scored against <paramref name="value"/>, or NaN.</returns>
    private double Append(double value)
    {
        if (!double.IsFinite(value))
        {
            value = double.NaN;
        }

        _history.Add(value);
        _appended++;
        if (_history.Count > _maximumGrains + (_maximumGrains / 4))
        {
            _history.RemoveRange(0, _history.Count - _maximumGrains);
        }

        return _model is null ? double.NaN : Track(value);
    }

    /// <summary>Feeds one grain's value to the model and the online accuracy.</summary>
    /// <returns>The forecast scored against <paramref name="value"/>, or NaN.</returns>
    private double Track(double value)
    {
        var input = _zeroIsOutage && value == 0 ? double.NaN : value;
        var scored = _accuracy?.Observe(input) ?? double.NaN;
        _model!.Update(input);
        if (_accuracy is not null)
        {
            var ahead = Math.Min(_trackAhead, _mean.Length);
            var buffer = _mean.AsSpan(0, ahead);
            _model!.Forecast(buffer);
            _accuracy.Forecast(ahead - 1, buffer[ahead - 1]);
        }

        return double.IsFinite(input) ? scored : double.NaN;
    }

    private void Reset()
    {
        _resets++;
        _history.Clear();
        _fit = null;
        _model = null;
        _accuracy = null;
    }
}
