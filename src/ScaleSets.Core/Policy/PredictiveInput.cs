namespace ScaleSets.Policy;

/// <summary>What the predictive policy asks of one evaluation.</summary>
/// <param name="Binding">Whether the forecast acts (mode Enabled and the model is trusted); otherwise it is ignored here.</param>
/// <param name="Floor">The capacity the forecast needs: a floor under the reactive decision.</param>
/// <param name="ScaleInTo">The capacity predictive scale-in would go to (with its margin), or -1 when scale-in is not allowed.</param>
internal readonly record struct PredictiveInput(bool Binding, int Floor, int ScaleInTo)
{
    public static PredictiveInput None => new(false, 0, -1);
}
