namespace ScaleSets.Abstractions;

/// <summary>The power and provisioning state of an instance, as its provider reports it.</summary>
public enum InstanceState
{
    /// <summary>Being created or booting for the first time.</summary>
    Creating,

    /// <summary>Starting after a stop, restart or reimage.</summary>
    Starting,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Stopping or stopped.</summary>
    Stopped,

    /// <summary>Being deleted.</summary>
    Deleting,

    /// <summary>Provisioning failed; the instance will not become healthy without a repair.</summary>
    Failed,
}
