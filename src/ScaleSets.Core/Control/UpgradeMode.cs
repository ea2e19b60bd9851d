namespace ScaleSets.Control;

/// <summary>When existing instances move to a new model.</summary>
public enum UpgradeMode
{
    /// <summary>New instances use the new model; existing ones are upgraded only when <see cref="ScaleSetController.StartRollingUpgrade"/> is called (Azure's default).</summary>
    Manual,

    /// <summary>A model change starts a rolling upgrade at once.</summary>
    Automatic,
}
