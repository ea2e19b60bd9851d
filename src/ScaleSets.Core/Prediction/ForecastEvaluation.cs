namespace ScaleSets.Prediction;

/// <summary>The outcome of <see cref="ForecastEvaluator.Evaluate"/>: each model's scores on the part after the training cut.</summary>
internal sealed class ForecastEvaluation
{
    /// <summary>Gets the selection made on the training part.</summary>
    public required ForecastFit Selection { get; init; }

    /// <summary>Gets the name of the selected model (a candidate or a combination).</summary>
    public required string SelectedName { get; init; }

    /// <summary>Gets the scores on the evaluation part: baselines, candidates and, when it is a combination, the selected model.</summary>
    public required IReadOnlyList<ModelScore> Scores { get; init; }

    public required int TrainingGrains { get; init; }

    public required int EvaluationGrains { get; init; }

    public required int Horizon { get; init; }

    /// <summary>Gets the MASE scale (in-sample seasonal naive MAE of the training part).</summary>
    public required double Scale { get; init; }

    /// <summary>Gets the score of the selected model.</summary>
    public ModelScore SelectedScore => Scores.First(s => string.Equals(s.Name, SelectedName, StringComparison.Ordinal));
}
