namespace ScaleSets.Series;

/// <summary>Why a sample whose metric name matched a series did not feed it; <see cref="None"/> when it matched.</summary>
internal enum SeriesMismatch
{
    /// <summary>The sample belongs to the series.</summary>
    None,

    /// <summary>The sample's source kind differs from the trigger's.</summary>
    Source,

    /// <summary>The sample names another resource than the trigger (or one of them names none).</summary>
    Resource,

    /// <summary>The sample names another metric namespace than the trigger.</summary>
    Namespace,

    /// <summary>The sample fails one of the trigger's dimension filters.</summary>
    Dimension,
}
