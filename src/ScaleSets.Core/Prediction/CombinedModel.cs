namespace ScaleSets.Prediction;

/// <summary>The mean of the forecasts of two or three models (a forecast combination).</summary>
internal sealed class CombinedModel : IForecastModel
{
    private readonly IForecastModel[] _members;
    private readonly double[] _buffer;

    public CombinedModel(IReadOnlyList<IForecastModel> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2)
        {
            throw new ArgumentException("a combination needs at least two models", nameof(members));
        }

        _members = [.. members];
        _buffer = new double[64];
    }

    public IReadOnlyList<IForecastModel> Members => _members;

    public string Name => "Mean[" + string.Join(" + ", _members.Select(m => m.Name)) + "]";

    public int MinimumHistory => _members.Max(m => m.MinimumHistory);

    public bool IsFitted => Array.TrueForAll(_members, m => m.IsFitted);

    public IForecastModel CreateUnfitted() => new CombinedModel([.. _members.Select(m => m.CreateUnfitted())]);

    public void Fit(ReadOnlySpan<double> history)
    {
        foreach (var member in _members)
        {
            member.Fit(history);
        }
    }

    public void Update(double value)
    {
        foreach (var member in _members)
        {
            member.Update(value);
        }
    }

    public void Forecast(Span<double> mean)
    {
        var buffer = mean.Length <= _buffer.Length ? _buffer.AsSpan(0, mean.Length) : new double[mean.Length];
        mean.Clear();
        foreach (var member in _members)
        {
            member.Forecast(buffer);
            for (var h = 0; h < mean.Length; h++)
            {
                mean[h] += buffer[h];
            }
        }

        for (var h = 0; h < mean.Length; h++)
        {
            mean[h] /= _members.Length;
        }
    }
}
