namespace ScaleSets.Control;

/// <summary>What automatic repair does to an unhealthy instance.</summary>
public enum RepairAction
{
    /// <summary>Delete it and create a new one (Azure's default).</summary>
    Replace,

    /// <summary>Restart it.</summary>
    Restart,

    /// <summary>Reimage it from the current model.</summary>
    Reimage,
}
