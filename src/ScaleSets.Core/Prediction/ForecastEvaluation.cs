namespace ScaleSets.Prediction;

/// <summary>
/// The outcome of <see cref="ForecastEvaluator.Evaluate"/>: the model selected on the training part and how it, every
/// other candidate and the baselines forecast the part after the training cut.
/// </summary>
public sealed class ForecastEvaluation
{
    internal ForecastEvaluation(ForecastFit selection, IReadOnlyList<ModelScore> scores, int trainingGrains, int evaluationGrains, int horizon, double scale)
    {
        Selection = selection;
        Scores = scores;
        TrainingGrains = trainingGrains;
        EvaluationGrains = evaluationGrains;
        Horizon = horizon;
        Scale = scale;
    }

    /// <summary>Gets the name of the selected model (a candidate or a combination).</summary>
    public string SelectedName => Selection.Selected.Name;

    /// <summary>Gets the seasons found in the training part, in grains, strongest first; empty when there is none.</summary>
    public IReadOnlyList<int> Seasons => Selection.Seasons;

    /// <summary>Gets what the cleaning and the selection noticed in the training part (gaps, outages, spikes, a level shift).</summary>
    public IReadOnlyList<ForecastDiagnostic> Diagnostics => Selection.Diagnostics;

    /// <summary>Gets the scores on the evaluation part: baselines, candidates and, when it is a combination, the selected model.</summary>
    public IReadOnlyList<ModelScore> Scores { get; }

    /// <summary>Gets how many leading grains were the training part.</summary>
    public int TrainingGrains { get; }

    /// <summary>Gets how many grains after the training cut were forecast and scored.</summary>
    public int EvaluationGrains { get; }

    /// <summary>Gets how many grains were forecast at each origin.</summary>
    public int Horizon { get; }

    /// <summary>Gets the MASE scale (in-sample seasonal naive MAE of the training part).</summary>
    public double Scale { get; }

    /// <summary>Gets the score of the selected model.</summary>
    public ModelScore SelectedScore => Scores.First(s => string.Equals(s.Name, SelectedName, StringComparison.Ordinal));

    /// <summary>Gets the selection made on the training part.</summary>
    internal ForecastFit Selection { get; }
}
