namespace ScaleSets.Orleans.Hosting;

/// <summary>
/// Gives a scale set's grain its backend when it activates. Registered in each silo's services; every silo must answer the
/// same for a set (the grain may activate on any of them).
/// </summary>
public interface IScaleSetBackendFactory
{
    /// <summary>Creates the backend of <paramref name="scaleSetName"/>.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <returns>The backend.</returns>
    ScaleSetBackend Create(string scaleSetName);
}
